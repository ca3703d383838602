/**
 * The sweep's keys, pure like interpret-key.ts: `S` starts (asking first on a large cluster) or cancels,
 * `P` opens the Problems view, and there Enter goes to a problem's node with its route pinned.
 */
import type {Action} from './actions.js';
import type {CommandId} from './keymap.js';
import {sweepConfirmAbove} from './sweep-ui.js';
import type {UiState} from './ui-state.js';

export type SweepEffect = {readonly type: 'sweep-start'} | {readonly type: 'sweep-cancel'} | {readonly type: 'inspect'; readonly node: string};

/** What the sweep and the Problems view show right now (computed by the screen selector). */
export type SweepSelection = {
	readonly running: boolean;
	/** A sweep has run (or runs): the Problems view has something to say. */
	readonly ran: boolean;
	/** Nodes a sweep would probe. */
	readonly nodes: number;
	/** The selected problem row: its node, its route (null: node-wide), and the node's row in the unfiltered nodes list. */
	readonly problem: {readonly node: string; readonly route: string | null; readonly nodeIndex: number; readonly nodeCount: number} | null;
};

export type SweepOutcome = {readonly actions: readonly Action[]; readonly effects: readonly SweepEffect[]};

const none: SweepOutcome = {actions: [], effects: []};

function start(selection: SweepSelection): SweepOutcome {
	if (selection.nodes === 0) {
		return {actions: [{type: 'message', message: {text: 'no nodes to sweep yet', tone: 'info'}}], effects: []};
	}
	// The header shows the progress from here on: no message to go stale.
	return {actions: [], effects: [{type: 'sweep-start'}]};
}

export function sweepCommand(state: UiState, command: CommandId, selection: SweepSelection): SweepOutcome {
	switch (command) {
		case 'sweep': {
			if (selection.running) {
				return {actions: [], effects: [{type: 'sweep-cancel'}]};
			}
			if (selection.nodes > sweepConfirmAbove) {
				const text = `sweep ${selection.nodes} nodes? it creates a pod on each: y starts, any other key does not`;
				return {actions: [{type: 'sweep-confirm', open: true}, {type: 'message', message: {text, tone: 'info'}}], effects: []};
			}
			return start(selection);
		}
		case 'problems': {
			if (!selection.ran) {
				return {actions: [{type: 'message', message: {text: 'no sweep yet: S sweeps the cluster', tone: 'info'}}], effects: []};
			}
			return {actions: [{type: 'problems-open', open: true}], effects: []};
		}
		case 'problems-close': {
			if (selection.running) {
				return {actions: [], effects: [{type: 'sweep-cancel'}]};
			}
			return {actions: [{type: 'problems-open', open: false}], effects: []};
		}
		case 'problem-go': {
			const problem = selection.problem;
			if (problem === null) return none;
			const actions: Action[] = [{type: 'problems-open', open: false}, {type: 'focus', pane: 'nodes'}];
			if (state.filters.nodes !== '') {
				actions.push({type: 'clear-filter'}, {type: 'counts', counts: {nodes: problem.nodeCount}});
			}
			actions.push(
				{type: 'select', pane: 'nodes', index: problem.nodeIndex},
				{type: 'inspect', node: problem.node},
				{type: 'pin-route', pinned: problem.route === null ? null : {node: problem.node, route: problem.route}},
			);
			return {actions, effects: [{type: 'inspect', node: problem.node}]};
		}
		default: {
			return none;
		}
	}
}

/** The answer to "sweep N nodes?": `y` starts, anything else drops the question. */
export function confirmKey(name: string | null, selection: SweepSelection): SweepOutcome {
	const close: Action = {type: 'sweep-confirm', open: false};
	if (name === 'y' || name === 'Y') {
		const started = start(selection);
		return {actions: [close, ...started.actions], effects: started.effects};
	}
	return {actions: [close], effects: []};
}
