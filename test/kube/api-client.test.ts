/**
 * api-client against scripted servers on 127.0.0.1: the kubeconfig's token is sent, answers are parsed,
 * Status errors keep their body, a silent server ends in a timeout (GET: total; watch: connect), watch lines
 * split across chunks are joined, and an error thrown for an event ends the watch with that error.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {ApiStatusError, ApiTimeoutError, createApiClient} from '../../source/kube/api-client.js';
import {apiErrorInfo} from '../../source/kube/api-error.js';
import {failureFromApiError} from '../../source/kube/probe-failure.js';
import {startScriptedApi, status, type ScriptedApi} from './scripted-api.js';

let api: ScriptedApi | null = null;

afterEach(async () => {
	await api?.close();
	api = null;
});

describe('createApiClient', () => {
	it('GETs JSON with the bearer token', async () => {
		let authorization = '';
		api = await startScriptedApi((request, response) => {
			authorization = request.headers.authorization ?? '';
			response.writeHead(200, {'content-type': 'application/json'});
			response.end('{"kind":"PodList","items":[{"metadata":{"name":"a"}}]}');
		});
		const body = await createApiClient(api.kubeConfig).getJson('/api/v1/pods?limit=1', {timeoutMs: 5000});
		expect(body).toEqual({kind: 'PodList', items: [{metadata: {name: 'a'}}]});
		expect(authorization).toBe('Bearer scripted-token');
		expect(api.requests()).toEqual(['GET /api/v1/pods?limit=1']);
	});

	it('a Status answer rejects with its code and body, which apiErrorInfo reads', async () => {
		api = await startScriptedApi(status(403, 'Forbidden', 'pods is forbidden: User "me" cannot list resource "pods"'));
		const error: unknown = await createApiClient(api.kubeConfig).getJson('/api/v1/pods', {timeoutMs: 5000}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(ApiStatusError);
		expect(apiErrorInfo(error)).toEqual({status: 403, reason: 'Forbidden', message: 'pods is forbidden: User "me" cannot list resource "pods"'});
	});

	it('a server that never answers: the GET ends as a timeout, worded as one', async () => {
		api = await startScriptedApi(() => undefined);
		const error: unknown = await createApiClient(api.kubeConfig).getJson('/api/v1/pods', {timeoutMs: 100}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(ApiTimeoutError);
		expect((error as Error).message).toMatch(/no whole answer within/);
		expect(apiErrorInfo(error)).toMatchObject({status: null, reason: 'AbortError'});
		expect(failureFromApiError(error, {verb: 'list', resource: 'pods', namespace: null}).reason).toBe('timeout');
	});

	it('a watch that never answers ends with ETIMEDOUT; one that streams is parsed line by line', async () => {
		api = await startScriptedApi((request, response) => {
			if (request.url?.includes('silent')) return;
			response.writeHead(200, {'content-type': 'application/json'});
			response.write('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n{"type":"MOD');
			setImmediate(() => response.end('IFIED","object":{"metadata":{"name":"a"}}}\n\n'));
		});
		const client = createApiClient(api.kubeConfig);
		const controller = new AbortController();
		const silent: unknown = await client
			.watch('/api/v1/pods?watch=true&silent=1', {connectTimeoutMs: 100, signal: controller.signal, onEvent: () => undefined})
			.catch((caught: unknown) => caught);
		expect(silent).toBeInstanceOf(ApiTimeoutError);
		const events: unknown[] = [];
		await client.watch('/api/v1/pods?watch=true', {connectTimeoutMs: 5000, signal: controller.signal, onEvent: event => events.push(event)});
		expect(events).toEqual([
			{type: 'ADDED', object: {metadata: {name: 'a'}}},
			{type: 'MODIFIED', object: {metadata: {name: 'a'}}},
		]);
	});

	it('an error thrown for an event ends the watch with it; abort ends a watch', async () => {
		api = await startScriptedApi((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.write('{"type":"ERROR","object":{"kind":"Status","code":410}}\n');
		});
		const client = createApiClient(api.kubeConfig);
		const gone = new ApiStatusError(410, '{}');
		const thrown = await client
			.watch('/api/v1/pods?watch=true', {connectTimeoutMs: 5000, signal: new AbortController().signal, onEvent: () => {
				throw gone;
			}})
			.catch((caught: unknown) => caught);
		expect(thrown).toBe(gone);
		const controller = new AbortController();
		const watching = client.watch('/api/v1/pods?watch=true', {connectTimeoutMs: 5000, signal: controller.signal, onEvent: () => controller.abort()});
		await expect(watching).rejects.toMatchObject({name: 'AbortError'});
	});
});
