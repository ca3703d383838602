/**
 * NodeProber: one node at a time. inspect(node) starts (or reuses) its debug pod and probes it; a live
 * refresh re-execs on an interval that never overlaps (the next one is scheduled when one ends) and backs
 * off on errors; pause, refreshNow; a route diff per refresh. The previous node's pod is deleted on a
 * switch; stop() deletes every pod this prober made.
 */
import type {KubeConfig} from '@kubernetes/client-node';
import {backoffDelay} from './backoff.js';
import {createPodTracker, type PodRef, type PodTracker} from './cleanup.js';
import {defaultTtlSeconds} from './debug-pod-spec.js';
import {startDebugPod} from './debug-pod.js';
import {podCommandRunner, probeTables, type CommandRunner, type ProbeTools} from './probe.js';
import {plainEqual} from './plain-equal.js';
import {diffRoutes, expireRemoved, type RemovedRoute} from './route-diff.js';
import {sanitizeText} from '../text/sanitize.js';
import type {NodeProber, ProbeFailure, ProbeState} from './types.js';

export type NodeProberOptions = {
	readonly kubeConfig: KubeConfig;
	readonly image: string;
	/** Where debug pods go. */
	readonly namespace: string;
	readonly refreshSeconds: number;
	readonly runId: string;
	readonly now?: () => number;
	/** For the pods' annotation (default: the kubeconfig's current context). */
	readonly context?: string;
	/** Share one tracker with the exit guard (default: a new one). */
	readonly tracker?: PodTracker;
	readonly ttlSeconds?: number;
	readonly commandTimeoutMs?: number;
	/** From create to running (default 120 s). */
	readonly podTimeoutMs?: number;
	/** How long removed routes stay marked (default: two refresh intervals, at least 5 s). */
	readonly removedKeepMs?: number;
	/** Tests: run commands some other way. */
	readonly runnerFor?: (pod: PodRef) => CommandRunner;
};

type Session = {
	readonly node: string;
	readonly abort: AbortController;
	pod: PodRef | null;
	/** A pod given up after a failed exec (it may be gone, or be found again): deleted if not reused. */
	lostPod: PodRef | null;
	tools: ProbeTools | undefined;
	removed: readonly RemovedRoute[];
	failures: number;
	running: boolean;
	pending: boolean;
	timer: NodeJS.Timeout | null;
	expiryTimer: NodeJS.Timeout | null;
};

const retryPolicy = {initialMs: 1000, maxMs: 30_000};

