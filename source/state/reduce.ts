/** The one pure reducer of the inspector's screen state (focus, windows, filters, modes, size). */
import type {Action} from './actions.js';
import {compileFilter} from './filter.js';
import {paneRows} from './layout.js';
import {nextPane, paneOrder, type PaneId} from './panes.js';
import {isSweepAction, reduceSweep} from './sweep-ui.js';
import type {UiState} from './ui-state.js';
import {emptyWindow, fitWindow} from './window.js';

function refit(state: UiState, pane: PaneId, change: {readonly selected?: number; readonly count?: number}): UiState {
	const window = fitWindow(state.windows[pane], {...change, height: paneRows(state.size, pane)});
	return {...state, windows: {...state.windows, [pane]: window}};
}

function withFilter(state: UiState, text: string): UiState {
	const compiled = compileFilter(text);
	const next: UiState = {
		...state,
		filters: {...state.filters, [state.focus]: text},
		message: compiled.ok ? null : {text: compiled.error, tone: 'error'},
	};
	return refit(next, state.focus, {selected: 0});
}

export function reduce(state: UiState, action: Action): UiState {
	if (isSweepAction(action)) {
		return reduceSweep(state, action);
	}
	switch (action.type) {
		case 'resize': {
			let next: UiState = {...state, size: {columns: action.columns, rows: action.rows}};
			for (const pane of paneOrder) {
				next = refit(next, pane, {});
			}
			return next;
		}
		case 'counts': {
			let next = state;
			for (const pane of paneOrder) {
				const count = action.counts[pane];
				if (count !== undefined && count !== state.windows[pane].count) {
					next = refit(next, pane, {count});
				}
			}
			return next;
		}
		case 'focus': {
			return {...state, focus: action.pane};
		}
		case 'focus-step': {
			return {...state, focus: nextPane(state.focus, action.steps)};
		}
		case 'move': {
			return refit(state, state.focus, {selected: state.windows[state.focus].selected + action.delta});
		}
		case 'move-to': {
			const {count} = state.windows[state.focus];
			return refit(state, state.focus, {selected: action.where === 'first' ? 0 : count - 1});
		}
		case 'page': {
			const height = Math.max(1, paneRows(state.size, state.focus));
			return refit(state, state.focus, {selected: state.windows[state.focus].selected + action.direction * height});
		}
		case 'select': {
			return refit(state, action.pane, {selected: action.index});
		}
		case 'filter-start': {
			return {...state, mode: 'filter', filterBefore: state.filters[state.focus], message: null};
		}
		case 'filter-input': {
			return state.mode === 'filter' ? withFilter(state, action.text) : state;
		}
		case 'filter-commit': {
			return {...state, mode: 'normal'};
		}
		case 'filter-cancel': {
			return {...withFilter(state, state.filterBefore), mode: 'normal'};
		}
		case 'clear-filter': {
			return withFilter(state, '');
		}
		case 'inspect': {
			if (action.node === state.inspectedNode) {
				return state;
			}
			return {
				...state,
				inspectedNode: action.node,
				windows: {...state.windows, routes: emptyWindow, interfaces: emptyWindow},
			};
		}
		case 'show-path': {
			return {...state, pathPod: action.pod};
		}
		case 'toggle-all-namespaces': {
			return refit({...state, allNamespaces: !state.allNamespaces}, 'pods', {selected: 0});
		}
		case 'set-paused': {
			return {...state, paused: action.paused};
		}
		case 'help': {
			return {...state, mode: action.open ? 'help' : 'normal'};
		}
		case 'message': {
			return {...state, message: action.message};
		}
		case 'quit': {
			return {...state, quitting: true};
		}
	}
}
