/**
 * The probe pool as a one-shot command runs it (`routes NODE`, `trace`): one pod tracker shared by the pool and
 * the exit guard (SIGINT, SIGTERM, SIGHUP stop the pool, which deletes every pod it made), pods that live a
 * little longer than --timeout, one stderr line each time a node's step changes, a wait for the nodes' first
 * tables bounded by --timeout and an allowance for the checks and reads around the start, and the pods that
 * could not be deleted named on the way out.
 */
import {createPodTracker, leftBehindLines, type PodRef} from '../kube/cleanup.js';
import {newRunId} from '../kube/debug-pod-spec.js';
import {installExitGuard} from '../kube/exit-guard.js';
import {firstTables, type FirstTables} from '../kube/first-tables.js';
import type {ApiConfig} from '../kube/api-client.js';
import {createProbePool, type ProbePool} from '../kube/probe-pool.js';
import type {ProbePhase, ProbeState} from '../kube/types.js';
import {sanitizeText} from '../text/sanitize.js';

export type CommandPoolOptions = {
	/** light-kubeconfig.ts's config or client-node's KubeConfig, and the context's name. */
	readonly loaded: {readonly kubeConfig: ApiConfig; readonly contextName: string};
	readonly image: string;
	readonly debugNamespace: string;
	/** --timeout: how long a debug pod may take to start. */
	readonly timeoutMs: number;
	/** Also read rules and sysctls (trace). */
	readonly readPolicy?: boolean;
	readonly maxStarting?: number;
	/** Progress lines start with the node's name (several nodes). */
	readonly nameNodes?: boolean;
	/** Also told each node's state as it changes (after its progress line). */
	readonly onState?: (state: ProbeState) => void;
	/** Writes one line to stderr, after the command's prefix. */
	readonly say: (text: string) => void;
	readonly stderr: {write(text: string): unknown};
};

export type CommandPool = {
	readonly pool: ProbePool;
	/** Holds `nodes` too (with every node held before) and waits for their first tables or the first failure. */
	readonly read: (nodes: readonly string[]) => Promise<FirstTables>;
	/** One of this run's debug pods (not part of the picture). */
	readonly isOwnPod: (pod: PodRef) => boolean;
	/** Stops the pool and deletes its pods (once; later calls share the first run). */
	readonly cleanup: () => Promise<void>;
	/** Some debug pod could not be deleted (named on stderr by cleanup). */
	readonly leftPods: () => boolean;
	/** Removes the signal handlers; call after cleanup on the normal way out. */
	readonly dispose: () => void;
};

/** Beyond --timeout: the node and access checks before the pod is made, and the reads once it runs. */
const checksAndReadsMs = 60_000;

/** A read once is a read: the pool refreshes a node only after a day (timers hold at most 24.8 days). */
const refreshSeconds = 86_400;

/** What a node's step says on stderr: the pod's own steps, then where its tables are read from. */
function progressLine(state: ProbeState, namespace: string): string | null {
	if (state.phase === 'ready' || state.phase === 'failed') return null;
	if (state.phase === 'probing' && state.podName !== null) return `reading tables through ${sanitizeText(namespace)}/${sanitizeText(state.podName)}`;
	return state.message;
}

export function startCommandPool(options: CommandPoolOptions): CommandPool {
	const {loaded} = options;
	const tracker = createPodTracker(loaded.kubeConfig);
	const pool = createProbePool({
		kubeConfig: loaded.kubeConfig,
		image: options.image,
		namespace: options.debugNamespace,
		refreshSeconds,
		runId: newRunId(),
		context: loaded.contextName,
		tracker,
		ttlSeconds: Math.max(300, Math.ceil(options.timeoutMs / 1000) + 120),
		podTimeoutMs: options.timeoutMs,
		...(options.readPolicy ? {readPolicy: true} : {}),
		...(options.maxStarting === undefined ? {} : {maxStarting: options.maxStarting}),
	});
	// Whatever ends the run, a pod that could not be deleted is named on the way out, with how to remove it.
	const reportLeftBehind = () => {
		for (const left of tracker.leftBehind()) {
			for (const line of leftBehindLines(left, loaded.contextName)) options.say(line);
		}
	};
	const guard = installExitGuard(async () => pool.stop(), {stderr: options.stderr, afterCleanup: reportLeftBehind});
	const held = new Set<string>();
	const podNames = new Set<string>();
	const lastPhase = new Map<string, ProbePhase>();
	const onState = (state: ProbeState) => {
		if (state.podName !== null) podNames.add(state.podName);
		if (lastPhase.get(state.node) !== state.phase) {
			lastPhase.set(state.node, state.phase);
			const line = progressLine(state, options.debugNamespace);
			if (line !== null) options.say(options.nameNodes ? `${state.node}: ${line}` : line);
		}
		options.onState?.(state);
	};
	return {
		pool,
		async read(nodes) {
			for (const node of nodes) held.add(node);
			// The first step of a start (the node and access checks) is reported while acquire runs.
			pool.acquire([...held], 'command');
			return firstTables(pool, nodes, {boundMs: options.timeoutMs + checksAndReadsMs, onState});
		},
		isOwnPod: pod => pod.namespace === options.debugNamespace && podNames.has(pod.name),
		cleanup: guard.runCleanup,
		leftPods: () => tracker.leftBehind().length > 0,
		dispose: guard.dispose,
	};
}
