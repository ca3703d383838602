/**
 * What a one-shot command (`routes NODE`, `trace`) waits for from the probe pool: every node's first tables,
 * or the first node that fails before it has any, or the bound (then the slowest node fails with reason
 * `timeout`, naming the step it was at). Each node's state is handed to `onState` as it changes, from the
 * state it has when the wait begins.
 */
import {sanitizeText} from '../text/sanitize.js';
import type {ProbePool} from './probe-pool.js';
import type {ProbeFailure, ProbeState} from './types.js';

export type FirstTables =
	| {readonly ok: true; readonly states: ReadonlyMap<string, ProbeState>}
	| {readonly ok: false; readonly node: string; readonly failure: ProbeFailure};

export type FirstTablesOptions = {
	/** Longest wait, ms. */
	readonly boundMs: number;
	readonly onState?: (state: ProbeState) => void;
};

/** Timers hold at most 2^31-1 ms. */
const maxTimerMs = 2_147_483_647;

export async function firstTables(
	pool: Pick<ProbePool, 'getSnapshot' | 'subscribe'>,
	nodes: readonly string[],
	options: FirstTablesOptions,
): Promise<FirstTables> {
	const seen = new Map<string, ProbeState | null>();
	return new Promise<FirstTables>(resolve => {
		let settled = false;
		let unsubscribe = () => {};
		const finish = (result: FirstTables) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			unsubscribe();
			resolve(result);
		};
		const check = () => {
			const states = new Map<string, ProbeState>();
			for (const node of nodes) {
				const state = pool.getSnapshot(node);
				if (state && seen.get(node) !== state) options.onState?.(state);
				seen.set(node, state);
				// The pool forgot the node: it was stopped (a signal is being handled).
				if (!state) return finish({ok: false, node, failure: {reason: 'unknown', message: 'cancelled', fix: ''}});
				if (state.phase === 'failed') return finish({ok: false, node, failure: state.failure ?? {reason: 'unknown', message: state.message, fix: 'try again'}});
				if (state.refreshedAt !== null) states.set(node, state);
			}
			if (states.size === nodes.length) finish({ok: true, states});
		};
		const timer = setTimeout(() => {
			const node = nodes.find(name => seen.get(name)?.refreshedAt === null) ?? nodes[0] ?? '';
			const last = seen.get(node)?.message ?? 'starting';
			finish({
				ok: false,
				node,
				failure: {
					reason: 'timeout',
					message: `no tables after ${Math.round(options.boundMs / 1000)} s (last: ${sanitizeText(last)})`,
					fix: `check the node (kubectl describe node ${sanitizeText(node)}) and its debug pod; a longer --timeout gives it more time`,
				},
			});
		}, Math.min(Math.max(0, options.boundMs), maxTimerMs));
		unsubscribe = pool.subscribe(check);
		check();
	});
}
