/**
 * The sweep's part of the screen state: whether the Problems view is open and its window, the route pinned
 * from a problem (on which node), and the "sweep this many nodes?" question. Pure, like reduce.ts.
 */
import {paneChromeLines, reservedLines, type TerminalSize} from './layout.js';
import type {UiState} from './ui-state.js';
import {emptyWindow, fitWindow, type ListWindow} from './window.js';

/** More nodes than this and `S` asks first: the sweep creates one pod per node. */
export const sweepConfirmAbove = 50;

export type PinnedRoute = {readonly node: string; readonly route: string};

export type SweepUi = {
	readonly problemsOpen: boolean;
	readonly window: ListWindow;
	readonly pinned: PinnedRoute | null;
	/** `S` on a large cluster waits for `y`. */
	readonly confirming: boolean;
};

export const initialSweepUi: SweepUi = {problemsOpen: false, window: emptyWindow, pinned: null, confirming: false};

export type SweepAction =
	| {readonly type: 'problems-open'; readonly open: boolean}
	| {readonly type: 'problems-count'; readonly count: number}
	| {readonly type: 'problems-move'; readonly delta: number}
	| {readonly type: 'problems-move-to'; readonly where: 'first' | 'last'}
	| {readonly type: 'pin-route'; readonly pinned: PinnedRoute | null}
	| {readonly type: 'sweep-confirm'; readonly open: boolean};

const sweepActionTypes: ReadonlySet<string> = new Set([
	'problems-open',
	'problems-count',
	'problems-move',
	'problems-move-to',
	'pin-route',
	'sweep-confirm',
]);

export function isSweepAction(action: {readonly type: string}): action is SweepAction {
	return sweepActionTypes.has(action.type);
}

/** Rows of the Problems view: the whole screen but the header, the status line and its own two chrome lines. */
export function problemRows(size: TerminalSize): number {
	return Math.max(0, size.rows - reservedLines - 2 - paneChromeLines);
}

function refit(state: UiState, change: {readonly selected?: number; readonly count?: number}): UiState {
	return {...state, sweep: {...state.sweep, window: fitWindow(state.sweep.window, {...change, height: problemRows(state.size)})}};
}

export function reduceSweep(state: UiState, action: SweepAction): UiState {
	switch (action.type) {
		case 'problems-open': {
			return {...state, sweep: {...state.sweep, problemsOpen: action.open}};
		}
		case 'problems-count': {
			return action.count === state.sweep.window.count ? state : refit(state, {count: action.count});
		}
		case 'problems-move': {
			return refit(state, {selected: state.sweep.window.selected + action.delta});
		}
		case 'problems-move-to': {
			return refit(state, {selected: action.where === 'first' ? 0 : state.sweep.window.count - 1});
		}
		case 'pin-route': {
			return {...state, sweep: {...state.sweep, pinned: action.pinned}};
		}
		case 'sweep-confirm': {
			return {
				...state,
				sweep: {...state.sweep, confirming: action.open},
				message: action.open ? state.message : null,
			};
		}
	}
}
