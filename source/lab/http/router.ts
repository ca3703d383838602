/**
 * The request handler: bearer-token auth, injected faults, RBAC denials, then discovery, lists (JSON or
 * Table), gets, watches, pod create (JSON or protobuf), delete and log, SelfSubjectAccessReview and the
 * lab's fault control surface. Upgrades (exec/attach) go through `handleUpgrade`.
 */
import {STATUS_CODES, type IncomingMessage, type ServerResponse} from 'node:http';
import type {Duplex} from 'node:stream';
import type {KubeObject, LabCluster, StatusError} from '../cluster-types.js';
import {discoveryBody, resourceKinds} from './discovery.js';
import {channelProtocol, offeredProtocols, type ExecSockets} from './exec-socket.js';
import type {AccessAttributes, FaultState} from './faults.js';
import {parseApiPath, type ResourcePath} from './paths.js';
import {decodeAccessReviewEnvelope, decodeDeleteOptionsEnvelope, decodePodEnvelope, hasMagic} from './protobuf.js';
import {readBody} from './read-body.js';
import {matchesSelector, parseSelector} from './selectors.js';
import {badRequest, methodNotAllowed, notFound, sendJson, sendStatus, sendText, statusBody, unauthorized} from './status.js';
import {toTable, wantsTable} from './tables.js';
import {serveWatch, type OpenWatch} from './watch-stream.js';

export type RouterContext = {
	readonly cluster: LabCluster;
	readonly token: string;
	readonly faultState: FaultState;
	/** Every fault method by name, for `POST /lab/v1/faults` ({"fault": name, "args": [...]}). */
	readonly faultMethods: Readonly<Record<string, unknown>>;
	readonly watches: Set<OpenWatch>;
	readonly execSockets: ExecSockets;
	readonly now: () => number;
	readonly bookmarkIntervalMs: number;
};

const publicPaths: ReadonlySet<string> = new Set(['/version', '/healthz', '/livez', '/readyz']);

function authorized(request: IncomingMessage, token: string): boolean {
	return request.headers.authorization === `Bearer ${token}`;
}

function qualified(path: ResourcePath): string {
	return path.group === '' ? path.resource : `${path.resource}.${path.group}`;
}

function verbOf(method: string, path: ResourcePath, watch: boolean): string | null {
	if (method === 'GET') {
		if (path.name === null) return watch ? 'watch' : 'list';
		return 'get';
	}
	if (method === 'POST' && path.resource === 'pods' && path.name === null && path.namespace !== null) return 'create';
	if (method === 'DELETE' && path.resource === 'pods' && path.name !== null && path.namespace !== null) return 'delete';
	return null;
}

function isTrue(value: string | null): boolean {
	return value === 'true' || value === '1';
}

function listBody(path: ResourcePath, items: readonly KubeObject[], resourceVersion: number) {
	const {kind, apiVersion} = resourceKinds[path.resource];
	return {kind: `${kind}List`, apiVersion, metadata: {resourceVersion: String(resourceVersion)}, items};
}

async function createPod(request: IncomingMessage, response: ServerResponse, context: RouterContext, path: ResourcePath, url: URL) {
	const namespace = path.namespace ?? 'default';
	const body = await readBody(request);
	if (body === null) return sendStatus(response, {code: 413, reason: 'RequestEntityTooLarge', message: 'request entity too large'});
	let pod: Record<string, unknown>;
	try {
		const type = request.headers['content-type'] ?? '';
		pod = type.includes('protobuf') || hasMagic(body) ? decodePodEnvelope(body) : (JSON.parse(body.toString('utf8')) as Record<string, unknown>);
	} catch (error) {
		return sendStatus(response, badRequest(`the body of the request was in an unknown format: ${(error as Error).message}`));
	}
	if (pod === null || typeof pod !== 'object' || Array.isArray(pod)) return sendStatus(response, badRequest('the body must be a Pod object'));
	const metadata = (pod['metadata'] ?? {}) as Record<string, unknown>;
	if (typeof metadata['namespace'] === 'string' && metadata['namespace'] !== '' && metadata['namespace'] !== namespace) {
		return sendStatus(response, badRequest('the namespace of the provided object does not match the namespace sent on the request'));
	}
	const result = context.cluster.createPod(namespace, pod, {dryRun: url.searchParams.has('dryRun')});
	if (!result.ok) return sendStatus(response, result.error);
	sendJson(response, 201, result.value);
}

async function deletePod(request: IncomingMessage, response: ServerResponse, context: RouterContext, path: ResourcePath, url: URL) {
	const body = await readBody(request);
	let grace: number | null = null;
	const fromQuery = url.searchParams.get('gracePeriodSeconds');
	if (fromQuery !== null && fromQuery !== '') grace = Number(fromQuery);
	if (body && body.length > 0) {
		try {
			const options = (hasMagic(body) ? decodeDeleteOptionsEnvelope(body) : JSON.parse(body.toString('utf8'))) as {gracePeriodSeconds?: unknown};
			if (typeof options.gracePeriodSeconds === 'number') grace = options.gracePeriodSeconds;
		} catch {
			return sendStatus(response, badRequest('the body of the request was in an unknown format'));
		}
	}
	if (grace !== null && (!Number.isInteger(grace) || grace < 0)) grace = 0;
	const result = context.cluster.deletePod(path.namespace ?? 'default', path.name ?? '', {gracePeriodSeconds: grace});
	if (!result.ok) return sendStatus(response, result.error);
	sendJson(response, 200, result.value);
}

