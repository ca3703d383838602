/**
 * API calls share kept-alive connections: a local HTTPS API (its own CA, trusted by the kubeconfig) counts
 * the TLS connections client-node's CoreV1Api opens for several calls, with and without reuseConnections, and
 * those of api-client on a light config (light-kubeconfig.ts's: TLS options, no agent of its own).
 */
import {createServer, type Server} from 'node:https';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import {CoreV1Api} from '@kubernetes/client-node';
import {afterEach, describe, expect, it} from 'vitest';
import {createApiClient} from '../../source/kube/api-client.js';
import {createAgentPool, reuseConnections} from '../../source/kube/keep-alive.js';
import {makeCertificates} from '../../source/lab/http/tls.js';
import {kubeConfigFor} from './scripted-api.js';

let server: Server | null = null;

afterEach(async () => {
	server?.closeAllConnections();
	await new Promise<void>(resolve => (server ? server.close(() => resolve()) : resolve()));
	server = null;
});

async function countingApi(): Promise<{readonly url: string; readonly ca: string; readonly connections: () => number; readonly closed: () => number}> {
	const certificates = await makeCertificates();
	let connections = 0;
	const closed: number[] = [];
	server = createServer({cert: certificates.cert, key: certificates.key}, (_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'});
		response.end('{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[]}');
	});
	server.keepAliveTimeout = 60_000;
	server.on('secureConnection', socket => {
		connections++;
		socket.on('close', () => closed.push(connections));
	});
	await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve));
	return {url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, ca: certificates.caCert, connections: () => connections, closed: () => closed.length};
}

/** Resolves once the server saw one connection closed (by the client's idle limit), rejects after `ms`. */
async function closedWithin(api: {readonly closed: () => number}, ms: number): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const deadline = setTimeout(() => reject(new Error('the idle pooled connection was not closed')), ms);
		const check = setInterval(() => {
			if (api.closed() === 1) {
				clearInterval(check);
				clearTimeout(deadline);
				resolve();
			}
		}, 20);
	});
}

describe('reuseConnections', () => {
	it('five API calls in a row use one TLS connection (client-node alone opens five)', async () => {
		const api = await countingApi();
		const plain = kubeConfigFor(api.url, api.ca).makeApiClient(CoreV1Api);
		for (let call = 0; call < 5; call++) await plain.listNamespacedPod({namespace: 'default'});
		expect(api.connections()).toBe(5);

		const reused = reuseConnections(kubeConfigFor(api.url, api.ca)).makeApiClient(CoreV1Api);
		for (let call = 0; call < 5; call++) await reused.listNamespacedPod({namespace: 'default'});
		expect(api.connections()).toBe(6);
	});

	it('closes a pooled connection that sits idle, before a server would (no reset when it is reused late)', async () => {
		const api = await countingApi();
		const client = reuseConnections(kubeConfigFor(api.url, api.ca), 200).makeApiClient(CoreV1Api);
		await client.listNamespacedPod({namespace: 'default'});
		// The server keeps idle connections for a minute: only the client's idle limit can close this one.
		await closedWithin(api, 10_000);
		await client.listNamespacedPod({namespace: 'default'});
		expect(api.connections()).toBe(2);
	});

	it('pools per TLS identity and leaves proxy agents alone', () => {
		const pool = createAgentPool();
		const first = pool(new https.Agent({ca: 'CA', cert: 'one'}));
		expect(first).toBeInstanceOf(https.Agent);
		expect((first as unknown as {keepAlive: boolean}).keepAlive).toBe(true);
		expect(pool(new https.Agent({ca: 'CA', cert: 'one'}))).toBe(first);
		// A credential plugin handing out a new client certificate: a new pool.
		expect(pool(new https.Agent({ca: 'CA', cert: 'two'}))).not.toBe(first);
		class ProxyAgent extends https.Agent {}
		const proxy = new ProxyAgent();
		expect(pool(proxy)).toBe(proxy);
	});
});

describe('api-client on a light config', () => {
	it('five GETs use one pooled TLS connection, which the client closes when it sits idle (not Node\'s global agent)', async () => {
		const api = await countingApi();
		const light = {
			getCurrentCluster: () => ({server: api.url}),
			async applyToHTTPSOptions(options: https.RequestOptions) {
				options.ca = Buffer.from(api.ca);
				options.headers = {...options.headers, Authorization: 'Bearer t'};
			},
		};
		const client = createApiClient(light, 200);
		for (let call = 0; call < 5; call++) await client.getJson('/api/v1/pods', {timeoutMs: 5000});
		expect(api.connections()).toBe(1);
		// The server keeps idle connections for a minute (and Node's global agent for 5 s): only the pool's 200 ms closes it.
		await closedWithin(api, 3000);
		await client.getJson('/api/v1/pods', {timeoutMs: 5000});
		expect(api.connections()).toBe(2);
	});
});
