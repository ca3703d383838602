/**
 * The request handler: bearer-token auth, injected faults, RBAC denials, then discovery, lists (JSON or
 * Table), gets, watches, pod create/delete/log, SelfSubjectAccessReview and the lab's fault control
 * surface. Upgrades (exec/attach) are upgrade.ts.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import {accessReview, faultControl} from './control-endpoints.js';
import {discoveryBody, resourceKinds} from './discovery.js';
import type {AccessAttributes} from './faults.js';
import {parseApiPath, type ResourcePath} from './paths.js';
import {createPod, deletePod, deletePods} from './pod-writes.js';
import {authorized, isTrue, type RouterContext} from './router-context.js';
import {parseSelector} from './selectors.js';
import {listStored, selectStored, spliceItems} from './stored-list.js';
import {parseStored, type StoredObject} from '../stored-object.js';
import {createListPager, type ListPager} from './list-pages.js';
import {badRequest, methodNotAllowed, notFound, sendJson, sendJsonText, sendStatus, sendText, unauthorized} from './status.js';
import {toTable, wantsTable} from './tables.js';
import {serveWatch} from './watch-stream.js';

export type {RouterContext} from './router-context.js';

const publicPaths: ReadonlySet<string> = new Set(['/version', '/healthz', '/livez', '/readyz']);

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
	if (method === 'DELETE' && path.resource === 'pods' && path.name === null && path.namespace !== null && path.subresource === null) return 'deletecollection';
	return null;
}

function serveResource(request: IncomingMessage, response: ServerResponse, context: RouterContext, path: ResourcePath, url: URL, verb: string) {
	const {cluster} = context;
	if (verb === 'create') return createPod(request, response, context, path, url);
	if (verb === 'delete') return deletePod(request, response, context, path, url);
	if (verb === 'deletecollection') return deletePods(request, response, context, path, url);
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
	const paged = pagerOf(context).page({limit: pageLimit(url), continueToken: url.searchParams.get('continue')}, () => {
		const listed = listStored(cluster, path.resource, path.namespace);
		return {items: selectStored(listed.items, selector.value), resourceVersion: listed.resourceVersion};
	});
	if (!paged.ok) return sendStatus(response, paged.error);
	const {items, resourceVersion} = paged.page;
	const metadata = {
		resourceVersion: String(resourceVersion),
		...(paged.page.continue === null ? {} : {continue: paged.page.continue, remainingItemCount: paged.page.remaining}),
	};
	if (table) {
		const body = toTable(path.resource, items.map(parseStored), String(resourceVersion), context.now());
		return sendJson(response, 200, {...body, metadata: {...body.metadata, ...metadata}});
	}
	const {kind, apiVersion} = resourceKinds[path.resource];
	sendJsonText(response, 200, spliceItems({kind: `${kind}List`, apiVersion, metadata}, items));
}

const pagers = new WeakMap<RouterContext, ListPager<StoredObject>>();

function pagerOf(context: RouterContext): ListPager<StoredObject> {
	let pager = pagers.get(context);
	if (!pager) {
		pager = createListPager<StoredObject>({now: context.now});
		pagers.set(context, pager);
	}
	return pager;
}

function pageLimit(url: URL): number | null {
	const limit = Number(url.searchParams.get('limit') ?? '');
	return Number.isSafeInteger(limit) && limit > 0 ? limit : null;
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

