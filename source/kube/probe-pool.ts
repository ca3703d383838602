/**
 * The probe pool's runner: does what probe-pool-state.ts decides (start a debug pod with startDebugPod, read
 * its tables with probeTables, cancel, delete through the pod tracker the exit guard shares, one timer for the
 * next tick) and feeds the outcomes back as events. Holders: `acquire(nodes, holder)` (the holder then holds
 * exactly those nodes), `release(holder)`; each node's ProbeState through getSnapshot(node) and subscribe.
 * stop() cancels everything and deletes every pod this run made.
 */
import type {ApiConfig} from './api-client.js';
import {createPodTracker, type PodRef, type PodTracker} from './cleanup.js';
import {defaultTtlSeconds} from './debug-pod-spec.js';
import {startDebugPod, type DebugPodProgress} from './debug-pod.js';
import {podCommandRunner, probeTables, type CommandRunner} from './probe.js';
import {probePolicy} from './probe-policy.js';
import {initialPoolState, reduce, type PoolCommand, type PoolEvent, type PoolState} from './probe-pool-state.js';
import {sanitizeLine} from '../text/sanitize.js';
import type {ProbeFailure, ProbeState} from './types.js';

export type ProbePoolOptions = {
	/** light-kubeconfig.ts's config, or client-node's KubeConfig (its exec plugins, auth providers, proxies). */
	readonly kubeConfig: ApiConfig;
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
	/** How long a node nobody holds keeps its pod (default 3 s). */
	readonly releaseGraceMs?: number;
	/** Most debug pods starting at once (default 3). */
	readonly maxStarting?: number;
	/** Also read policy rules and rp_filter/forwarding sysctls each refresh (what a trace needs). */
	readonly readPolicy?: boolean;
	/** Tests: run commands some other way. */
	readonly runnerFor?: (pod: PodRef) => CommandRunner;
};

export type ProbePool = {
	/** `holder` now holds exactly `nodes`: new ones start (or reuse) their pod; the others it held are released. */
	readonly acquire: (nodes: readonly string[], holder: string) => void;
	/** Lets go of every node the holder held; a node nobody holds has its pod deleted after the grace. */
	readonly release: (holder: string) => void;
	/** Reads the holder's nodes again now (a failed one too), without waiting for the schedule or backoff. */
	readonly refreshNow: (holder: string) => void;
	/** A node held only by paused holders is not refreshed on schedule (refreshNow still reads it). */
	readonly setPaused: (holder: string, paused: boolean) => void;
	/** The node's state, the same object until it changes; null when the pool does not have the node. */
	readonly getSnapshot: (node: string) => ProbeState | null;
	/** Called on every change of any node's state (`node` given: of that node only). */
	readonly subscribe: (listener: () => void, node?: string) => () => void;
	/** Cancels everything and deletes every debug pod this pool made; resolves when done (idempotent). */
	readonly stop: () => Promise<void>;
};

export const defaultReleaseGraceMs = 3000;
export const defaultMaxStarting = 3;
const retryPolicy = {initialMs: 1000, maxMs: 30_000};

