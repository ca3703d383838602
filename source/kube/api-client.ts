/**
 * Plain JSON GETs and watch streams against the API server, with the kubeconfig's TLS and auth (client-node
 * applies them: CA, client certificate, token, exec plugins, proxy) but without client-node's
 * ObjectSerializer: lists of 150,000 pods are parsed once, page by page, straight into rows by the caller.
 * Every GET has a total timeout; a watch has a connect timeout (its liveness is the reflector's watchdog).
 * Errors carry what apiErrorInfo reads: `code` (HTTP status) and `body` (the Status JSON as text), or the
 * socket's error code (`ECONNREFUSED`, TLS codes); a timeout is an AbortError.
 */
import http from 'node:http';
import https from 'node:https';
import {sanitizeLine} from '../text/sanitize.js';
import {createAgentPool, idleSocketMs} from './keep-alive.js';

export type ApiClient = {
	/** GET `path` (with query) and parse the JSON answer; rejects on non-2xx, network errors and timeouts. */
	readonly getJson: (path: string, options: {readonly timeoutMs: number; readonly signal?: AbortSignal}) => Promise<unknown>;
	/**
	 * POST (a JSON body) or DELETE (an optional JSON body) and parse the JSON answer; like getJson, bounded by
	 * `timeoutMs` in total and rejecting on non-2xx answers with the Status kept.
	 */
	readonly sendJson: (
		method: 'POST' | 'DELETE',
		path: string,
		options: {readonly body?: unknown; readonly timeoutMs: number; readonly signal?: AbortSignal},
	) => Promise<unknown>;
	/**
	 * GET a watch stream and call `onEvent` with each parsed line; resolves when the server ends the stream,
	 * rejects on errors (also a non-2xx answer, or no answer within `connectTimeoutMs`). Abort with `signal`.
	 */
	readonly watch: (
		path: string,
		options: {readonly connectTimeoutMs: number; readonly signal: AbortSignal; readonly onEvent: (event: unknown) => void},
	) => Promise<void>;
};

/** A non-2xx answer: what apiErrorInfo reads (`code`, `body`). */
export class ApiStatusError extends Error {
	override readonly name = 'ApiStatusError';
	readonly code: number;
	readonly body: string;
	constructor(code: number, body: string) {
		super(`HTTP ${code}`);
		this.code = code;
		this.body = body;
	}
}

/**
 * No answer in time. Named AbortError, as client-node's requests that run out of time are (request-timeout.ts),
 * so apiErrorInfo and probe-failure word both alike: a timeout, with the fix for one.
 */
export class ApiTimeoutError extends Error {
	override readonly name = 'AbortError';
}

/** Status bodies longer than this are cut (a proxy's HTML error page must not fill memory). */
const maxErrorBody = 64 * 1024;

type Prepared = {readonly url: URL; readonly options: https.RequestOptions};

/**
 * Where the API server is and how to reach it: client-node's KubeConfig, or light-kubeconfig.ts's reading of
 * the same file (the store's first LIST does not wait for client-node to load).
 */
export type ApiConfig = {
	readonly getCurrentCluster: () => {readonly server: string} | null;
	/** The context's name (debug pods carry it in an annotation). */
	readonly getCurrentContext?: () => string;
	/** Sets the request's TLS options and auth headers. */
	readonly applyToHTTPSOptions: (options: https.RequestOptions) => Promise<void>;
};

const clients = new WeakMap<ApiConfig, ApiClient>();

/** One client per config (it keeps a keep-alive agent, so pages of a LIST reuse one connection). */
export function apiClientFor(kubeConfig: ApiConfig): ApiClient {
	let client = clients.get(kubeConfig);
	if (!client) {
		client = createApiClient(kubeConfig);
		clients.set(kubeConfig, client);
	}
	return client;
}

