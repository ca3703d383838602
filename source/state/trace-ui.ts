/**
 * The inspector's trace, as UI state: `t` on a pod starts picking its destination in the pods pane; Enter
 * picks it and the Trace view replaces the routes and interfaces panes until Esc. Pods are `namespace/name`.
 */
import type {UiState} from './ui-state.js';
import {emptyWindow} from './window.js';

export type TraceUi =
	| {readonly stage: 'picking'; readonly from: string}
	| {readonly stage: 'showing'; readonly from: string; readonly to: string};

export type TraceAction =
	| {readonly type: 'trace-start'; readonly from: string}
	| {readonly type: 'trace-pick'; readonly to: string}
	| {readonly type: 'trace-cancel'};

/** The picture scrolls in the routes pane's window (its selection is the first line shown): start at the top. */
function withPictureTop(state: UiState): UiState {
	return {...state, windows: {...state.windows, routes: emptyWindow}};
}

export function reduceTrace(state: UiState, action: TraceAction): UiState {
	switch (action.type) {
		case 'trace-start': {
			const next: UiState = {...state, trace: {stage: 'picking', from: action.from}, focus: 'pods', message: null};
			return state.trace?.stage === 'showing' ? withPictureTop(next) : next;
		}
		case 'trace-pick': {
			if (state.trace?.stage !== 'picking') return state;
			return withPictureTop({...state, trace: {stage: 'showing', from: state.trace.from, to: action.to}, focus: 'routes', message: null});
		}
		case 'trace-cancel': {
			if (state.trace === null) return state;
			const next: UiState = {...state, trace: null, message: null};
			return state.trace.stage === 'showing' ? withPictureTop(next) : next;
		}
	}
}
