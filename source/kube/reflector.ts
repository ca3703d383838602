/**
 * Keeps one resource (nodes, pods, or a single pod by field selector) mirrored as compact rows: a LIST in
 * pages (`limit` + `continue`, as kubectl), each page parsed straight into rows, then a watch from the
 * list's resourceVersion. Plain JSON through api-client (no client-node ObjectSerializer), with the
 * defences an informer needs:
 * - W2/W9: every error is handled; the watch restarts with backoff (1 s → 30 s) and relists.
 * - W4: own `stopped` flag and attempt generations: a stopped or superseded attempt is ignored, and its
 *   requests are aborted.
 * - W1: a watchdog restarts (relists) when nothing arrived for `watchdogMs` (bookmarks count); a LIST still
 *   paging (a big cluster, a slow API server) gets `listWatchdogFactor` times as long. Every page has a total
 *   timeout, every watch a connect timeout and a server-side `timeoutSeconds`.
 * - W3: streams that end too soon are re-watched with growing delay; 410 Gone relists without counting as
 *   a failure.
 * - W6: rows are compared field by field; unchanged updates are dropped (no JSON kept per row), and a changed
 *   row shares its unchanged parts with the one it replaces.
 */
import {apiClientFor, ApiStatusError, type ApiClient, type ApiConfig} from './api-client.js';
import {apiErrorInfo} from './api-error.js';
import {withQuery} from './list-pages.js';
import {backoffDelay, reconnectDelay, shortStreamMs, watchBackoff, type BackoffPolicy} from './backoff.js';
import {statusAfterFailure} from './connection-state.js';
import {list, record} from './json-fields.js';
import {shareEqual} from './share-equal.js';
import type {ConnectionState, ListProgress} from './types.js';

export type {ListProgress} from './types.js';

