/**
 * Keeps one resource (nodes, pods, or a single pod by field selector) mirrored as compact rows, on top of
 * client-node 1.4.0's ListWatch, with the defences it lacks:
 * - W2/W9: every error is handled; the watch restarts with backoff (1 s → 30 s) and relists.
 * - W4: own `stopped` flag and attempt generations: a stopped or superseded ListWatch is ignored.
 * - W1: a watchdog restarts (relists) when nothing arrived for `watchdogMs`; a LIST still loading (a big
 *   cluster, a slow API server) gets `listWatchdogFactor` times as long before it is abandoned.
 * - W3: streams that end too soon are re-watched with growing delay.
 * - W6: rows are compared by content; unchanged updates are dropped.
 */
import {ListWatch, Watch, type KubeConfig, type KubernetesListObject, type KubernetesObject} from '@kubernetes/client-node';
import {apiErrorInfo} from './api-error.js';
import {backoffDelay, reconnectDelay, shortStreamMs, watchBackoff, type BackoffPolicy} from './backoff.js';
import {statusAfterFailure} from './connection-state.js';
import type {ConnectionState} from './types.js';

export type ReflectorOptions<Row> = {
	readonly kubeConfig: KubeConfig;
	/** API path, e.g. `/api/v1/pods`. */
	readonly path: string;
	readonly list: () => Promise<KubernetesListObject<KubernetesObject>>;
	readonly fieldSelector?: string;
	readonly labelSelector?: string;
	/** Object → row; null drops it. */
	readonly toRow: (object: unknown) => Row | null;
	readonly keyOf: (row: Row) => string;
	/** Called after rows changed (content-diffed). */
	readonly onRows: () => void;
	readonly onConnection: (state: ConnectionState) => void;
	/** Called with each raw object as it arrives (DELETED too), after the rows were updated. */
	readonly onObject?: (type: 'upsert' | 'delete', object: unknown) => void;
	/** A failed LIST or watch in words: its cause and what to do (default: the API's message, no fix). */
	readonly describeError?: (error: unknown) => {readonly message: string; readonly fix: string | null};
	/** Called with each failure before the retry is scheduled; it may stop this reflector (no retry then). */
	readonly onError?: (error: unknown) => void;
	readonly now?: () => number;
	readonly watchdogMs?: number;
	readonly staleAfterMs?: number;
	readonly backoff?: BackoffPolicy;
};

export type Reflector<Row> = {
	readonly rows: () => ReadonlyMap<string, Row>;
	readonly connection: () => ConnectionState;
	readonly start: () => void;
	readonly stop: () => void;
	/** Relist now (watchdog, or the user asked). */
	readonly restart: () => void;
};

type Entry<Row> = {readonly row: Row; readonly json: string};

/** A LIST in flight may take this many watchdog periods (no total timeout on LISTs: they can be huge). */
export const listWatchdogFactor = 4;

