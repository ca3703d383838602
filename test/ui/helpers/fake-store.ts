/** A ClusterStore double from plain data: tests replace the snapshot and subscribers hear about it. */
import type {ClusterSnapshot, ClusterStore} from '../../../source/kube/types.js';

export type FakeStore = ClusterStore & {
	readonly set: (snapshot: ClusterSnapshot) => void;
	readonly listeners: () => number;
	readonly stopped: () => boolean;
};

export function createFakeStore(initial: ClusterSnapshot): FakeStore {
	let snapshot = initial;
	let stopped = false;
	const listeners = new Set<() => void>();
	return {
		getSnapshot: () => snapshot,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		start() {},
		async stop() {
			stopped = true;
		},
		set(next) {
			snapshot = next;
			for (const listener of listeners) {
				listener();
			}
		},
		listeners: () => listeners.size,
		stopped: () => stopped,
	};
}