export type ReflectorOptions<Row> = {
	readonly kubeConfig: ApiConfig;
	/** The transport (default: one per kubeConfig). */
	readonly api?: Pick<ApiClient, 'getJson' | 'watch'>;
	/** API path, e.g. `/api/v1/pods`. */
	readonly path: string;
	readonly fieldSelector?: string;
	readonly labelSelector?: string;
	/** Object → row; null drops it. */
	readonly toRow: (object: unknown) => Row | null;
	readonly keyOf: (row: Row) => string;
	/** Called after rows changed (field-compared); during a paged LIST after each page that changed some. */
	readonly onRows: () => void;
	/** Called for each row about to change, with the version it replaces (undefined: a new key). */
	readonly onRowChange?: (key: string, previous: Row | undefined) => void;
	readonly onConnection: (state: ConnectionState) => void;
	/**
	 * Called with each raw object as it arrives (listed items and watch events; DELETED too), after the rows
	 * were updated. A row gone at a relist is passed as a `delete` of `{metadata: {name, namespace}}` taken
	 * from the row (its object is not kept).
	 */
	readonly onObject?: (type: 'upsert' | 'delete', object: unknown) => void;
	/** A failed LIST or watch in words: its cause and what to do (default: the API's message, no fix). */
	readonly describeError?: (error: unknown) => {readonly message: string; readonly fix: string | null};
	/** Called with each failure before the retry is scheduled; it may stop this reflector (no retry then). */
	readonly onError?: (error: unknown) => void;
	/** While a LIST is paging: items loaded so far and the server's estimate of what remains; null when done. */
	readonly onProgress?: (progress: ListProgress | null) => void;
	/** Called for every LIST page requested (for callers that count their API calls). */
	readonly onListRequest?: () => void;
	/** Items per LIST page (default 500, as kubectl). */
	readonly pageSize?: number;
	/** Total time one page (or an unpaged GET) may take (default 60 s). */
	readonly requestTimeoutMs?: number;
	/** Time a watch may take to answer with its headers (default 30 s). */
	readonly connectTimeoutMs?: number;
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

/** A LIST in flight may take this many watchdog periods between two pages before it is abandoned. */
export const listWatchdogFactor = 4;

/** What a consumer of `onObject` reads of an object (its name, namespace), from a row that has them. */
function objectOfRow(row: unknown): unknown {
	const {name, namespace} = record(row);
	return {metadata: {...(typeof name === 'string' ? {name} : {}), ...(typeof namespace === 'string' ? {namespace} : {})}};
}

function resourceVersionOf(object: unknown): string | null {
	const value = record(record(object)['metadata'])['resourceVersion'];
	return typeof value === 'string' && value !== '' ? value : null;
}

export function createReflector<Row>(options: ReflectorOptions<Row>): Reflector<Row> {
	const now = options.now ?? Date.now;
	const watchdogMs = options.watchdogMs ?? 5 * 60_000;
	const staleAfterMs = options.staleAfterMs ?? 30_000;
	const policy = options.backoff ?? watchBackoff;
	const pageSize = options.pageSize ?? 500;
	const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
	const connectTimeoutMs = options.connectTimeoutMs ?? 30_000;
	const api = options.api ?? apiClientFor(options.kubeConfig);
	const selectors = {fieldSelector: options.fieldSelector, labelSelector: options.labelSelector};
	const rows = new Map<string, Row>();
	let connection: ConnectionState = {status: 'connecting', since: now(), error: null, fix: null, attempts: 0};
	const describeError = options.describeError ?? ((error: unknown) => ({message: apiErrorInfo(error).message, fix: null}));
	let stopped = false;
	let started = false;
	let generation = 0;
	let current: AbortController | null = null;
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

	const goLive = () => {
		lastLiveAt = now();
		setConnection({status: 'live', since: now(), error: null, fix: null, attempts: 0});
	};

	/**
	 * Stores the row unless an equal one (field by field) is there, sharing the parts that did not change
	 * with the row it replaces; true when it changed something.
	 */
	const put = (row: Row): boolean => {
		const key = options.keyOf(row);
		const previous = rows.get(key);
		const stored = previous === undefined ? row : shareEqual(previous, row);
		if (stored === previous) return false;
		options.onRowChange?.(key, previous);
		rows.set(key, stored);
		return true;
	};

	const fail = (attemptGeneration: number, error: unknown, countsAsFailure = true) => {
		if (stopped || attemptGeneration !== generation) return; // W4: a stopped or old attempt
		generation++;
		current?.abort();
		current = null;
		if (listingGeneration !== null) {
			listingGeneration = null;
			options.onProgress?.(null);
		}
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

	const live = (attemptGeneration: number) => !stopped && attemptGeneration === generation;

	/** Every page into rows as it arrives; at the end, rows the list no longer has are dropped. */
	async function listAll(attemptGeneration: number, signal: AbortSignal): Promise<string | null> {
		const seen = new Set<string>();
		let token: string | null = null;
		let resourceVersion: string | null = null;
		let loaded = 0;
		listingGeneration = attemptGeneration;
		const fetchPage = (continueToken: string | null) => {
			options.onListRequest?.();
			const request = api.getJson(withQuery(options.path, {...selectors, limit: String(pageSize), continue: continueToken ?? undefined}), {timeoutMs: requestTimeoutMs, signal});
			request.catch(() => undefined); // awaited below; an attempt abandoned meanwhile must not leave it unhandled
			return request;
		};
		let next = fetchPage(null);
		do {
			// eslint-disable-next-line no-await-in-loop
			const page = record(await next);
			if (!live(attemptGeneration)) return null;
			lastActivityAt = now();
			const metadata = record(page['metadata']);
			resourceVersion ??= typeof metadata['resourceVersion'] === 'string' ? metadata['resourceVersion'] : null;
			token = typeof metadata['continue'] === 'string' && metadata['continue'] !== '' ? metadata['continue'] : null;
			// The server prepares the next page while this one becomes rows.
			if (token !== null) next = fetchPage(token);
			const items = list(page['items']);
			let changed = false;
			for (const item of items) {
				const row = options.toRow(item);
				if (row === null) continue;
				seen.add(options.keyOf(row));
				changed = put(row) || changed;
			}
			loaded += items.length;
			if (changed) options.onRows();
			if (options.onObject) for (const item of items) options.onObject('upsert', item);
			const remaining = typeof metadata['remainingItemCount'] === 'number' ? metadata['remainingItemCount'] : null;
			if (token !== null) options.onProgress?.({loaded, remaining});
		} while (token !== null);
		listingGeneration = null;
		options.onProgress?.(null);
		const gone: Row[] = [];
		for (const [key, row] of rows) {
			if (!seen.has(key)) gone.push(row);
		}
		for (const row of gone) {
			const key = options.keyOf(row);
			options.onRowChange?.(key, row);
			rows.delete(key);
		}
		if (gone.length > 0) options.onRows();
		if (options.onObject) for (const row of gone) options.onObject('delete', objectOfRow(row));
		return resourceVersion ?? '';
	}

	/** One watch event: rows updated, resourceVersion followed; an ERROR event throws its Status. */
	const onEvent = (attemptGeneration: number, event: unknown, position: {resourceVersion: string}) => {
		if (!live(attemptGeneration)) return;
		lastActivityAt = now();
		const {type, object} = record(event);
		if (type === 'ERROR') {
			const status = record(object);
			throw new ApiStatusError(typeof status['code'] === 'number' ? status['code'] : 500, JSON.stringify(status));
		}
		position.resourceVersion = resourceVersionOf(object) ?? position.resourceVersion;
		if (connection.status !== 'live') goLive();
		if (type === 'BOOKMARK') return;
		const row = options.toRow(object);
		if (row === null) return;
		if (type === 'DELETED') {
			const key = options.keyOf(row);
			const previous = rows.get(key);
			if (previous !== undefined) {
				options.onRowChange?.(key, previous);
				rows.delete(key);
				options.onRows();
			}
			options.onObject?.('delete', object);
		} else if (type === 'ADDED' || type === 'MODIFIED') {
			if (put(row)) options.onRows();
			options.onObject?.('upsert', object);
		}
	};

	/** Watches from `resourceVersion` until an error; a stream the server ends is resumed where it stopped. */
	async function watchFrom(attemptGeneration: number, signal: AbortSignal, resourceVersion: string): Promise<void> {
		const position = {resourceVersion};
		for (;;) {
			const delay = reconnectDelay(shortStreams, policy);
			// eslint-disable-next-line no-await-in-loop
			if (delay > 0) await new Promise(resolve => setTimeout(resolve, delay).unref());
			if (!live(attemptGeneration)) return;
			const startedAt = now();
			lastActivityAt = startedAt;
			const path = withQuery(options.path, {
				...selectors,
				watch: 'true',
				resourceVersion: position.resourceVersion,
				allowWatchBookmarks: 'true',
				// As client-go: the server ends the watch after 5-10 minutes, and it is resumed.
				timeoutSeconds: String(300 + Math.floor(Math.random() * 300)),
			});
			try {
				// eslint-disable-next-line no-await-in-loop
				await api.watch(path, {
					connectTimeoutMs,
					signal,
					onEvent: event => onEvent(attemptGeneration, event, position),
				});
			} finally {
				shortStreams = now() - startedAt < shortStreamMs ? shortStreams + 1 : 0;
			}
		}
	}

	function attempt(): void {
		if (stopped) return;
		const attemptGeneration = ++generation;
		const controller = new AbortController();
		current = controller;
		lastActivityAt = now();
		void (async () => {
			const resourceVersion = await listAll(attemptGeneration, controller.signal);
			if (resourceVersion === null || !live(attemptGeneration)) return;
			lastActivityAt = now();
			goLive();
			await watchFrom(attemptGeneration, controller.signal, resourceVersion);
		})().catch((error: unknown) => {
			if (!live(attemptGeneration)) return;
			// 410 Gone on a watch: its resourceVersion is too old, relist at once. On a LIST (a continue token
			// that expired while paging) it counts as a failure, so a list slower than the token's life backs off.
			const watchGone = error instanceof ApiStatusError && error.code === 410 && listingGeneration !== attemptGeneration;
			fail(attemptGeneration, error, !watchGone);
		});
	}

	return {
		rows: () => rows,
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
			current?.abort();
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
