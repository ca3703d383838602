/**
 * The tables a trace in the inspector holds: one live probe per node it needs (both ends, a few crossed
 * nodes), each refreshed on its own schedule, as one snapshot map for the app. Until the probe pool lands,
 * each node gets its own NodeProber (its own debug pod); with the pool this becomes `acquire(nodes,
 * 'trace')` / `release('trace')` and a map of `getSnapshot(node)`, behind the same type.
 */
import type {NodeProber, ProbeState} from './types.js';

export type TraceTables = {
	/** The trace now holds exactly `nodes`: new ones start probing, the others' probes stop (their pods go). */
	readonly acquire: (nodes: readonly string[]) => void;
	/** Each held node's latest probe state (a new map on every change; the same map while nothing changed). */
	readonly getSnapshot: () => ReadonlyMap<string, ProbeState>;
	readonly subscribe: (listener: () => void) => () => void;
	/** Stops every probe and deletes their pods; resolves when done (idempotent). */
	readonly stop: () => Promise<void>;
};

type Held = {readonly prober: NodeProber; readonly unsubscribe: () => void};

/** `proberFor(node)` makes a prober for one node (sharing the inspector's pod tracker, so q deletes its pod). */
export function createTraceTables(proberFor: (node: string) => NodeProber): TraceTables {
	const held = new Map<string, Held>();
	const listeners = new Set<() => void>();
	const stopping = new Set<Promise<void>>();
	let snapshot: ReadonlyMap<string, ProbeState> = new Map();
	let stopped = false;

	const publish = () => {
		const next = new Map<string, ProbeState>();
		for (const [node, entry] of held) {
			const state = entry.prober.getSnapshot();
			if (state) next.set(node, state);
		}
		snapshot = next;
		for (const listener of [...listeners]) listener();
	};

	const drop = (node: string, entry: Held) => {
		entry.unsubscribe();
		held.delete(node);
		const stop = entry.prober.stop().catch(() => undefined);
		stopping.add(stop);
		void stop.finally(() => stopping.delete(stop));
	};

	return {
		acquire(nodes) {
			if (stopped) return;
			const wanted = new Set(nodes);
			let changed = false;
			for (const [node, entry] of held) {
				if (!wanted.has(node)) {
					drop(node, entry);
					changed = true;
				}
			}
			for (const node of wanted) {
				if (held.has(node)) continue;
				const prober = proberFor(node);
				held.set(node, {prober, unsubscribe: prober.subscribe(publish)});
				prober.inspect(node);
				changed = true;
			}
			if (changed) publish();
		},
		getSnapshot: () => snapshot,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		async stop() {
			stopped = true;
			if (held.size > 0) {
				for (const [node, entry] of [...held]) drop(node, entry);
				publish();
			}
			await Promise.all([...stopping]);
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
