/**
 * NodeProber, the inspector's view of the probe pool: one holder ("inspector") holding the selected node.
 * inspect(node) acquires it (the previous node is released: its pod goes after the pool's grace, so
 * switching back and forth reuses it); inspecting the same node again reads it again; pause and refreshNow
 * act on the holder. The refresh schedule, backoff, route diffs and cleanup live in the pool
 * (probe-pool-state.ts decides, probe-pool.ts runs); stop() stops the pool this prober made.
 */
import {createProbePool, type ProbePool, type ProbePoolOptions} from './probe-pool.js';
import type {NodeProber, ProbeState} from './types.js';

/** A pool of its own (stopped by stop()), or a pool shared with other holders (stop() only lets go of it). */
export type NodeProberOptions = ProbePoolOptions | {readonly pool: ProbePool};

const holder = 'inspector';

export function createNodeProber(options: NodeProberOptions): NodeProber & {readonly pool: ProbePool} {
	const ownsPool = !('pool' in options);
	const pool = 'pool' in options ? options.pool : createProbePool(options);
	let node: string | null = null;
	let last: ProbeState | null = null;
	let stopped = false;

	let paused = false;
	const listeners = new Set<() => void>();
	/** The pool's state of the node, with this holder's pause (a node shared with a live holder still refreshes). */
	let shown: {readonly from: ProbeState; readonly paused: boolean; readonly state: ProbeState} | null = null;

	const snapshot = (): ProbeState | null => {
		if (node === null) return null;
		// After stop the pool forgets its nodes; the screen keeps the last state it showed.
		const current = pool.getSnapshot(node);
		if (!current) return last;
		if (shown?.from !== current || shown.paused !== paused) {
			shown = {from: current, paused, state: current.paused === paused ? current : {...current, paused}};
		}
		last = shown.state;
		return last;
	};

	return {
		pool,
		inspect(next) {
			if (stopped) return;
			if (node === next) {
				pool.refreshNow(holder);
				return;
			}
			node = next;
			last = null;
			pool.acquire([next], holder);
		},
		refreshNow() {
			if (!stopped && node !== null) pool.refreshNow(holder);
		},
		setPaused(value) {
			if (stopped || paused === value) return;
			paused = value;
			pool.setPaused(holder, value);
			// The pool's state may not change (another holder keeps the node live); this prober's view does.
			for (const listener of [...listeners]) listener();
		},
		getSnapshot: snapshot,
		subscribe(listener) {
			listeners.add(listener);
			const unsubscribe = pool.subscribe(listener);
			return () => {
				listeners.delete(listener);
				unsubscribe();
			};
		},
		async stop() {
			stopped = true;
			if (ownsPool) return pool.stop();
			pool.release(holder);
		},
	};
}
