/**
 * Probes many nodes for a sweep, lightly: one one-shot pod per node (sweep-pod-spec.ts) that prints its tables
 * and exits, seen through ONE watch of this run's pods (not one per node), its tables read through the logs
 * API, and deleted in batches: one delete-collection by label as soon as every pod of a batch (`batchSize`
 * nodes) has been read, and one for the whole run at the end (and on abort). Per node that is a create, three
 * (or four) log reads and 1/batchSize of a delete. At most `concurrency` pods run at once and about
 * `concurrency + batchSize` exist, so a 5,000-node sweep does not leave 5,000 finished pods and their logs on
 * the cluster until it ends. Every call
 * waits for the client-side rate limit, every call and every pod has a time limit, and a node that fails is
 * reported (with its cause) while the rest goes on.
 */
import {hostname} from 'node:os';
import {CoreV1Api, type KubeConfig} from '@kubernetes/client-node';
import {apiErrorInfo} from './api-error.js';
import {bounded} from './bounded.js';
import {runSelector} from './debug-pod-spec.js';
import {integer, list, optionalRecord, record, text} from './json-fields.js';
import {failureFromApiError, podProgress} from './probe-failure.js';
import {createRateLimiter} from './rate-limit.js';
import {createReflector} from './reflector.js';
import {batchSelector, sweepCommands, sweepPodManifest, sweepPodName} from './sweep-pod-spec.js';
import {sanitizeText} from '../text/sanitize.js';
import type {ProbeFailure} from './types.js';

export type SweepProbeOptions = {
	readonly kubeConfig: KubeConfig;
	readonly namespace: string;
	readonly image: string;
	readonly runId: string;
	readonly context: string;
	/** Pods in flight at once. */
	readonly concurrency: number;
	/** Nodes whose pods are deleted together as soon as all of them are read (default 50). */
	readonly batchSize?: number;
	readonly qps: number;
	readonly burst: number;
	/** From create to the tables read, per node (default 120 s). */
	readonly podTimeoutMs?: number;
	/** Per API call (default 30 s). */
	readonly callTimeoutMs?: number;
	readonly ttlSeconds?: number;
	readonly signal?: AbortSignal;
	readonly now?: () => number;
	/** Each node's outcome, as soon as it is known. */
	readonly onNode: (outcome: NodeProbeOutcome) => void;
	readonly onProgress?: (progress: SweepProgress) => void;
};

/** What each container printed (stdout and stderr together, as the logs API gives them) and its exit code. */
export type NodeOutputs = Readonly<Record<string, {readonly text: string; readonly exitCode: number | null}>>;

export type NodeProbeOutcome =
	| {readonly node: string; readonly ok: true; readonly outputs: NodeOutputs}
	| {readonly node: string; readonly ok: false; readonly failure: ProbeFailure};

export type SweepProgress = {
	readonly total: number;
	readonly done: number;
	readonly failed: number;
	readonly inFlight: number;
	readonly apiCalls: number;
	readonly startedAt: number;
};

export type SweepProbeSummary = {
	readonly apiCalls: number;
	/** Null when every sweep pod was deleted; else why not, with the command that removes them. */
	readonly cleanupError: string | null;
};

type InFlight = {readonly node: string; readonly name: string; readonly batch: number; settled: boolean; timer: NodeJS.Timeout | null};

class CallTimeout extends Error {
	override readonly name = 'TimeoutError';
}

/** A connection reset or closed under a request (no HTTP answer, no timeout of ours). */
export function isConnectionReset(error: unknown): boolean {
	if (error instanceof CallTimeout) return false;
	const info = apiErrorInfo(error);
	return info.status === null && /ECONNRESET|EPIPE|socket hang up/i.test(`${info.reason ?? ''} ${info.message}`);
}

/** Every container has terminated: the pod's tables are in its logs. Null while any still runs or waits. */
function exitCodes(pod: unknown): Readonly<Record<string, number | null>> | null {
	const statuses = list(record(record(pod)['status'])['containerStatuses']).map(record);
	if (statuses.length < Object.keys(sweepCommands).length) return null;
	const codes: Record<string, number | null> = {};
	for (const status of statuses) {
		const terminated = optionalRecord(record(status['state'])['terminated']);
		if (!terminated) return null;
		codes[text(status['name']) ?? ''] = integer(terminated['exitCode']);
	}
	return codes;
}

/** Creations in a row without any answer from the API before the sweep gives up on the rest. */
export const unansweredLimit = 3;

