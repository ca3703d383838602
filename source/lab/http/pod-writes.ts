/** Pod create (JSON or the protobuf client-go sends), delete (200 with the deleted Pod) and delete-collection (200 with a PodList of what it deleted). */
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {ResourcePath} from './paths.js';
import {decodeDeleteOptionsEnvelope, decodePodEnvelope, hasMagic} from './protobuf.js';
import {readBody} from './read-body.js';
import type {RouterContext} from './router-context.js';
import {parseSelector} from './selectors.js';
import {listStored, selectStored} from './stored-list.js';
import {badRequest, sendJson, sendStatus} from './status.js';

export async function createPod(request: IncomingMessage, response: ServerResponse, context: RouterContext, path: ResourcePath, url: URL) {
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

/** gracePeriodSeconds from the query or a DeleteOptions body (JSON or protobuf); an error message when the body is unreadable. */
async function gracePeriod(request: IncomingMessage, url: URL): Promise<{readonly grace: number | null} | {readonly error: string}> {
	const body = await readBody(request);
	let grace: number | null = null;
	const fromQuery = url.searchParams.get('gracePeriodSeconds');
	if (fromQuery !== null && fromQuery !== '') grace = Number(fromQuery);
	if (body && body.length > 0) {
		try {
			const options = (hasMagic(body) ? decodeDeleteOptionsEnvelope(body) : JSON.parse(body.toString('utf8'))) as {gracePeriodSeconds?: unknown};
			if (typeof options.gracePeriodSeconds === 'number') grace = options.gracePeriodSeconds;
		} catch {
			return {error: 'the body of the request was in an unknown format'};
		}
	}
	if (grace !== null && (!Number.isInteger(grace) || grace < 0)) grace = 0;
	return {grace};
}

export async function deletePod(request: IncomingMessage, response: ServerResponse, context: RouterContext, path: ResourcePath, url: URL) {
	const options = await gracePeriod(request, url);
	if ('error' in options) return sendStatus(response, badRequest(options.error));
	const result = context.cluster.deletePod(path.namespace ?? 'default', path.name ?? '', {gracePeriodSeconds: options.grace});
	if (!result.ok) return sendStatus(response, result.error);
	sendJson(response, 200, result.value);
}

/** DELETE on the namespace's pods: every pod the selectors match, one by one, as the real API's deletecollection does. */
export async function deletePods(request: IncomingMessage, response: ServerResponse, context: RouterContext, path: ResourcePath, url: URL) {
	const options = await gracePeriod(request, url);
	if ('error' in options) return sendStatus(response, badRequest(options.error));
	const selector = parseSelector(url.searchParams.get('fieldSelector'), url.searchParams.get('labelSelector'));
	if (!selector.ok) return sendStatus(response, badRequest(selector.message));
	const namespace = path.namespace ?? 'default';
	const listed = listStored(context.cluster, 'pods', namespace);
	const deleted = [];
	for (const pod of selectStored(listed.items, selector.value)) {
		const result = context.cluster.deletePod(namespace, pod.name, {gracePeriodSeconds: options.grace});
		if (result.ok) deleted.push(result.value);
	}
	sendJson(response, 200, {kind: 'PodList', apiVersion: 'v1', metadata: {resourceVersion: String(context.cluster.currentResourceVersion())}, items: deleted});
}
