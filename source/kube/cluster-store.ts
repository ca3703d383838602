/**
 * The cluster as compact rows, outside React: nodes and pods mirrored by two reflectors (list + watch with
 * restarts, watchdog, content diff), published as immutable snapshots at a bounded rate
 * (useSyncExternalStore-compatible: getSnapshot returns the same object until something changed).
 */
import {CoreV1Api, type KubeConfig, type KubernetesListObject, type KubernetesObject} from '@kubernetes/client-node';
import {nodeToRow, podToRow} from './cluster-objects.js';
import {combineConnections} from './connection-state.js';
import {createReflector, type Reflector} from './reflector.js';
import type {ClusterSnapshot, ClusterStore, ConnectionState, NodeRow, PodRow} from './types.js';

export type ClusterStoreOptions = {
	readonly kubeConfig: KubeConfig;
	/** null: all namespaces. */
	readonly namespace: string | null;
	readonly now?: () => number;
	/** Minimum time between two notifications (default 100 ms: at most 10 per second). */
	readonly notifyIntervalMs?: number;
	/** No event for this long → relist (default 5 minutes). */
	readonly watchdogMs?: number;
	/** Reconnecting for this long since the last good data → stale (default 30 s). */
	readonly staleAfterMs?: number;
};

function byName(a: NodeRow, b: NodeRow): number {
	return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function byNamespaceThenName(a: PodRow, b: PodRow): number {
	if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
	return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function createClusterStore(options: ClusterStoreOptions): ClusterStore {
	const now = options.now ?? Date.now;
	const notifyIntervalMs = options.notifyIntervalMs ?? 100;
	const api = options.kubeConfig.makeApiClient(CoreV1Api);
	const listeners = new Set<() => void>();
	let snapshot: ClusterSnapshot = {
		nodes: [],
		pods: [],
		connection: {status: 'connecting', since: now(), error: null, attempts: 0},
		version: 0,
	};
	let nodesDirty = false;
	let podsDirty = false;
	let timer: NodeJS.Timeout | null = null;
	let lastNotifyAt = 0;
	let stopped = false;

	const flush = () => {
		timer = null;
		if (stopped) return;
		lastNotifyAt = now();
		const connection = combineConnections(
			[nodes.connection(), pods.connection()],
			snapshot.connection,
			now(),
		);
		if (!nodesDirty && !podsDirty && connection === snapshot.connection) {
			return;
		}
		snapshot = {
			nodes: nodesDirty ? [...nodes.rows().values()].sort(byName) : snapshot.nodes,
			pods: podsDirty ? [...pods.rows().values()].sort(byNamespaceThenName) : snapshot.pods,
			connection,
			version: snapshot.version + 1,
		};
		nodesDirty = false;
		podsDirty = false;
		for (const listener of [...listeners]) listener();
	};

	const schedule = () => {
		if (timer || stopped) return;
		const wait = Math.max(0, lastNotifyAt + notifyIntervalMs - now());
		timer = setTimeout(flush, wait);
	};

	const common = {
		kubeConfig: options.kubeConfig,
		now,
		...(options.watchdogMs === undefined ? {} : {watchdogMs: options.watchdogMs}),
		...(options.staleAfterMs === undefined ? {} : {staleAfterMs: options.staleAfterMs}),
		onConnection: (_state: ConnectionState) => {
			schedule();
		},
	};

	const nodes: Reflector<NodeRow> = createReflector<NodeRow>({
		...common,
		path: '/api/v1/nodes',
		list: async () => (await api.listNode()) as KubernetesListObject<KubernetesObject>,
		toRow: nodeToRow,
		keyOf: row => row.name,
		onRows: () => {
			nodesDirty = true;
			schedule();
		},
	});

	const namespace = options.namespace;
	const pods: Reflector<PodRow> = createReflector<PodRow>({
		...common,
		path: namespace === null ? '/api/v1/pods' : `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
		list: async () =>
			(namespace === null
				? await api.listPodForAllNamespaces()
				: await api.listNamespacedPod({namespace})) as KubernetesListObject<KubernetesObject>,
		toRow: podToRow,
		keyOf: row => `${row.namespace}/${row.name}`,
		onRows: () => {
			podsDirty = true;
			schedule();
		},
	});

	return {
		getSnapshot: () => snapshot,
		subscribe(listener) {
			listeners.add(listener);
			return () => {
				listeners.delete(listener);
			};
		},
		start() {
			nodes.start();
			pods.start();
		},
		async stop() {
			if (stopped) return;
			stopped = true;
			if (timer) clearTimeout(timer);
			timer = null;
			nodes.stop();
			pods.stop();
			listeners.clear();
		},
	};
}