export async function probeNodes(nodes: readonly string[], options: SweepProbeOptions): Promise<SweepProbeSummary> {
	const now = options.now ?? Date.now;
	const api = options.kubeConfig.makeApiClient(CoreV1Api);
	const limiter = createRateLimiter({qps: options.qps, burst: options.burst});
	const podTimeoutMs = options.podTimeoutMs ?? 120_000;
	const callTimeoutMs = options.callTimeoutMs ?? 30_000;
	const {namespace, image, runId} = options;
	const selector = runSelector(runId);
	const startedAt = now();
	const batchSize = Math.max(1, Math.floor(options.batchSize ?? 50));
	const batchCount = Math.ceil(nodes.length / batchSize);
	const queue = nodes.map((node, index) => ({node, batch: Math.floor(index / batchSize)}));
	const inFlight = new Map<string, InFlight>();
	/** Per batch, the nodes not yet settled; at 0 its pods are deleted (the last batch by the run's delete). */
	const unsettled = Array.from({length: batchCount}, (_, batch) => Math.min(batchSize, nodes.length - batch * batchSize));
	const batchDeletes: Array<Promise<void>> = [];
	let apiCalls = 0;
	let done = 0;
	let failed = 0;
	/** A failure that every node would hit (RBAC, admission, a dead API): the rest is not tried. */
	let fatal: ProbeFailure | null = null;
	/** Pod creations in a row that got no HTTP answer; `unansweredLimit` of them means the API is gone. */
	let unansweredInARow = 0;
	let finishAll: () => void = () => undefined;
	const allDone = new Promise<void>(resolve => {
		finishAll = resolve;
	});

	const progress = (): void =>
		options.onProgress?.({total: nodes.length, done, failed, inFlight: inFlight.size, apiCalls, startedAt});

	const call = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
		await limiter.take(options.signal);
		apiCalls++;
		return bounded(run(), callTimeoutMs, () => new CallTimeout(`${what} did not answer within ${Math.round(callTimeoutMs / 1000)} s`));
	};

	/**
	 * An idempotent read, tried again once when its connection was reset: a kept-alive connection the server
	 * closed just as the request went out is a race, not a dead node.
	 */
	const read = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
		try {
			return await call(what, run);
		} catch (error) {
			if (!isConnectionReset(error)) throw error;
			return call(what, run);
		}
	};

	const settle = (entry: InFlight, outcome: NodeProbeOutcome): void => {
		if (entry.settled) return;
		entry.settled = true;
		if (entry.timer) clearTimeout(entry.timer);
		inFlight.delete(entry.name);
		if (outcome.ok) done++;
		else failed++;
		options.onNode(outcome);
		batchSettled(entry.batch);
		progress();
		pump();
	};

	const batchSettled = (batch: number): void => {
		unsettled[batch] = (unsettled[batch] ?? 1) - 1;
		if (unsettled[batch] !== 0 || batch === batchCount - 1 || fatal !== null) return;
		// Best effort: the run's delete-collection at the end removes whatever this one misses.
		batchDeletes.push(
			call(`deleting sweep batch ${batch}`, async () => api.deleteCollectionNamespacedPod({namespace, labelSelector: batchSelector(runId, batch), gracePeriodSeconds: 0})).then(
				() => undefined,
				() => undefined,
			),
		);
	};
	const fail = (entry: InFlight, failure: ProbeFailure): void => settle(entry, {node: entry.node, ok: false, failure});

	const readLogs = async (entry: InFlight, codes: Readonly<Record<string, number | null>>): Promise<void> => {
		const wanted = Object.keys(sweepCommands).filter(name => name !== 'route-n' || codes['routes'] !== 0);
		const outputs: Record<string, {text: string; exitCode: number | null}> = {};
		try {
			for (const container of wanted) {
				const log = await read(`the log of ${entry.name}/${container}`, async () => api.readNamespacedPodLog({name: entry.name, namespace, container}));
				outputs[container] = {text: typeof log === 'string' ? log : String(log), exitCode: codes[container] ?? null};
			}
		} catch (error) {
			fail(entry, failureFromApiError(error, {verb: 'get', resource: 'pods/log', namespace}));
			return;
		}
		settle(entry, {node: entry.node, ok: true, outputs});
	};

	const onPod = (object: unknown): void => {
		const name = text(record(record(object)['metadata'])['name']);
		const entry = name ? inFlight.get(name) : undefined;
		if (!entry || entry.settled) return;
		const codes = exitCodes(object);
		if (codes) {
			if (entry.timer === null) return; // logs already being read
			clearTimeout(entry.timer);
			entry.timer = null;
			void readLogs(entry, codes);
			return;
		}
		const phase = text(record(record(object)['status'])['phase']);
		const {failure} = podProgress(object, image);
		// podProgress reads a terminated container as a failure (the debug pod sleeps); here exits are the point.
		if (failure && (failure.reason === 'image-pull' || phase === 'Failed' || (failure.reason === 'pod-failed' && !/exited with code/.test(failure.message)))) {
			fail(entry, failure);
		}
	};

	const reflector = createReflector<{readonly name: string}>({
		kubeConfig: options.kubeConfig,
		path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
		labelSelector: selector,
		requestTimeoutMs: callTimeoutMs,
		onListRequest: () => {
			apiCalls++;
		},
		toRow: object => {
			const name = text(record(record(object)['metadata'])['name']);
			return name ? {name} : null;
		},
		keyOf: row => row.name,
		onRows: () => undefined,
		onConnection: () => undefined,
		onObject: (type, object) => {
			if (type === 'upsert') {
				onPod(object);
				return;
			}
			const name = text(record(record(object)['metadata'])['name']);
			const entry = name ? inFlight.get(name) : undefined;
			if (entry && entry.timer !== null) {
				fail(entry, {reason: 'pod-deleted', message: `sweep pod ${sanitizeText(entry.name)} was deleted before it finished`, fix: 'run the sweep again; check NoExecute taints and admission webhooks if it repeats'});
			}
		},
	});

	const start = async (node: string, batch: number): Promise<void> => {
		const name = sweepPodName(node, runId);
		const entry: InFlight = {node, name, batch, settled: false, timer: null};
		inFlight.set(name, entry);
		entry.timer = setTimeout(() => {
			fail(entry, {
				reason: 'timeout',
				message: `sweep pod ${sanitizeText(name)} did not finish within ${Math.round(podTimeoutMs / 1000)} s`,
				fix: `kubectl describe pod -n ${sanitizeText(namespace)} ${sanitizeText(name)} shows why (a slow image pull, a busy node); raise --timeout`,
			});
		}, podTimeoutMs);
		const manifest = sweepPodManifest({
			node,
			runId,
			image,
			namespace,
			ttlSeconds: options.ttlSeconds ?? Math.max(60, Math.ceil(podTimeoutMs / 1000) * 2),
			host: hostname(),
			pid: process.pid,
			startedAt: now(),
			context: options.context,
			batch,
		});
		try {
			await call(`creating ${name}`, async () => api.createNamespacedPod({namespace, body: manifest as never}));
			unansweredInARow = 0;
		} catch (error) {
			if (entry.settled) return;
			const info = apiErrorInfo(error);
			const failure = error instanceof CallTimeout ? {reason: 'timeout' as const, message: error.message, fix: 'the API server is slow or unreachable; lower --qps or --concurrency, or try again'} : failureFromApiError(error, {verb: 'create', resource: 'pods', namespace});
			// Refused for reasons every node shares: stop here instead of making the same call thousands of times.
			// No answer at all (a reset connection, a timeout) may be one bad moment: only several in a row stop it.
			if (info.status === null) unansweredInARow++;
			if (info.status === 401 || info.status === 403 || (info.status === 404 && /namespace/i.test(info.message)) || unansweredInARow >= unansweredLimit) fatal ??= failure;
			fail(entry, failure);
		}
	};

	const pump = (): void => {
		if (options.signal?.aborted) fatal ??= {reason: 'unknown', message: 'cancelled', fix: ''};
		while (queue.length > 0 && (fatal !== null || inFlight.size < options.concurrency)) {
			const {node, batch} = queue.shift()!;
			if (fatal !== null) {
				failed++;
				options.onNode({node, ok: false, failure: fatal});
				continue;
			}
			void start(node, batch);
		}
		if (fatal !== null) for (const entry of [...inFlight.values()]) fail(entry, fatal);
		if (queue.length === 0 && inFlight.size === 0) finishAll();
	};

	const onAbort = (): void => pump();
	options.signal?.addEventListener('abort', onAbort, {once: true});
	reflector.start();
	progress();
	pump();
	await allDone;
	options.signal?.removeEventListener('abort', onAbort);
	reflector.stop();
	await Promise.all(batchDeletes);
	return {apiCalls: apiCalls + 1, cleanupError: await deleteRun(api, namespace, selector, callTimeoutMs)};
}

/** One delete-collection of every pod of this run; an error says how to remove them by hand. */
export async function deleteRun(api: CoreV1Api, namespace: string, selector: string, timeoutMs: number): Promise<string | null> {
	try {
		await bounded(api.deleteCollectionNamespacedPod({namespace, labelSelector: selector, gracePeriodSeconds: 0}), timeoutMs, () => new CallTimeout(`deleting the sweep pods did not answer within ${Math.round(timeoutMs / 1000)} s`));
		return null;
	} catch (error) {
		const info = error instanceof CallTimeout ? {message: error.message} : apiErrorInfo(error);
		return `could not delete the sweep pods (${info.message}); remove them with: netinspect cleanup, or kubectl delete pods -n ${sanitizeText(namespace)} -l ${selector}`;
	}
}


