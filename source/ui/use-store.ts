/** Subscribe hooks for the data sources that live outside React (the cluster store, the node prober). */
import {useSyncExternalStore} from 'react';
import type {TraceTables} from '../kube/trace-tables.js';
import type {ClusterSnapshot, ClusterStore, NodeProber, ProbeState} from '../kube/types.js';

export function useClusterSnapshot(store: ClusterStore): ClusterSnapshot {
	return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

export function useProbeState(prober: NodeProber): ProbeState | null {
	return useSyncExternalStore(prober.subscribe, prober.getSnapshot);
}

export function useTraceTables(tables: TraceTables): ReadonlyMap<string, ProbeState> {
	return useSyncExternalStore(tables.subscribe, tables.getSnapshot);
}
