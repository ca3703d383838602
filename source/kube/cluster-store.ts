/**
 * The cluster as compact rows, outside React: nodes and pods mirrored by two reflectors (paged list + watch
 * with restarts, watchdog, field-by-field diff). Where RBAC forbids the cluster-wide lists it falls back (pods
 * of one namespace; nodes derived from pods) and records what is hidden in `limits`. Published as immutable
 * snapshots at a bounded rate (useSyncExternalStore-compatible: getSnapshot returns the same object until
 * something changed), with the progress of LISTs still paging.
 */
import {namespacedPodsLimit, nodesDerivedLimit} from './access-limits.js';
import type {ApiConfig} from './api-client.js';
import {apiErrorInfo} from './api-error.js';
import {nodesFromPods, nodeToRow, podToRow} from './cluster-objects.js';
import {combineConnections} from './connection-state.js';
import {failureFromApiError, type ApiAction} from './probe-failure.js';
import {createReflector, type Reflector} from './reflector.js';
import {applyRowChanges, createChangeLog} from './sorted-rows.js';
import type {AccessLimit, ClusterSnapshot, ClusterStore, ConnectionState, NodeRow, PodRow} from './types.js';

export type ClusterStoreOptions = {
	readonly kubeConfig: ApiConfig;
	/** null: all namespaces. */
	readonly namespace: string | null;
	/**
	 * When listing pods in all namespaces is forbidden, watch this namespace instead (the one shown without
	 * -A); null: no fallback, the 403 is shown as the connection's error.
	 */
	readonly fallbackNamespace?: string | null;
	readonly now?: () => number;
	/** Minimum time between two notifications (default 100 ms: at most 10 per second). */
	readonly notifyIntervalMs?: number;
	/** No event for this long → relist (default 5 minutes). */
	readonly watchdogMs?: number;
	/** Reconnecting for this long since the last good data → stale (default 30 s). */
	readonly staleAfterMs?: number;
};

/** Minimum time between notifications while a LIST is still paging. */
const loadingNotifyIntervalMs = 500;
/**
 * Under an event storm (a snapshot that carried this many changed pods or more), at most four snapshots a
 * second: each one is a new list of every pod (1.2 MB at 150,000, straight into the old generation) and a
 * check of the screen, and a person reads no faster. A lone change still shows within notifyIntervalMs.
 */
export const stormRows = 100;
const stormNotifyIntervalMs = 250;

/** How long the next notification waits: the interval for what is going on, from the last one. */
export function notifyDelay(state: {
	readonly now: number;
	readonly lastNotifyAt: number;
	readonly notifyIntervalMs: number;
	readonly loading: boolean;
	readonly storm: boolean;
}): number {
	const interval = state.loading
		? Math.max(state.notifyIntervalMs, loadingNotifyIntervalMs)
		: state.storm
			? Math.max(state.notifyIntervalMs, stormNotifyIntervalMs)
			: state.notifyIntervalMs;
	return Math.max(0, state.lastNotifyAt + interval - state.now);
}