async function accessReview(request: IncomingMessage, response: ServerResponse, context: RouterContext) {
	if (request.method !== 'POST') return sendStatus(response, methodNotAllowed());
	const body = await readBody(request);
	let review: {spec?: {resourceAttributes?: Record<string, unknown>}};
	try {
		if (body === null) throw new Error('too large');
		review = (hasMagic(body) ? decodeAccessReviewEnvelope(body) : JSON.parse(body.toString('utf8'))) as typeof review;
	} catch {
		return sendStatus(response, badRequest('the body of the request was in an unknown format'));
	}
	const attributes = review.spec?.resourceAttributes ?? {};
	const text = (key: string) => (typeof attributes[key] === 'string' ? (attributes[key] as string) : '');
	const denial = context.faultState.denial({
		verb: text('verb'),
		resource: text('resource'),
		subresource: text('subresource') || undefined,
		group: text('group'),
		namespace: text('namespace') || null,
	});
	sendJson(response, 201, {
		kind: 'SelfSubjectAccessReview',
		apiVersion: 'authorization.k8s.io/v1',
		metadata: {creationTimestamp: null},
		spec: review.spec ?? {},
		status: denial === null ? {allowed: true, reason: 'netinspect lab: allowed'} : {allowed: false},
	});
}

async function faultControl(request: IncomingMessage, response: ServerResponse, context: RouterContext) {
	if (request.method !== 'POST') return sendStatus(response, methodNotAllowed());
	const body = await readBody(request);
	let command: {fault?: unknown; args?: unknown};
	try {
		command = JSON.parse(body?.toString('utf8') ?? '') as typeof command;
	} catch {
		return sendStatus(response, badRequest('expected {"fault": name, "args": [...]}'));
	}
	const method = typeof command.fault === 'string' && Object.hasOwn(context.faultMethods, command.fault) ? context.faultMethods[command.fault] : undefined;
	if (typeof method !== 'function') {
		return sendStatus(response, badRequest(`unknown fault; one of: ${Object.keys(context.faultMethods).join(', ')}`));
	}
	const args = (Array.isArray(command.args) ? command.args : []).map(argument => {
		if (argument && typeof argument === 'object' && typeof (argument as {path?: unknown}).path === 'string') {
			return {...argument, path: new RegExp((argument as {path: string}).path)};
		}
		return argument;
	});
	// Answer first: restart drops every connection, this one included.
	sendJson(response, 200, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success'});
	response.on('finish', () => (method as (...values: unknown[]) => void)(...args));
}

function serveResource(request: IncomingMessage, response: ServerResponse, context: RouterContext, path: ResourcePath, url: URL, verb: string) {
	const {cluster} = context;
	if (verb === 'create') return createPod(request, response, context, path, url);
	if (verb === 'delete') return deletePod(request, response, context, path, url);
	if (path.subresource !== null) {
		if (path.resource !== 'pods' || path.subresource !== 'log') {
			return sendStatus(response, notFound(qualified(path), path.name ?? ''));
		}
		const log = cluster.podLog(path.namespace ?? 'default', path.name ?? '', url.searchParams.get('container') || null);
		if (!log.ok) return sendStatus(response, log.error);
		return sendText(response, log.value);
	}
	const table = wantsTable(request.headers.accept);
	if (verb === 'get') {
		const object = cluster.get(path.resource, path.namespace, path.name ?? '');
		if (!object) return sendStatus(response, notFound(qualified(path), path.name ?? ''));
		if (table) return sendJson(response, 200, toTable(path.resource, [object], object.metadata.resourceVersion, context.now()));
		return sendJson(response, 200, object);
	}
	const selector = parseSelector(url.searchParams.get('fieldSelector'), url.searchParams.get('labelSelector'));
	if (!selector.ok) return sendStatus(response, badRequest(selector.message));
	if (verb === 'watch') {
		const timeout = Number(url.searchParams.get('timeoutSeconds') ?? '');
		serveWatch(
			response,
			cluster,
			{
				resource: path.resource,
				namespace: path.namespace,
				selector: selector.value,
				resourceVersion: url.searchParams.get('resourceVersion'),
				allowBookmarks: isTrue(url.searchParams.get('allowWatchBookmarks')),
				timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : null,
				table,
				bookmarkIntervalMs: context.bookmarkIntervalMs,
				now: context.now,
			},
			context.watches,
		);
		return;
	}
	const listed = cluster.list(path.resource, path.namespace);
	const items = listed.items.filter(object => matchesSelector(object, selector.value));
	if (table) return sendJson(response, 200, toTable(path.resource, items, String(listed.resourceVersion), context.now()));
	sendJson(response, 200, listBody(path, items, listed.resourceVersion));
}

export function createRequestHandler(context: RouterContext): (request: IncomingMessage, response: ServerResponse) => void {
	async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', 'https://127.0.0.1');
		const method = request.method ?? 'GET';
		if (!publicPaths.has(url.pathname) && !authorized(request, context.token)) return sendStatus(response, unauthorized());
		if (['/healthz', '/livez', '/readyz'].includes(url.pathname)) return sendText(response, 'ok');
		if (url.pathname !== '/lab/v1/faults') {
			const failure = context.faultState.takeFailure(`${url.pathname}${url.search}`);
			if (failure) return sendStatus(response, failure);
		}
		const path = parseApiPath(url.pathname);
		switch (path.kind) {
			case 'discovery':
				if (method !== 'GET') return sendStatus(response, methodNotAllowed());
				return sendJson(response, 200, discoveryBody(path.path));
			case 'access-review':
				return accessReview(request, response, context);
			case 'faults':
				return faultControl(request, response, context);
			case 'unknown':
				return sendStatus(response, {code: 404, reason: 'NotFound', message: 'the server could not find the requested resource', details: {}});
			case 'resource':
				break;
		}
		const verb = verbOf(method, path, isTrue(url.searchParams.get('watch')));
		if (verb === null) return sendStatus(response, methodNotAllowed());
		const attributes: AccessAttributes = {
			verb,
			resource: path.resource,
			...(path.subresource ? {subresource: path.subresource} : {}),
			group: path.group,
			namespace: path.namespace,
			name: path.name,
		};
		const denial = context.faultState.denial(attributes);
		if (denial) return sendStatus(response, denial);
		return serveResource(request, response, context, path, url, verb);
	}
	return (request, response) => {
		handle(request, response).catch((error: unknown) => {
			if (!response.headersSent) {
				sendStatus(response, {code: 500, reason: 'InternalError', message: `Internal error occurred: ${error instanceof Error ? error.message : String(error)}`});
			} else {
				response.destroy();
			}
		});
	};
}

