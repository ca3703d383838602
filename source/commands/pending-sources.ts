/**
 * Stand-ins for the store and the prober while client-node loads: the first frame (header, empty panes,
 * "waiting for the API…") is drawn from them, then the app is mounted again on the real ones. Once the store
 * runs (before client-node when light-kubeconfig.ts could read the kubeconfig), the nodes are on the screen
 * before the prober exists: a deferred prober keeps what the keys asked of it and hands it over.
 */
import type {ClusterSnapshot, ClusterStore, NodeProber} from '../kube/types.js';

export function pendingStore(now: number): ClusterStore {
	const snapshot: ClusterSnapshot = {
		nodes: [],
		pods: [],
		connection: {status: 'connecting', since: now, error: null, fix: null, attempts: 0},
		limits: [],
		loading: {nodes: null, pods: null},
		version: 0,
	};
	return {
		getSnapshot: () => snapshot,
		subscribe: () => () => undefined,
		start: () => undefined,
		stop: async () => undefined,
	};
}

export const pendingProber: NodeProber = {
	inspect: () => undefined,
	refreshNow: () => undefined,
	setPaused: () => undefined,
	getSnapshot: () => null,
	subscribe: () => () => undefined,
	stop: async () => undefined,
};

export type DeferredProber = NodeProber & {
	/** Replays the calls made so far on `real`, in order; later calls are not kept. */
	readonly handOver: (real: NodeProber) => void;
};

export function deferredProber(): DeferredProber {
	let calls: Array<(real: NodeProber) => void> | null = [];
	const keep = (call: (real: NodeProber) => void) => {
		calls?.push(call);
	};
	return {
		...pendingProber,
		inspect: node => keep(real => real.inspect(node)),
		refreshNow: () => keep(real => real.refreshNow()),
		setPaused: paused => keep(real => real.setPaused(paused)),
		handOver(real) {
			const kept = calls ?? [];
			calls = null;
			for (const call of kept) call(real);
		},
	};
}
