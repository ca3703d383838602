/** Subscribe hooks for the data sources that live outside React (the cluster store, the node prober). */
import {useEffect, useReducer, useRef, useSyncExternalStore} from 'react';
import type {TraceTables} from '../kube/trace-tables.js';
import type {ClusterSnapshot, ClusterStore, NodeProber, ProbeState} from '../kube/types.js';

export function useClusterSnapshot(store: ClusterStore): ClusterSnapshot {
	return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/**
 * The store's newest snapshot, but a store change re-renders only when `changesScreen` says the screen would
 * change: under an event storm among rows out of view (2,000 pod changes a second, ten snapshots a second)
 * no frame is drawn for nothing, and keys do not queue behind such frames. Every render reads the newest.
 */
export function useScreenSnapshot(store: ClusterStore, changesScreen: {readonly current: (next: ClusterSnapshot) => boolean}): ClusterSnapshot {
	const [, rerender] = useReducer((count: number) => count + 1, 0);
	const snapshot = store.getSnapshot();
	const shown = useRef(snapshot);
	shown.current = snapshot;
	useEffect(() => {
		const check = () => {
			const next = store.getSnapshot();
			if (next !== shown.current && changesScreen.current(next)) rerender();
		};
		const unsubscribe = store.subscribe(check);
		// A change between the render and this subscription.
		check();
		return unsubscribe;
	}, [store, changesScreen]);
	return snapshot;
}

export function useProbeState(prober: NodeProber): ProbeState | null {
	return useSyncExternalStore(prober.subscribe, prober.getSnapshot);
}

export function useTraceTables(tables: TraceTables): ReadonlyMap<string, ProbeState> {
	return useSyncExternalStore(tables.subscribe, tables.getSnapshot);
}
