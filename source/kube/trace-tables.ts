/**
 * The tables a trace in the inspector holds, through the probe pool: the trace is one holder ("trace") that
 * holds exactly the nodes it needs (both ends, a few crossed nodes), so a node the inspector also shows
 * shares its debug pod; the app reads one snapshot map (a new map only when a held node's state changed).
 */
import type {ProbePool} from './probe-pool.js';
import type {ProbeState} from './types.js';

export type TraceTables = {
	/** The trace now holds exactly `nodes` (none: it lets go; the pool deletes unheld pods after its grace). */
	readonly acquire: (nodes: readonly string[]) => void;
	/** Each held node's latest probe state (a new map on every change; the same map while nothing changed). */
	readonly getSnapshot: () => ReadonlyMap<string, ProbeState>;
	readonly subscribe: (listener: () => void) => () => void;
	/** Lets go of every node and stops listening (the pool's owner stops the pool); idempotent. */
	readonly stop: () => Promise<void>;
};

export type TracePool = Pick<ProbePool, 'acquire' | 'release' | 'getSnapshot' | 'subscribe'>;

export const traceHolder = 'trace';

function sameStates(left: ReadonlyMap<string, ProbeState>, right: ReadonlyMap<string, ProbeState>): boolean {
	return left.size === right.size && [...left].every(([node, state]) => right.get(node) === state);
}

export function createTraceTables(pool: TracePool): TraceTables {
	const listeners = new Set<() => void>();
	let held: readonly string[] = [];
	let snapshot: ReadonlyMap<string, ProbeState> = new Map();
	let stopped = false;

	const refresh = () => {
		const next = new Map<string, ProbeState>();
		for (const node of held) {
			const state = pool.getSnapshot(node);
			if (state) next.set(node, state);
		}
		if (sameStates(next, snapshot)) return;
		snapshot = next;
		for (const listener of [...listeners]) listener();
	};
	const unsubscribe = pool.subscribe(refresh);

	return {
		acquire(nodes) {
			if (stopped) return;
			const wanted = [...new Set(nodes)];
			if (wanted.length === held.length && wanted.every(node => held.includes(node))) return;
			held = wanted;
			if (wanted.length === 0) pool.release(traceHolder);
			else pool.acquire(wanted, traceHolder);
			refresh();
		},
		getSnapshot: () => snapshot,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		async stop() {
			if (stopped) return;
			stopped = true;
			unsubscribe();
			held = [];
			pool.release(traceHolder);
			refresh();
		},
	};
}

const noTables: ReadonlyMap<string, ProbeState> = new Map();

/** Holds nothing (an inspector without a cluster to probe, tests that do not trace). */
export const noTraceTables: TraceTables = {
	acquire: () => undefined,
	getSnapshot: () => noTables,
	subscribe: () => () => undefined,
	stop: async () => undefined,
};