export function createApiClient(kubeConfig: ApiConfig, idleMs = idleSocketMs): ApiClient {
	const pool = createAgentPool(idleMs);

	/** The kubeconfig's TLS and auth on every request (tokens from exec plugins may be refreshed). */
	const prepare = async (path: string): Promise<Prepared> => {
		const server = kubeConfig.getCurrentCluster()?.server;
		if (!server) throw new Error('the kubeconfig names no API server for the current context');
		const base = new URL(server);
		const url = new URL(`${base.pathname.replace(/\/$/, '')}${path}`, base);
		const options: https.RequestOptions = {headers: {}};
		await kubeConfig.applyToHTTPSOptions(options);
		// client-node makes a new Agent per call, light-kubeconfig.ts none (Node's global agent would keep sockets
		// exactly as long as a Node server does, the reset race keep-alive.ts avoids): the pool keeps one kept-alive
		// agent per TLS identity for both.
		options.agent = (options.agent === undefined ? pool.forTls(base.protocol === 'https:', options) : pool(options.agent)) as http.Agent | undefined;
		return {url, options: {...options, headers: {...options.headers, Accept: 'application/json'}}};
	};

	const request = (prepared: Prepared, signal: AbortSignal | undefined, method = 'GET', headers: http.OutgoingHttpHeaders = {}): http.ClientRequest => {
		const transport = prepared.url.protocol === 'https:' ? https : http;
		const options = {...prepared.options, headers: {...prepared.options.headers, ...headers}};
		return transport.request(prepared.url, {...options, method, ...(signal ? {signal} : {})});
	};

	const describePath = (url: URL) => sanitizeLine(`${url.pathname}${url.search}`, 200);

	/** One request with a JSON answer (and maybe a JSON body), bounded by `timeoutMs` from headers to the last byte. */
	const requestJson = async (
		method: string,
		path: string,
		{body, timeoutMs, signal}: {readonly body?: unknown; readonly timeoutMs: number; readonly signal?: AbortSignal | undefined},
	): Promise<unknown> => {
		const prepared = await prepare(path);
		const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
		return new Promise((resolve, reject) => {
			const req = request(prepared, signal, method, payload ? {'Content-Type': 'application/json', 'Content-Length': payload.length} : {});
			const timer = setTimeout(() => {
				req.destroy(new ApiTimeoutError(`${method} ${describePath(prepared.url)}: no whole answer within ${Math.round(timeoutMs / 1000)} s`));
			}, timeoutMs);
			timer.unref();
			const settle = (error: unknown, value?: unknown) => {
				clearTimeout(timer);
				if (error) reject(error);
				else resolve(value);
			};
			req.on('error', error => settle(error));
			req.on('response', response => {
				const chunks: Buffer[] = [];
				let size = 0;
				const ok = (response.statusCode ?? 0) >= 200 && (response.statusCode ?? 0) < 300;
				response.on('data', (chunk: Buffer) => {
					if (!ok && size >= maxErrorBody) return;
					chunks.push(chunk);
					size += chunk.length;
				});
				response.on('error', error => settle(error));
				response.on('end', () => {
					const body = Buffer.concat(chunks).toString('utf8');
					if (!ok) {
						settle(new ApiStatusError(response.statusCode ?? 0, body.slice(0, maxErrorBody)));
						return;
					}
					try {
						settle(null, JSON.parse(body));
					} catch {
						settle(new Error(`${method} ${describePath(prepared.url)}: the answer is not JSON`));
					}
				});
			});
			req.end(payload);
		});
	};

	return {
		getJson: async (path, options) => requestJson('GET', path, options),
		sendJson: async (method, path, options) => requestJson(method, path, options),

		async watch(path, {connectTimeoutMs, signal, onEvent}) {
			const prepared = await prepare(path);
			return new Promise((resolve, reject) => {
				const req = request(prepared, signal);
				let answered = false;
				const timer = setTimeout(() => {
					if (!answered) req.destroy(new ApiTimeoutError(`watch ${describePath(prepared.url)}: no answer within ${Math.round(connectTimeoutMs / 1000)} s`));
				}, connectTimeoutMs);
				timer.unref();
				req.on('error', error => {
					clearTimeout(timer);
					reject(error);
				});
				req.on('response', response => {
					answered = true;
					clearTimeout(timer);
					const status = response.statusCode ?? 0;
					if (status < 200 || status >= 300) {
						const chunks: Buffer[] = [];
						response.on('data', (chunk: Buffer) => chunks.push(chunk));
						response.on('end', () => reject(new ApiStatusError(status, Buffer.concat(chunks).toString('utf8').slice(0, maxErrorBody))));
						response.on('error', reject);
						return;
					}
					response.setEncoding('utf8');
					let pending = '';
					response.on('data', (chunk: string) => {
						pending += chunk;
						let newline = pending.indexOf('\n');
						while (newline >= 0) {
							const line = pending.slice(0, newline);
							pending = pending.slice(newline + 1);
							if (line.trim() !== '') {
								let event: unknown;
								try {
									event = JSON.parse(line);
								} catch {
									response.destroy(new Error('watch: a line that is not JSON'));
									return;
								}
								try {
									onEvent(event);
								} catch (error) {
									// An ERROR event (410 Gone, …): the caller's verdict ends the stream.
									reject(error);
									response.destroy();
									return;
								}
							}
							newline = pending.indexOf('\n');
						}
					});
					let ended = false;
					response.on('error', reject);
					response.on('end', () => {
						ended = true;
						resolve();
					});
					response.on('close', () => {
						if (!ended) reject(new Error('watch: the stream was cut'));
					});
				});
				req.end();
			});
		},
	};
}
