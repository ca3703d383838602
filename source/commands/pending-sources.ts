/**
 * Stand-ins for the store and the prober while client-node loads: the first frame (header, empty panes,
 * "waiting for the API…") is drawn from them, then the app is mounted again on the real ones.
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
