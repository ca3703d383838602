import {describe, expect, it} from 'vitest';
import {interpretKey, type Selection} from '../../source/state/interpret-key.js';
import {noKey as none, type KeyPress} from '../../source/state/keymap.js';
import {reduce} from '../../source/state/reduce.js';
import {initialUiState, type UiState} from '../../source/state/ui-state.js';

const start = reduce(reduce(initialUiState({size: {columns: 120, rows: 40}}), {type: 'counts', counts: {nodes: 4, pods: 7, routes: 9}}), {type: 'focus', pane: 'pods'});

/** Presses keys in order with the selection `pods` says for the pods pane's selected row, applying actions. */
function press(state: UiState, pod: (state: UiState) => string | null, ...keys: Array<string | Partial<KeyPress>>): UiState {
	for (const key of keys) {
		const selection: Selection = {node: 'networking-worker2', pod: pod(state)};
		const outcome = typeof key === 'string' ? interpretKey(state, key, none, selection) : interpretKey(state, '', {...none, ...key}, selection);
		state = outcome.actions.reduce(reduce, state);
		expect(outcome.effects).toEqual([]);
	}
	return state;
}

const pods = ['default/a', 'default/b', 'default/c'];
const selectedPod = (state: UiState) => pods[state.windows.pods.selected] ?? null;

describe('trace in the UI state', () => {
	it('t on a pod starts picking; moving and Enter pick the destination; the picture starts at the top in the trace pane', () => {
		const picking = press(start, selectedPod, 't');
		expect(picking.trace).toEqual({stage: 'picking', from: 'default/a'});
		expect(picking.pathPod).toBeNull();
		const scrolled = reduce({...picking, trace: null, focus: 'routes'}, {type: 'move', delta: 3});
		expect(scrolled.windows.routes.selected).toBe(3);
		const shown = press({...scrolled, trace: picking.trace, focus: 'pods'}, selectedPod, 'j', 'j', {return: true});
		expect(shown.trace).toEqual({stage: 'showing', from: 'default/a', to: 'default/c'});
		expect(shown.focus).toBe('routes');
		expect(shown.windows.routes.selected).toBe(0);
		// Enter picked: no pod was pinned on the way.
		expect(shown.pathPod).toBeNull();
	});

	it('Enter on the source itself says so and keeps picking', () => {
		const state = press(start, selectedPod, 't', {return: true});
		expect(state.trace).toEqual({stage: 'picking', from: 'default/a'});
		expect(state.message?.text).toBe('that is where the trace starts: pick another pod');
	});

	it('Esc drops the pods filter first, then cancels the pick; a filter typed while picking works', () => {
		const filtered = press(start, selectedPod, '/', 'x', {return: true}, 't');
		expect(filtered.filters.pods).toBe('x');
		const cleared = press(filtered, selectedPod, {escape: true});
		expect(cleared.filters.pods).toBe('');
		expect(cleared.trace?.stage).toBe('picking');
		const refiltered = press(cleared, selectedPod, '/', 'c', {return: true});
		expect(refiltered.trace).toEqual({stage: 'picking', from: 'default/a'});
		expect(press(refiltered, selectedPod, {escape: true}, {escape: true}).trace).toBeNull();
	});

	it('Esc closes the Trace view; the pinned pod survives it', () => {
		const pinned = {...start, pathPod: 'default/b'};
		const shown = press(pinned, selectedPod, 't', 'j', {return: true});
		expect(shown.trace?.stage).toBe('showing');
		// The app hands the picture's scroll positions in as the routes pane's count.
		const scrolled = press(reduce(shown, {type: 'counts', counts: {routes: 10}}), selectedPod, 'j', 'j');
		expect(scrolled.windows.routes.selected).toBe(2);
		const closed = press(scrolled, selectedPod, {escape: true});
		expect(closed.trace).toBeNull();
		expect(closed.windows.routes.selected).toBe(0);
		expect(closed.pathPod).toBe('default/b');
	});

	it('t does nothing without a pod row, and only in the pods pane', () => {
		expect(press(start, () => null, 't').trace).toBeNull();
		expect(press({...start, focus: 'nodes'}, selectedPod, 't').trace).toBeNull();
	});

	it('a pick without a pick in progress changes nothing; t while showing starts a new pick', () => {
		expect(reduce(start, {type: 'trace-pick', to: 'default/b'})).toBe(start);
		expect(reduce(start, {type: 'trace-cancel'})).toBe(start);
		const shown = press(start, selectedPod, 't', 'j', {return: true});
		const again = press({...shown, focus: 'pods'}, selectedPod, 't');
		expect(again.trace).toEqual({stage: 'picking', from: 'default/b'});
	});
});