/** Answers an upgrade request with a plain HTTP Status (the socket is closed afterwards). */
export function rejectUpgrade(socket: Duplex, error: StatusError): void {
	const body = JSON.stringify(statusBody(error));
	socket.end(
		`HTTP/1.1 ${error.code} ${STATUS_CODES[error.code] ?? 'Error'}\r\nContent-Type: application/json\r\n` +
			`Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
	);
}

export function createUpgradeHandler(context: RouterContext): (request: IncomingMessage, socket: Duplex, head: Buffer) => void {
	return (request, socket, head) => {
		socket.on('error', () => undefined);
		const url = new URL(request.url ?? '/', 'https://127.0.0.1');
		if (!authorized(request, context.token)) return rejectUpgrade(socket, unauthorized());
		const failure = context.faultState.takeFailure(`${url.pathname}${url.search}`);
		if (failure) return rejectUpgrade(socket, failure);
		const path = parseApiPath(url.pathname);
		const isStream =
			path.kind === 'resource' && path.resource === 'pods' && path.namespace !== null && path.name !== null && (path.subresource === 'exec' || path.subresource === 'attach');
		if (!isStream) return rejectUpgrade(socket, badRequest(`upgrade is not supported on ${url.pathname}`));
		const upgrade = (request.headers.upgrade ?? '').toLowerCase();
		if (upgrade !== 'websocket') {
			return rejectUpgrade(
				socket,
				badRequest(`${request.headers.upgrade ?? 'this'} upgrade is not supported by the netinspect lab: exec and attach speak WebSocket ${channelProtocol} only (kubectl >= 1.30)`),
			);
		}
		if (!offeredProtocols(request).includes(channelProtocol)) {
			return rejectUpgrade(socket, badRequest(`unsupported subprotocol: the netinspect lab speaks ${channelProtocol} only`));
		}
		const subresource = path.subresource === 'exec' ? 'exec' : 'attach';
		const denial = context.faultState.denial({verb: 'create', resource: 'pods', subresource, group: '', namespace: path.namespace, name: path.name});
		if (denial) return rejectUpgrade(socket, denial);
		const pod = context.cluster.get('pods', path.namespace, path.name ?? '');
		if (!pod) return rejectUpgrade(socket, notFound('pods', path.name ?? ''));
		const phase = (pod['status'] as {phase?: string} | undefined)?.phase;
		if (phase === 'Succeeded' || phase === 'Failed') {
			return rejectUpgrade(socket, badRequest(`cannot exec into or attach to a completed pod; current phase is ${phase}`));
		}
		const container = url.searchParams.get('container') || null;
		const containers = ((pod['spec'] as {containers?: {name?: string}[]} | undefined)?.containers ?? []).map(item => item.name);
		if (container !== null && !containers.includes(container)) {
			return rejectUpgrade(socket, badRequest(`container ${container} is not valid for pod ${path.name ?? ''}`));
		}
		context.execSockets.handle(request, socket, head, {
			mode: subresource,
			namespace: path.namespace ?? 'default',
			pod: path.name ?? '',
			container,
			command: url.searchParams.getAll('command'),
			tty: isTrue(url.searchParams.get('tty')),
		});
	};
}