export function createReflector<Row>(options: ReflectorOptions<Row>): Reflector<Row> {
	const now = options.now ?? Date.now;
	const watchdogMs = options.watchdogMs ?? 5 * 60_000;
	const staleAfterMs = options.staleAfterMs ?? 30_000;
	const policy = options.backoff ?? watchBackoff;
	const entries = new Map<string, Entry<Row>>();
	let rowsView: ReadonlyMap<string, Row> | null = null;
	let connection: ConnectionState = {status: 'connecting', since: now(), error: null, fix: null, attempts: 0};
	const describeError = options.describeError ?? ((error: unknown) => ({message: apiErrorInfo(error).message, fix: null}));
	let stopped = false;
	let started = false;
	let generation = 0;
	let current: ListWatch<KubernetesObject> | null = null;
	let retryTimer: NodeJS.Timeout | null = null;
	let lastActivityAt = now();
	let lastLiveAt: number | null = null;
	let shortStreams = 0;
	/** The attempt whose LIST is in flight, or null. */
	let listingGeneration: number | null = null;
	const tick = setInterval(() => {
		if (stopped || !started) return;
		const idle = now() - lastActivityAt;
		const limit = listingGeneration === generation ? watchdogMs * listWatchdogFactor : watchdogMs;
		if (retryTimer === null && idle >= limit) {
			fail(generation, new Error(`no watch event for ${Math.round(idle / 1000)} s; relisting`), false);
		} else if (connection.status === 'reconnecting' && lastLiveAt !== null && now() - lastLiveAt >= staleAfterMs) {
			setConnection({...connection, status: 'stale', since: now()});
		}
	}, Math.max(10, Math.min(1000, Math.floor(watchdogMs / 4))));
	tick.unref();

	const setConnection = (next: ConnectionState) => {
		if (
			next.status === connection.status &&
			next.error === connection.error &&
			next.fix === connection.fix &&
			next.attempts === connection.attempts
		) {
			return;
		}
		connection = next;
		options.onConnection(next);
	};

	const upsert = (object: unknown): boolean => {
		const row = options.toRow(object);
		if (!row) return false;
		const key = options.keyOf(row);
		const json = JSON.stringify(row);
		if (entries.get(key)?.json === json) return false;
		entries.set(key, {row, json});
		rowsView = null;
		return true;
	};

	const remove = (object: unknown): boolean => {
		const row = options.toRow(object);
		if (!row) return false;
		const deleted = entries.delete(options.keyOf(row));
		if (deleted) rowsView = null;
		return deleted;
	};

	/** Replaces every row with a fresh list (a relist also drops what was deleted meanwhile). */
	const replaceAll = (items: readonly unknown[]): boolean => {
		const seen = new Set<string>();
		let changed = false;
		for (const item of items) {
			const row = options.toRow(item);
			if (!row) continue;
			seen.add(options.keyOf(row));
			changed = upsert(item) || changed;
		}
		for (const key of [...entries.keys()]) {
			if (!seen.has(key)) {
				entries.delete(key);
				rowsView = null;
				changed = true;
			}
		}
		return changed;
	};

	const fail = (attemptGeneration: number, error: unknown, countsAsFailure = true) => {
		if (stopped || attemptGeneration !== generation) return; // W4: a stopped or old ListWatch
		generation++;
		const old = current;
		current = null;
		void old?.stop().catch(() => undefined);
		const attempts = countsAsFailure ? connection.attempts + 1 : connection.attempts;
		if (countsAsFailure) {
			const problem = describeError(error);
			setConnection({
				status: statusAfterFailure(lastLiveAt, now(), staleAfterMs),
				since: now(),
				error: problem.message,
				fix: problem.fix,
				attempts,
			});
			options.onError?.(error);
			if (stopped) return;
		}
		const delay = countsAsFailure ? backoffDelay(attempts, policy) : 0;
		retryTimer = setTimeout(() => {
			retryTimer = null;
			attempt();
		}, delay);
		retryTimer.unref();
	};

	/** client-node's Watch, with W3 spacing and activity tracking; callbacks of old attempts are dropped. */
	class GuardedWatch extends Watch {
		readonly attemptGeneration: number;

		constructor(attemptGeneration: number) {
			super(options.kubeConfig);
			this.attemptGeneration = attemptGeneration;
		}

		override async watch(
			path: string,
			queryParams: Record<string, string | number | boolean | undefined>,
			callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
			done: (error: unknown) => void,
		): Promise<AbortController> {
			const delay = reconnectDelay(shortStreams, policy);
			if (delay > 0) await new Promise(resolve => setTimeout(resolve, delay).unref());
			if (stopped || this.attemptGeneration !== generation) return new AbortController();
			const startedAt = now();
			lastActivityAt = startedAt;
			const controller = await super.watch(
				path,
				queryParams,
				(phase, object, raw) => {
					if (stopped || this.attemptGeneration !== generation) return;
					lastActivityAt = now();
					callback(phase, object, raw);
				},
				error => {
					if (stopped || this.attemptGeneration !== generation) return;
					shortStreams = now() - startedAt < shortStreamMs ? shortStreams + 1 : 0;
					done(error);
				},
			);
			// ListWatch cannot abort a watch whose response headers had not arrived when it was stopped:
			// close such a stream as soon as it exists, or it would stay open for good.
			if (stopped || this.attemptGeneration !== generation) controller.abort();
			return controller;
		}
	}

	function attempt(): void {
		if (stopped) return;
		const attemptGeneration = ++generation;
		lastActivityAt = now();
		const listFn = async () => {
			listingGeneration = attemptGeneration;
			let list: KubernetesListObject<KubernetesObject>;
			try {
				list = await options.list();
			} finally {
				if (listingGeneration === attemptGeneration) listingGeneration = null;
			}
			if (stopped || attemptGeneration !== generation) return {items: [], metadata: {resourceVersion: ''}} as KubernetesListObject<KubernetesObject>;
			lastActivityAt = now();
			lastLiveAt = now();
			if (replaceAll(list.items)) options.onRows();
			setConnection({status: 'live', since: now(), error: null, fix: null, attempts: 0});
			return list;
		};
		const listWatch = new ListWatch<KubernetesObject>(
			options.path,
			new GuardedWatch(attemptGeneration),
			listFn,
			false,
			options.labelSelector,
			options.fieldSelector,
		);
		const onUpsert = (object: KubernetesObject) => {
			if (stopped || attemptGeneration !== generation) return;
			if (connection.status !== 'live') {
				lastLiveAt = now();
				setConnection({status: 'live', since: now(), error: null, fix: null, attempts: 0});
			}
			if (upsert(object)) options.onRows();
			options.onObject?.('upsert', object);
		};
		listWatch.on('add', onUpsert);
		listWatch.on('update', onUpsert);
		listWatch.on('delete', object => {
			if (stopped || attemptGeneration !== generation) return;
			if (remove(object)) options.onRows();
			options.onObject?.('delete', object);
		});
		listWatch.on('error', error => {
			fail(attemptGeneration, error);
		});
		current = listWatch;
		listWatch.start().catch((error: unknown) => {
			fail(attemptGeneration, error);
		});
	}

	return {
		rows() {
			rowsView ??= new Map([...entries].map(([key, entry]) => [key, entry.row]));
			return rowsView;
		},
		connection: () => connection,
		start() {
			if (started || stopped) return;
			started = true;
			attempt();
		},
		stop() {
			if (stopped) return;
			stopped = true;
			generation++;
			clearInterval(tick);
			if (retryTimer) clearTimeout(retryTimer);
			retryTimer = null;
			void current?.stop().catch(() => undefined);
			current = null;
		},
		restart() {
			if (!started || stopped) return;
			if (retryTimer) clearTimeout(retryTimer);
			retryTimer = null;
			fail(generation, new Error('restart'), false);
		},
	};
}