export function createProbePool(options: ProbePoolOptions): ProbePool {
	const now = options.now ?? Date.now;
	const tracker = options.tracker ?? createPodTracker(options.kubeConfig);
	const context = options.context ?? options.kubeConfig.getCurrentContext?.() ?? '';
	const refreshMs = Math.max(1, options.refreshSeconds) * 1000;
	const runnerFor = options.runnerFor ?? ((pod: PodRef) => podCommandRunner(options.kubeConfig, pod));
	let state: PoolState = initialPoolState({
		image: options.image,
		refreshMs,
		removedKeepMs: options.removedKeepMs ?? Math.max(5000, 2 * refreshMs),
		releaseGraceMs: options.releaseGraceMs ?? defaultReleaseGraceMs,
		maxStarting: Math.max(1, options.maxStarting ?? defaultMaxStarting),
		retry: retryPolicy,
	});
	const listeners = new Set<{readonly listener: () => void; readonly node: string | undefined}>();
	const aborts = new Map<number, AbortController>();
	const work = new Set<Promise<unknown>>();
	const deletions = new Set<Promise<unknown>>();
	let timer: NodeJS.Timeout | null = null;
	const queue: PoolEvent[] = [];
	let dispatching = false;
	let stopping: Promise<void> | null = null;

	const remember = (set: Set<Promise<unknown>>, promise: Promise<unknown>) => {
		const settled = promise.catch(() => undefined).finally(() => set.delete(settled));
		set.add(settled);
	};

	/**
	 * Runs one start or probe, cancellable by its attempt id, and hands its outcome back as an event; a throw
	 * (a bug, or a library surprise) is a failure with its cause too, so the node never stays "starting".
	 */
	const run = <T>(
		attempt: number,
		task: (signal: AbortSignal) => Promise<T>,
		outcome: (result: T, at: number) => PoolEvent,
		thrown: (failure: ProbeFailure, at: number) => PoolEvent,
	) => {
		const abort = new AbortController();
		aborts.set(attempt, abort);
		const running = (async () => {
			let event: PoolEvent;
			try {
				event = outcome(await task(abort.signal), now());
			} catch (error) {
				event = thrown({reason: 'unknown', message: sanitizeLine(error) || 'probe failed', fix: 'try again'}, now());
			}
			aborts.delete(attempt);
			dispatch(event);
		})();
		remember(work, running);
	};

	const startPod = (node: string, attempt: number) => {
		const podOptions = {
			kubeConfig: options.kubeConfig,
			namespace: options.namespace,
			image: options.image,
			runId: options.runId,
			context,
			tracker,
			ttlSeconds: options.ttlSeconds ?? defaultTtlSeconds,
			...(options.podTimeoutMs === undefined ? {} : {timeoutMs: options.podTimeoutMs}),
			now,
		};
		const progress = (update: DebugPodProgress) => {
			dispatch({type: 'pod-progress', node, attempt, phase: update.phase, message: update.message});
		};
		const failed = (failure: ProbeFailure, at: number): PoolEvent => ({type: 'pod-failed', node, attempt, failure, now: at});
		run(
			attempt,
			async signal => startDebugPod(podOptions, node, progress, signal),
			(result, at) => (result.ok ? {type: 'pod-started', node, attempt, pod: result.pod, now: at} : failed(result.failure, at)),
			failed,
		);
	};

	const probe = ({node, attempt, pod, tools, previous}: Extract<PoolCommand, {type: 'probe'}>) => {
		const failed = (failure: ProbeFailure, at: number): PoolEvent => ({type: 'probe-failed', node, attempt, failure, now: at});
		const read = async (signal: AbortSignal) => {
			const commands = runnerFor(pod);
			const result = await probeTables(commands, {
				image: options.image,
				namespace: pod.namespace,
				...(tools === null ? {} : {tools}),
				...(previous === undefined ? {} : {previous}),
				...(options.commandTimeoutMs === undefined ? {} : {commandTimeoutMs: options.commandTimeoutMs}),
				signal,
			});
			if (!result.ok || !options.readPolicy) return {result, policy: undefined};
			const policy = await probePolicy(commands, result.tables.tools, options.commandTimeoutMs ?? 10_000, signal);
			return {result, policy};
		};
		run(
			attempt,
			read,
			({result, policy}, at) =>
				result.ok
					? {type: 'probe-result', node, attempt, tables: result.tables, ...(policy === undefined ? {} : {policy}), now: at}
					: failed(result.failure, at),
			failed,
		);
	};

	const execute = (command: PoolCommand) => {
		switch (command.type) {
			case 'start-pod': {
				startPod(command.node, command.attempt);
				break;
			}
			case 'probe': {
				probe(command);
				break;
			}
			case 'cancel': {
				aborts.get(command.attempt)?.abort();
				aborts.delete(command.attempt);
				break;
			}
			case 'delete-pod': {
				remember(deletions, tracker.remove(command.pod));
				break;
			}
			case 'wake': {
				if (timer) clearTimeout(timer);
				timer = null;
				if (command.at !== null) {
					timer = setTimeout(() => {
						timer = null;
						dispatch({type: 'tick', now: now()});
					}, Math.max(0, command.at - now()));
				}
				break;
			}
		}
	};

	const notify = (before: PoolState, after: PoolState) => {
		const changed = new Set<string>();
		for (const node of new Set([...before.nodes.keys(), ...after.nodes.keys()])) {
			if (before.nodes.get(node)?.view !== after.nodes.get(node)?.view) changed.add(node);
		}
		if (changed.size === 0) return;
		for (const entry of [...listeners]) {
			if (entry.node === undefined || changed.has(entry.node)) entry.listener();
		}
	};

	/** Events that arrive while one is handled (progress called back synchronously) wait their turn. */
	function dispatch(event: PoolEvent): void {
		queue.push(event);
		if (dispatching) return;
		dispatching = true;
		try {
			for (let next = queue.shift(); next; next = queue.shift()) {
				const before = state;
				const step = reduce(state, next);
				state = step.state;
				for (const command of step.commands) execute(command);
				notify(before, state);
			}
		} finally {
			dispatching = false;
		}
	}

	return {
		acquire(nodes, holder) {
			dispatch({type: 'acquire', holder, nodes, now: now()});
		},
		release(holder) {
			dispatch({type: 'release', holder, now: now()});
		},
		refreshNow(holder) {
			dispatch({type: 'refresh', holder, now: now()});
		},
		setPaused(holder, paused) {
			dispatch({type: 'pause', holder, paused, now: now()});
		},
		getSnapshot: node => state.nodes.get(node)?.view ?? null,
		subscribe(listener, node) {
			const entry = {listener, node};
			listeners.add(entry);
			return () => {
				listeners.delete(entry);
			};
		},
		async stop() {
			stopping ??= (async () => {
				dispatch({type: 'stop'});
				if (timer) clearTimeout(timer);
				timer = null;
				// Outcomes still arriving only delete the pods they made.
				while (work.size > 0) await Promise.allSettled([...work]);
				await Promise.allSettled([...deletions]);
				await tracker.removeAll();
			})();
			return stopping;
		},
	};
}