export function createNodeProber(options: NodeProberOptions): NodeProber {
	const now = options.now ?? Date.now;
	const tracker = options.tracker ?? createPodTracker(options.kubeConfig);
	const context = options.context ?? options.kubeConfig.getCurrentContext();
	const refreshMs = Math.max(1, options.refreshSeconds) * 1000;
	const removedKeepMs = options.removedKeepMs ?? Math.max(5000, 2 * refreshMs);
	const runnerFor = options.runnerFor ?? ((pod: PodRef) => podCommandRunner(options.kubeConfig, pod));
	const listeners = new Set<() => void>();
	const deletions = new Set<Promise<unknown>>();
	const cycles = new Set<Promise<void>>();
	let state: ProbeState | null = null;
	let session: Session | null = null;
	let paused = false;
	let stopped = false;
	let stopping: Promise<void> | null = null;

	const publish = (next: ProbeState) => {
		state = next;
		for (const listener of [...listeners]) listener();
	};

	const update = (current: Session, patch: Partial<ProbeState>) => {
		if (session !== current || stopped || !state) return;
		publish({...state, ...patch});
	};

	/** Deletes a pod in the background; stop() waits for it. */
	const removePod = (pod: PodRef) => {
		const deletion = tracker.remove(pod).finally(() => deletions.delete(deletion));
		deletions.add(deletion);
	};

	const clearTimers = (current: Session) => {
		if (current.timer) clearTimeout(current.timer);
		if (current.expiryTimer) clearTimeout(current.expiryTimer);
		current.timer = null;
		current.expiryTimer = null;
	};

	const schedule = (current: Session, delay: number) => {
		if (session !== current || stopped || paused) return;
		if (current.timer) clearTimeout(current.timer);
		current.timer = setTimeout(() => {
			current.timer = null;
			void cycle(current);
		}, delay);
	};

	const scheduleExpiry = (current: Session) => {
		if (current.expiryTimer) clearTimeout(current.expiryTimer);
		current.expiryTimer = null;
		// A loop, not Math.min(...): a BGP node can drop ~1M routes at once, past the call stack's argument limit.
		const oldest = current.removed.reduce((min, entry) => Math.min(min, entry.removedAt), Number.POSITIVE_INFINITY);
		if (!Number.isFinite(oldest)) return;
		current.expiryTimer = setTimeout(() => {
			current.expiryTimer = null;
			current.removed = expireRemoved(current.removed, now(), removedKeepMs);
			if (state && session === current) {
				update(current, {routeChanges: state.routeChanges.filter(row => row.change !== 'removed' || current.removed.some(entry => entry.route === row.route))});
			}
			scheduleExpiry(current);
		}, Math.max(0, oldest + removedKeepMs - now()));
	};

	const fail = (current: Session, failure: ProbeFailure, keepPod: boolean) => {
		current.failures++;
		if (!keepPod && current.pod) {
			current.lostPod = current.pod;
			current.pod = null;
		}
		const hasTables = state !== null && state.refreshedAt !== null;
		update(current, {
			phase: hasTables ? 'ready' : 'failed',
			message: hasTables ? `refresh failed: ${failure.message}` : failure.message,
			failure,
		});
		// Problems a retry cannot fix wait for the user (r, or another node); others back off and retry.
		const permanent = ['admission', 'forbidden', 'image-pull', 'command-missing', 'node-not-ready'].includes(failure.reason);
		if (!permanent || hasTables) schedule(current, backoffDelay(current.failures, retryPolicy));
	};

	/** Runs one cycle, remembered so stop() can wait for pods being created right now. */
	function cycle(current: Session): Promise<void> {
		const running = runCycle(current).catch(() => undefined);
		cycles.add(running);
		void running.finally(() => cycles.delete(running));
		return running;
	}

	async function runCycle(current: Session): Promise<void> {
		if (session !== current || stopped) return;
		if (current.running) {
			current.pending = true;
			return;
		}
		current.running = true;
		try {
			if (!current.pod) {
				const result = await startDebugPod(
					{
						kubeConfig: options.kubeConfig,
						namespace: options.namespace,
						image: options.image,
						runId: options.runId,
						context,
						tracker,
						ttlSeconds: options.ttlSeconds ?? defaultTtlSeconds,
						...(options.podTimeoutMs === undefined ? {} : {timeoutMs: options.podTimeoutMs}),
						now,
					},
					current.node,
					progress => {
						update(current, {phase: progress.phase, message: progress.message});
					},
					current.abort.signal,
				);
				if (session !== current || stopped) {
					if (result.ok) await tracker.remove(result.pod);
					return;
				}
				if (!result.ok) {
					fail(current, result.failure, false);
					return;
				}
				current.pod = result.pod;
				const lost = current.lostPod;
				current.lostPod = null;
				if (lost && (lost.namespace !== result.pod.namespace || lost.name !== result.pod.name)) removePod(lost);
				update(current, {podName: result.pod.name});
			}
			const pod = current.pod;
			if (state?.refreshedAt === null) update(current, {phase: 'probing', message: `reading tables of ${sanitizeText(current.node)}`});
			const result = await probeTables(runnerFor(pod), {
				image: options.image,
				namespace: pod.namespace,
				...(current.tools === undefined ? {} : {tools: current.tools}),
				...(options.commandTimeoutMs === undefined ? {} : {commandTimeoutMs: options.commandTimeoutMs}),
				signal: current.abort.signal,
			});
			if (session !== current || stopped) return;
			if (!result.ok) {
				// A pod that is gone (TTL, eviction) shows as an exec failure: check it again next time.
				fail(current, result.failure, result.failure.reason === 'command-missing');
				return;
			}
			current.tools = result.tables.tools;
			current.failures = 0;
			const loaded = state !== null && state.refreshedAt !== null ? state : null;
			const previous = loaded?.routes ?? null;
			// An unchanged table keeps its objects: verdicts memoised on them are not judged again each refresh.
			const routes = loaded && plainEqual(loaded.routes, result.tables.routes) ? loaded.routes : result.tables.routes;
			const interfaces =
				loaded && plainEqual(loaded.interfaces, result.tables.interfaces) ? loaded.interfaces : result.tables.interfaces;
			const warnings = loaded && plainEqual(loaded.warnings, result.tables.warnings) ? loaded.warnings : result.tables.warnings;
			const diff = diffRoutes(previous, routes, current.removed, now(), removedKeepMs);
			current.removed = diff.removed;
			update(current, {
				phase: 'ready',
				message: `${routes.length} routes, ${interfaces.length} interfaces`,
				failure: null,
				routes,
				routeChanges: diff.changes,
				interfaces,
				warnings,
				refreshedAt: now(),
			});
			scheduleExpiry(current);
			schedule(current, refreshMs);
		} finally {
			current.running = false;
			if (current.pending && session === current && !stopped) {
				current.pending = false;
				void cycle(current);
			}
		}
	}

	const endSession = (current: Session | null) => {
		if (!current) return;
		current.abort.abort();
		clearTimers(current);
		for (const pod of [current.pod, current.lostPod]) {
			if (pod) removePod(pod);
		}
		current.pod = null;
		current.lostPod = null;
	};

	return {
		inspect(node) {
			if (stopped) return;
			if (session && session.node === node && state?.phase !== 'failed') {
				void cycle(session);
				return;
			}
			const previous = session;
			// Keep the pod when re-inspecting the same node after a failure: startDebugPod reuses it if it runs.
			if (previous && previous.node === node) {
				previous.abort.abort();
				clearTimers(previous);
			} else {
				endSession(previous);
			}
			const current: Session = {
				node,
				abort: new AbortController(),
				pod: null,
				lostPod: previous && previous.node === node ? (previous.pod ?? previous.lostPod) : null,
				tools: undefined,
				removed: [],
				failures: 0,
				running: false,
				pending: false,
				timer: null,
				expiryTimer: null,
			};
			session = current;
			publish({
				node: sanitizeText(node),
				phase: 'preflight',
				message: 'starting',
				failure: null,
				podName: null,
				image: sanitizeText(options.image),
				routes: [],
				routeChanges: [],
				interfaces: [],
				warnings: [],
				refreshedAt: null,
				paused,
			});
			void cycle(current);
		},
		refreshNow() {
			if (!session || stopped) return;
			if (session.timer) clearTimeout(session.timer);
			session.timer = null;
			session.failures = 0;
			void cycle(session);
		},
		setPaused(value) {
			if (paused === value) return;
			paused = value;
			if (state) publish({...state, paused});
			if (!session) return;
			if (paused) {
				if (session.timer) clearTimeout(session.timer);
				session.timer = null;
			} else if (!session.running) {
				void cycle(session);
			}
		},
		getSnapshot: () => state,
		subscribe(listener) {
			listeners.add(listener);
			return () => {
				listeners.delete(listener);
			};
		},
		async stop() {
			stopping ??= (async () => {
				stopped = true;
				const current = session;
				session = null;
				if (current) {
					current.abort.abort();
					clearTimers(current);
				}
				await Promise.allSettled([...cycles]);
				await Promise.allSettled([...deletions]);
				await tracker.removeAll();
			})();
			return stopping;
		},
	};
}
