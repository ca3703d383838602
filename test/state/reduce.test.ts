import {describe, expect, it} from 'vitest';
import type {Action} from '../../source/state/actions.js';
import {paneRows} from '../../source/state/layout.js';
import {reduce} from '../../source/state/reduce.js';
import {initialUiState, type UiState} from '../../source/state/ui-state.js';

function run(state: UiState, ...actions: Action[]): UiState {
	return actions.reduce(reduce, state);
}

const withRows = run(initialUiState({size: {columns: 100, rows: 30}}), {type: 'counts', counts: {nodes: 4, pods: 40, routes: 8, interfaces: 5}});

describe('reduce', () => {
	it('does not mutate the state it is given', () => {
		const before = structuredClone(withRows);
		run(withRows, {type: 'move', delta: 3}, {type: 'focus-step', steps: 1}, {type: 'filter-start'}, {type: 'filter-input', text: 'x'});
		expect(withRows).toEqual(before);
	});

	it('moves focus with tab and shift-tab, wrapping around', () => {
		expect(run(withRows, {type: 'focus-step', steps: 1}).focus).toBe('pods');
		expect(run(withRows, {type: 'focus-step', steps: -1}).focus).toBe('interfaces');
		expect(run(withRows, {type: 'focus-step', steps: 5}).focus).toBe('pods');
	});

	it('moves the selection of the focused pane only, within its rows', () => {
		const state = run(withRows, {type: 'focus', pane: 'pods'}, {type: 'move', delta: 5});
		expect(state.windows.pods.selected).toBe(5);
		expect(state.windows.nodes.selected).toBe(0);
		expect(run(state, {type: 'move', delta: -50}).windows.pods.selected).toBe(0);
		expect(run(state, {type: 'move-to', where: 'last'}).windows.pods.selected).toBe(39);
		expect(run(state, {type: 'move-to', where: 'last'}, {type: 'move-to', where: 'first'}).windows.pods.selected).toBe(0);
	});

	it('pages by the visible height and keeps the window on the selection', () => {
		const height = paneRows(withRows.size, 'pods');
		const state = run(withRows, {type: 'focus', pane: 'pods'}, {type: 'page', direction: 1}, {type: 'page', direction: 1});
		expect(state.windows.pods.selected).toBe(2 * height);
		expect(state.windows.pods.visibleToIndex - state.windows.pods.visibleFromIndex).toBe(height);
		expect(state.windows.pods.selected).toBeLessThan(state.windows.pods.visibleToIndex);
		expect(run(state, {type: 'page', direction: -1}).windows.pods.selected).toBe(height);
	});

	it('refits every window on resize', () => {
		const scrolled = run(withRows, {type: 'focus', pane: 'pods'}, {type: 'move-to', where: 'last'});
		const taller = run(scrolled, {type: 'resize', columns: 100, rows: 60});
		const height = paneRows(taller.size, 'pods');
		expect(taller.windows.pods.visibleToIndex).toBe(40);
		expect(taller.windows.pods.visibleFromIndex).toBe(40 - height);
	});

	it('filters live while typing, reports a bad regex without crashing, and Esc restores the old filter', () => {
		let state = run(withRows, {type: 'focus', pane: 'pods'}, {type: 'move', delta: 7}, {type: 'filter-start'});
		expect(state.mode).toBe('filter');
		state = run(state, {type: 'filter-input', text: 'hello'});
		expect(state.filters.pods).toBe('hello');
		expect(state.windows.pods.selected).toBe(0);
		state = run(state, {type: 'filter-input', text: 'hello('});
		expect(state.message?.tone).toBe('error');
		expect(state.message?.text).toContain('bad regex /hello(/');
		state = run(state, {type: 'filter-cancel'});
		expect(state).toMatchObject({mode: 'normal', filters: {pods: ''}, message: null});
		state = run(state, {type: 'filter-start'}, {type: 'filter-input', text: 'dns'}, {type: 'filter-commit'});
		expect(state).toMatchObject({mode: 'normal', filters: {pods: 'dns', nodes: ''}});
		expect(run(state, {type: 'clear-filter'}).filters.pods).toBe('');
	});

	it('inspecting a node resets the route and interface windows, but not when it is the same node', () => {
		const scrolled = run(
			withRows,
			{type: 'inspect', node: 'a'},
			{type: 'counts', counts: {routes: 8}},
			{type: 'focus', pane: 'routes'},
			{type: 'move', delta: 3},
		);
		expect(scrolled.windows.routes.selected).toBe(3);
		expect(run(scrolled, {type: 'inspect', node: 'a'}).windows.routes.selected).toBe(3);
		const other = run(scrolled, {type: 'inspect', node: 'b'});
		expect(other.inspectedNode).toBe('b');
		expect(other.windows.routes.selected).toBe(0);
	});

	it('toggles namespaces, pause, help and quitting', () => {
		expect(run(withRows, {type: 'toggle-all-namespaces'}).allNamespaces).toBe(true);
		expect(run(withRows, {type: 'toggle-all-namespaces'}, {type: 'toggle-all-namespaces'}).allNamespaces).toBe(false);
		expect(run(withRows, {type: 'set-paused', paused: true}).paused).toBe(true);
		expect(run(withRows, {type: 'help', open: true}).mode).toBe('help');
		expect(run(withRows, {type: 'help', open: true}, {type: 'help', open: false}).mode).toBe('normal');
		expect(run(withRows, {type: 'quit'}).quitting).toBe(true);
	});
});
