import {describe, expect, it} from 'vitest';
import {interpretKey, type Selection} from '../../source/state/interpret-key.js';
import {noKey as none, type KeyPress} from '../../source/state/keymap.js';
import {reduce} from '../../source/state/reduce.js';
import {initialUiState, type UiState} from '../../source/state/ui-state.js';
import {pressKeys} from './press-keys.js';

const selection: Selection = {node: 'networking-worker2', pod: 'default/hello'};
const start = reduce(initialUiState(), {type: 'counts', counts: {nodes: 4, pods: 7}});

function press(state: UiState, ...keys: Array<string | Partial<KeyPress>>): {state: UiState; effects: unknown[]} {
	return pressKeys(state, selection, ...keys);
}

describe('interpretKey', () => {
	it('Enter on a node inspects it (state and effect)', () => {
		const {state, effects} = press(start, {return: true});
		expect(state.inspectedNode).toBe('networking-worker2');
		expect(effects).toEqual([{type: 'inspect', node: 'networking-worker2'}]);
	});

	it('Enter on a pod pins its path, again unpins it; Esc also unpins', () => {
		const pinned = press(start, {tab: true}, {return: true}).state;
		expect(pinned.focus).toBe('pods');
		expect(pinned.pathPod).toBe('default/hello');
		expect(press(pinned, {return: true}).state.pathPod).toBeNull();
		expect(press(pinned, {escape: true}).state.pathPod).toBeNull();
	});

	it('j/k, arrows, g/G and ctrl-f move the focused pane', () => {
		const moved = press(start, {tab: true}, 'j', 'j', {downArrow: true}, 'k').state;
		expect(moved.windows.pods.selected).toBe(2);
		expect(press(moved, 'G').state.windows.pods.selected).toBe(6);
		expect(press(moved, 'G', 'g').state.windows.pods.selected).toBe(0);
		const ctrlF = interpretKey(moved, 'f', {...none, ctrl: true}, selection);
		expect(ctrlF.actions).toEqual([{type: 'page', direction: 1}]);
		expect(interpretKey(moved, 'b', {...none, ctrl: true}, selection).actions).toEqual([{type: 'page', direction: -1}]);
	});

	it('types a filter after /, edits it with backspace, and Esc drops it', () => {
		let {state} = press(start, '/', 'w', 'o', 'r', 'k', {backspace: true});
		expect(state.mode).toBe('filter');
		expect(state.filters.nodes).toBe('wor');
		// Keys that act in normal mode are text while filtering.
		state = press(state, 'q', 'a').state;
		expect(state.filters.nodes).toBe('worqa');
		expect(state.quitting).toBe(false);
		state = press(state, {escape: true}).state;
		expect(state).toMatchObject({mode: 'normal', filters: {nodes: ''}});
	});

	it('Enter keeps the filter, then Esc in normal mode clears it', () => {
		const kept = press(start, '/', '2', {return: true}).state;
		expect(kept).toMatchObject({mode: 'normal', filters: {nodes: '2'}});
		expect(press(kept, {escape: true}).state.filters.nodes).toBe('');
	});

	it('a bad regex is a message, not a crash', () => {
		const {state} = press(start, '/', '[');
		expect(state.message).toMatchObject({tone: 'error'});
		expect(state.message?.text).toContain('/[/');
	});

	it('r refreshes only once a node is inspected; p toggles pause as state and effect', () => {
		expect(press(start, 'r').effects).toEqual([]);
		expect(press(start, 'r').state.message?.text).toContain('Enter on a node');
		expect(press(start, {return: true}, 'r').effects).toContainEqual({type: 'refresh'});
		const paused = press(start, 'p');
		expect(paused.state.paused).toBe(true);
		expect(paused.effects).toEqual([{type: 'set-paused', paused: true}]);
		expect(press(paused.state, 'p').effects).toEqual([{type: 'set-paused', paused: false}]);
	});

	it('? opens help; Esc or ? closes it; other keys do nothing there', () => {
		const help = press(start, '?').state;
		expect(help.mode).toBe('help');
		expect(press(help, 'j').state).toEqual(help);
		expect(press(help, {escape: true}).state.mode).toBe('normal');
		expect(press(help, '?').state.mode).toBe('normal');
	});

	it('q and Ctrl-C quit from any mode, once', () => {
		expect(press(start, 'q').effects).toEqual([{type: 'quit'}]);
		const ctrlC = interpretKey(start, 'c', {...none, ctrl: true}, selection);
		expect(ctrlC.effects).toEqual([{type: 'quit'}]);
		const filtering = press(start, '/').state;
		expect(interpretKey(filtering, 'c', {...none, ctrl: true}, selection).effects).toEqual([{type: 'quit'}]);
		expect(press(start, 'q', 'q').effects).toEqual([{type: 'quit'}]);
	});

	it('a toggles all namespaces', () => {
		expect(press(start, 'a').state.allNamespaces).toBe(true);
	});
});
