/**
 * Turns one key press into reducer actions and effects (what the app must do outside the state: probe a
 * node, refresh, pause, quit). Pure: the app owns the one `useInput` and simply carries these out.
 */
import type {Action} from './actions.js';
import {findBinding, keyName, type CommandId, type KeyPress} from './keymap.js';
import {confirmKey, sweepCommand, type SweepEffect, type SweepSelection} from './interpret-sweep-key.js';
import type {UiState} from './ui-state.js';

export type Effect =
	| {readonly type: 'inspect'; readonly node: string}
	| {readonly type: 'refresh'}
	| {readonly type: 'set-paused'; readonly paused: boolean}
	| {readonly type: 'quit'}
	| SweepEffect;

export type Outcome = {readonly actions: readonly Action[]; readonly effects: readonly Effect[]};

/** What the selection points at right now (computed by selectors from the data). */
export type Selection = {
	/** Name of the selected node row, if any. */
	readonly node: string | null;
	/** `namespace/name` of the selected pod row, if any. */
	readonly pod: string | null;
	/** The sweep's state and the selected problem (absent: no sweep source, `S` does nothing). */
	readonly sweep?: SweepSelection;
};

const nothing: Outcome = {actions: [], effects: []};
const quit: Outcome = {actions: [{type: 'quit'}], effects: [{type: 'quit'}]};

function act(...actions: Action[]): Outcome {
	return {actions, effects: []};
}

function filterKey(state: UiState, input: string, name: string | null, key: KeyPress): Outcome {
	const text = state.filters[state.focus];
	switch (name) {
		case 'enter': {
			return act({type: 'filter-commit'});
		}
		case 'escape': {
			return act({type: 'filter-cancel'});
		}
		case 'backspace': {
			return act({type: 'filter-input', text: [...text].slice(0, -1).join('')});
		}
		case 'ctrl-c': {
			return quit;
		}
		default: {
			if (key.ctrl || key.meta || key.tab || input === '' || /\p{Cc}/u.test(input)) {
				return nothing;
			}
			return act({type: 'filter-input', text: text + input});
		}
	}
}

function runCommand(state: UiState, command: CommandId, selection: Selection): Outcome {
	switch (command) {
		case 'pane-next': {
			return act({type: 'focus-step', steps: 1});
		}
		case 'pane-prev': {
			return act({type: 'focus-step', steps: -1});
		}
		case 'down': {
			return act({type: 'move', delta: 1});
		}
		case 'up': {
			return act({type: 'move', delta: -1});
		}
		case 'top': {
			return act({type: 'move-to', where: 'first'});
		}
		case 'bottom': {
			return act({type: 'move-to', where: 'last'});
		}
		case 'page-down': {
			return act({type: 'page', direction: 1});
		}
		case 'page-up': {
			return act({type: 'page', direction: -1});
		}
		case 'inspect': {
			if (selection.node === null) {
				return nothing;
			}
			return {actions: [{type: 'inspect', node: selection.node}], effects: [{type: 'inspect', node: selection.node}]};
		}
		case 'show-path': {
			if (selection.pod === null) {
				return nothing;
			}
			return act({type: 'show-path', pod: state.pathPod === selection.pod ? null : selection.pod});
		}
		case 'filter': {
			return act({type: 'filter-start'});
		}
		case 'back': {
			if (state.filters[state.focus] !== '') {
				return act({type: 'clear-filter'});
			}
			if (state.pathPod !== null) {
				return act({type: 'show-path', pod: null});
			}
			if (state.sweep.pinned !== null) {
				return act({type: 'pin-route', pinned: null});
			}
			return state.message === null ? nothing : act({type: 'message', message: null});
		}
		case 'all-namespaces': {
			return act({type: 'toggle-all-namespaces'});
		}
		case 'refresh': {
			if (state.inspectedNode === null) {
				return act({type: 'message', message: {text: 'no node inspected yet: Enter on a node first', tone: 'info'}});
			}
			return {actions: [], effects: [{type: 'refresh'}]};
		}
		case 'pause': {
			const paused = !state.paused;
			return {actions: [{type: 'set-paused', paused}], effects: [{type: 'set-paused', paused}]};
		}
		case 'help': {
			return act({type: 'help', open: true});
		}
		case 'quit': {
			return quit;
		}
		case 'sweep':
		case 'problems':
		case 'problem-go':
		case 'problems-close': {
			return selection.sweep === undefined ? nothing : sweepCommand(state, command, selection.sweep);
		}
	}
}

const problemMoves: Readonly<Partial<Record<CommandId, Action>>> = {
	down: {type: 'problems-move', delta: 1},
	up: {type: 'problems-move', delta: -1},
	top: {type: 'problems-move-to', where: 'first'},
	bottom: {type: 'problems-move-to', where: 'last'},
	'page-down': {type: 'problems-move', delta: 10},
	'page-up': {type: 'problems-move', delta: -10},
};

export function interpretKey(state: UiState, input: string, key: KeyPress, selection: Selection): Outcome {
	if (state.quitting) {
		return nothing;
	}
	const name = keyName(input, key);
	if (state.mode === 'filter') {
		return filterKey(state, input, name, key);
	}
	if (name === null) {
		return nothing;
	}
	if (state.mode === 'help') {
		if (name === 'escape' || name === '?') {
			return act({type: 'help', open: false});
		}
		return name === 'q' || name === 'ctrl-c' ? quit : nothing;
	}
	if (state.sweep.confirming && selection.sweep !== undefined) {
		return confirmKey(name, selection.sweep);
	}
	if (state.sweep.problemsOpen) {
		const binding = findBinding('problems', name);
		if (binding === null) return nothing;
		const move = problemMoves[binding.command];
		if (move !== undefined) return act(move);
		return binding.group === 'move' ? nothing : runCommand(state, binding.command, selection);
	}
	const binding = findBinding(state.focus, name);
	return binding === null ? nothing : runCommand(state, binding.command, selection);
}
