/**
 * NodeProber, the inspector's view of the probe pool: one holder ("inspector") holding the selected node.
 * inspect(node) acquires it (the previous node is released: its pod goes after the pool's grace, so
 * switching back and forth reuses it); inspecting the same node again reads it again; pause and refreshNow
 * act on the holder. The refresh schedule, backoff, route diffs and cleanup live in the pool
 * (probe-pool-state.ts decides, probe-pool.ts runs); stop() stops the pool this prober made.
 */
import {createProbePool, type ProbePool, type ProbePoolOptions} from './probe-pool.js';
import type {NodeProber, ProbeState} from './types.js';

export type NodeProberOptions = ProbePoolOptions & {
	/** Use this pool (shared with other holders; not stopped by stop()) instead of making one. */
	readonly pool?: ProbePool;
};

const holder = 'inspector';

export function createNodeProber(options: NodeProberOptions): NodeProber & {readonly pool: ProbePool} {
	const pool = options.pool ?? createProbePool(options);
	const ownsPool = options.pool === undefined;
	let node: string | null = null;
	let last: ProbeState | null = null;
	let stopped = false;

	const snapshot = (): ProbeState | null => {
		if (node === null) return null;
		// After stop the pool forgets its nodes; the screen keeps the last state it showed.
		const current = pool.getSnapshot(node);
		if (current) last = current;
		return current ?? last;
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
		setPaused(paused) {
			if (!stopped) pool.setPaused(holder, paused);
		},
		getSnapshot: snapshot,
		subscribe: listener => pool.subscribe(listener),
		async stop() {
			stopped = true;
			if (ownsPool) return pool.stop();
			pool.release(holder);
		},
	};
}
