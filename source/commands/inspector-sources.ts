/**
 * The inspector's cluster side (the watch store, the debug-pod tracker and the node prober), in its own
 * module so that run-inspector loads it only after the first frame is on the screen. On a light kubeconfig
 * (light-kubeconfig.ts) none of it loads client-node: the store, the debug pods and their execs are plain
 * requests (pod-api.ts, exec.ts); only the sweep (`S`) loads client-node, when it starts.
 */
import type {KubeConfig} from '@kubernetes/client-node';
import type {ApiConfig} from '../kube/api-client.js';
import {createPodTracker, leftBehindLines, sweep, type PodTracker} from '../kube/cleanup.js';
import {createClusterStore} from '../kube/cluster-store.js';
import {createNodeProber} from '../kube/node-prober.js';
import {createSweepSource, type SweepSource} from '../kube/sweep-source.js';
import {createTraceTables, type TraceTables} from '../kube/trace-tables.js';
import type {ClusterStore, NodeProber} from '../kube/types.js';
import type {InspectOptions} from './inspect-flags.js';

export type InspectorSources = {
	readonly store: ClusterStore;
	readonly prober: NodeProber;
	/** `S`: one-shot pods per node, deleted by the sweep itself on finish, cancel, q, Ctrl-C and SIGTERM. */
	readonly sweeper: SweepSource;
	/** The tables a trace (t on a pod) holds. */
	readonly traceTables: TraceTables;
	/** This run's debug pods, and those it could not delete. */
	readonly tracker: PodTracker;
	/** What to tell about a pod left behind (with the commands that remove it). */
	readonly leftBehindLines: (pod: Parameters<typeof leftBehindLines>[0]) => readonly string[];
};

/** The kubeconfig as the cluster side needs it: light-kubeconfig.ts's or client-node's (kubeconfig.ts). */
export type InspectorKubeconfig = {
	readonly kubeConfig: ApiConfig;
	readonly contextName: string;
	readonly namespace: string;
	/** client-node's KubeConfig for the sweep: the loaded one, or how to load it on the first `S`. */
	readonly sweepKubeConfig: KubeConfig | (() => Promise<KubeConfig>);
};

export function createInspectorSources(
	loaded: InspectorKubeconfig,
	options: Pick<InspectOptions, 'image' | 'debugNamespace' | 'refreshSeconds'>,
	runId: string,
	/** The store already started on light-kubeconfig.ts's reading of the same kubeconfig, if any. */
	started?: ClusterStore,
): InspectorSources {
	const store = started ?? createClusterStore({kubeConfig: loaded.kubeConfig, namespace: null, fallbackNamespace: loaded.namespace});
	const tracker = createPodTracker(loaded.kubeConfig);
	// One pool for the inspected node and the trace's nodes (a node both need shares its pod); it reads the
	// policy rules and rp_filter too, which the trace needs. The prober made it and stops it.
	const prober = createNodeProber({
		kubeConfig: loaded.kubeConfig,
		image: options.image,
		namespace: options.debugNamespace,
		refreshSeconds: options.refreshSeconds,
		runId,
		tracker,
		context: loaded.contextName,
		readPolicy: true,
	});
	const sweeper = createSweepSource({kubeConfig: loaded.sweepKubeConfig, image: options.image, namespace: options.debugNamespace, context: loaded.contextName});
	const traceTables = createTraceTables(prober.pool);
	// Expired leftovers of earlier runs go first; never this run's pods. Failures only cost a leftover.
	void sweep(loaded.kubeConfig, {namespace: options.debugNamespace, expiredOnly: true, exceptRun: runId}).catch(() => undefined);
	return {store, prober, sweeper, traceTables, tracker, leftBehindLines: left => leftBehindLines(left, loaded.contextName)};
}