function byName(a: NodeRow, b: NodeRow): number {
	return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function byNamespaceThenName(a: PodRow, b: PodRow): number {
	if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
	return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function isForbidden(error: unknown): boolean {
	return apiErrorInfo(error).status === 403;
}

export function createClusterStore(options: ClusterStoreOptions): ClusterStore {
	const now = options.now ?? Date.now;
	const notifyIntervalMs = options.notifyIntervalMs ?? 100;
	const listeners = new Set<() => void>();
	let snapshot: ClusterSnapshot = {
		nodes: [],
		pods: [],
		connection: {status: 'connecting', since: now(), error: null, fix: null, attempts: 0},
		limits: [],
		loading: {nodes: null, pods: null},
		version: 0,
	};
	let loading: ClusterSnapshot['loading'] = snapshot.loading;
	let nodesDirty = false;
	let podsDirty = false;
	/** Pod rows changed since the last snapshot (its list is patched, not re-sorted), unless a new reflector came. */
	const podChanges = createChangeLog<PodRow>();
	let podsReplaced = false;
	/** The last snapshot carried a storm of pod changes. */
	let storm = false;
	let limitsDirty = false;
	let timer: NodeJS.Timeout | null = null;
	let lastNotifyAt = 0;
	/** Whether a live snapshot went out yet: until then nothing waits for the notify interval. */
	let shownLive = false;
	let stopped = false;
	const limits: AccessLimit[] = [];
	/** Nodes may not be listed: node rows are derived from the pods. */
	let nodesDerived = false;

	const flush = () => {
		timer = null;
		if (stopped) return;
		lastNotifyAt = now();
		const connection = combineConnections(
			nodesDerived ? [pods.connection()] : [nodes.connection(), pods.connection()],
			snapshot.connection,
			now(),
		);
		if (!nodesDirty && !podsDirty && !limitsDirty && connection === snapshot.connection && loading === snapshot.loading) {
			return;
		}
		const changes = podChanges.take();
		storm = changes.size >= stormRows;
		const podRows = !podsDirty
			? snapshot.pods
			: podsReplaced
				? [...pods.rows().values()].sort(byNamespaceThenName)
				: applyRowChanges(snapshot.pods, changes, pods.rows(), byNamespaceThenName);
		podsReplaced = false;
		let nodeRows = snapshot.nodes;
		if (nodesDerived) {
			if (podsDirty || nodesDirty) nodeRows = nodesFromPods(podRows);
		} else if (nodesDirty) {
			nodeRows = [...nodes.rows().values()].sort(byName);
		}
		snapshot = {
			nodes: nodeRows,
			pods: podRows,
			connection,
			limits: limitsDirty ? [...limits] : snapshot.limits,
			loading,
			version: snapshot.version + 1,
		};
		nodesDirty = false;
		podsDirty = false;
		limitsDirty = false;
		if (connection.status === 'live') shownLive = true;
		for (const listener of [...listeners]) listener();
	};

	const schedule = () => {
		if (timer || stopped) return;
		// While a big LIST pages in, or under an event storm, publish less often. Until the first lists are all
		// shown, what has arrived goes out at once (the pods right after the nodes).
		const paging = loading.pods !== null || loading.nodes !== null;
		const wait = !paging && !shownLive ? 0 : notifyDelay({now: now(), lastNotifyAt, notifyIntervalMs, loading: paging, storm});
		timer = setTimeout(flush, wait);
	};

	const limit = (entry: AccessLimit) => {
		limits.push(entry);
		limitsDirty = true;
		schedule();
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
	const describe = (action: ApiAction) => (error: unknown) => {
		const failure = failureFromApiError(error, action);
		return {message: failure.message, fix: failure.fix};
	};

	const nodes: Reflector<NodeRow> = createReflector<NodeRow>({
		...common,
		path: '/api/v1/nodes',
		toRow: nodeToRow,
		keyOf: row => row.name,
		onRows: () => {
			nodesDirty = true;
			schedule();
		},
		describeError: describe({verb: 'list', resource: 'nodes', namespace: null}),
		onProgress(progress) {
			loading = {...loading, nodes: progress};
			schedule();
		},
		onError(error) {
			// Many users may not list nodes: derive what the pods tell (nodeName, hostIP) and say what is hidden.
			if (!isForbidden(error) || nodesDerived) return;
			nodes.stop();
			nodesDerived = true;
			nodesDirty = true;
			limit(nodesDerivedLimit);
		},
	});

	const podReflector = (namespace: string | null): Reflector<PodRow> =>
		createReflector<PodRow>({
			...common,
			path: namespace === null ? '/api/v1/pods' : `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
			toRow: podToRow,
			keyOf: row => `${row.namespace}/${row.name}`,
			onRows: () => {
				podsDirty = true;
				schedule();
			},
			onRowChange: podChanges.note,
			describeError: describe({verb: 'list', resource: 'pods', namespace}),
			onProgress(progress) {
				loading = {...loading, pods: progress};
				schedule();
			},
			onError(error) {
				// Pods in all namespaces forbidden: watch the user's own namespace, and say what is hidden.
				const fallback = options.fallbackNamespace ?? null;
				if (namespace !== null || fallback === null || !isForbidden(error) || stopped) return;
				pods.stop();
				pods = podReflector(fallback);
				podsDirty = true;
				podsReplaced = true;
				limit(namespacedPodsLimit(fallback));
				pods.start();
			},
		});
	let pods: Reflector<PodRow> = podReflector(options.namespace);

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
