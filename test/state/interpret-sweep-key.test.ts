import {describe, expect, it} from 'vitest';
import {interpretKey} from '../../source/state/interpret-key.js';
import type {SweepSelection} from '../../source/state/interpret-sweep-key.js';
import {noKey as none, type KeyPress} from '../../source/state/keymap.js';
import {reduce} from '../../source/state/reduce.js';
import {problemRows} from '../../source/state/sweep-ui.js';
import {initialUiState, type UiState} from '../../source/state/ui-state.js';
import {pressKeys} from './press-keys.js';

const idle: SweepSelection = {running: false, ran: false, nodes: 4, problem: null};
const start = reduce(initialUiState(), {type: 'counts', counts: {nodes: 4, pods: 7}});

function press(state: UiState, sweep: SweepSelection, ...keys: Array<string | Partial<KeyPress>>): {state: UiState; effects: unknown[]} {
	return pressKeys(state, {node: 'networking-control-plane', pod: null, sweep}, ...keys);
}

describe('the sweep keys', () => {
	it('S starts a sweep of a small cluster at once, and S again while it runs cancels it', () => {
		expect(press(start, idle, 'S').effects).toEqual([{type: 'sweep-start'}]);
		expect(press(start, {...idle, running: true, ran: true}, 'S').effects).toEqual([{type: 'sweep-cancel'}]);
	});

	it('S does nothing without a sweep source, and says so when there are no nodes yet', () => {
		const outcome = interpretKey(start, 'S', none, {node: null, pod: null});
		expect(outcome).toEqual({actions: [], effects: []});
		const empty = press(start, {...idle, nodes: 0}, 'S');
		expect(empty.effects).toEqual([]);
		expect(empty.state.message?.text).toMatch(/no nodes/);
	});

	it('above 50 nodes S asks first: y starts, any other key drops the question', () => {
		const big = {...idle, nodes: 51};
		const asked = press(start, big, 'S');
		expect(asked.effects).toEqual([]);
		expect(asked.state.sweep.confirming).toBe(true);
		expect(asked.state.message?.text).toContain('sweep 51 nodes?');
		const yes = press(asked.state, big, 'y');
		expect(yes.effects).toEqual([{type: 'sweep-start'}]);
		expect(yes.state.sweep.confirming).toBe(false);
		const no = press(asked.state, big, 'j');
		expect(no.effects).toEqual([]);
		expect(no.state.sweep.confirming).toBe(false);
		expect(no.state.message).toBeNull();
		expect(no.state.windows.nodes.selected).toBe(0);
		expect(press(start, {...idle, nodes: 50}, 'S').effects).toEqual([{type: 'sweep-start'}]);
	});

	it('P opens the Problems view only after a sweep; there j/k move its rows, not the panes', () => {
		expect(press(start, idle, 'P').state.sweep.problemsOpen).toBe(false);
		const ran = {...idle, ran: true};
		const open = press(start, ran, 'P').state;
		expect(open.sweep.problemsOpen).toBe(true);
		const counted = reduce(open, {type: 'problems-count', count: 3});
		const moved = press(counted, ran, 'j', 'j', 'j', {tab: true}, '/').state;
		expect(moved.sweep.window.selected).toBe(2);
		expect(moved.windows.nodes.selected).toBe(0);
		expect(moved.focus).toBe('nodes');
		expect(moved.mode).toBe('normal');
		expect(press(moved, ran, 'g').state.sweep.window.selected).toBe(0);
		expect(press(moved, ran, {escape: true}).state.sweep.problemsOpen).toBe(false);
		expect(press(moved, ran, 'P').state.sweep.problemsOpen).toBe(false);
	});

	it('Esc in the Problems view cancels a running sweep and keeps the view', () => {
		const running = {...idle, running: true, ran: true};
		const open = press(start, running, 'P').state;
		const {state, effects} = press(open, running, {escape: true});
		expect(effects).toEqual([{type: 'sweep-cancel'}]);
		expect(state.sweep.problemsOpen).toBe(true);
	});

	it("Enter on a problem selects its node (clearing a nodes filter), inspects it and pins the route", () => {
		const problem = {node: 'networking-worker2', route: '0.0.0.0/0', nodeIndex: 2, nodeCount: 4};
		const sweep = {...idle, ran: true, problem};
		let state = press(start, sweep, '/', 'c', 'o', 'n', {return: true}).state;
		state = reduce(state, {type: 'counts', counts: {nodes: 1}});
		state = press(state, sweep, {tab: true}, 'P').state;
		expect(state.filters.nodes).toBe('con');
		const {state: after, effects} = press(state, sweep, {return: true});
		expect(effects).toEqual([{type: 'inspect', node: 'networking-worker2'}]);
		expect(after.sweep.problemsOpen).toBe(false);
		expect(after.focus).toBe('nodes');
		expect(after.filters.nodes).toBe('');
		expect(after.windows.nodes.selected).toBe(2);
		expect(after.inspectedNode).toBe('networking-worker2');
		expect(after.sweep.pinned).toEqual({node: 'networking-worker2', route: '0.0.0.0/0'});
		expect(press(after, sweep, {escape: true}).state.sweep.pinned).toBeNull();
		const nodeWide = press(state, {...sweep, problem: {...problem, route: null}}, {return: true}).state;
		expect(nodeWide.sweep.pinned).toBeNull();
	});
});

describe('the Problems view window', () => {
	it('is as tall as the screen less the header, the status line and its title and headers', () => {
		expect(problemRows({columns: 120, rows: 40})).toBe(35);
		const state = reduce(initialUiState({size: {columns: 120, rows: 24}}), {type: 'problems-count', count: 100});
		const bottom = reduce(state, {type: 'problems-move-to', where: 'last'});
		expect(bottom.sweep.window).toEqual({selected: 99, visibleFromIndex: 81, visibleToIndex: 100, count: 100});
		expect(reduce(bottom, {type: 'problems-count', count: 5}).sweep.window.selected).toBe(4);
	});
});
