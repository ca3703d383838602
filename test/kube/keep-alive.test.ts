/**
 * API calls share kept-alive connections: a local HTTPS API (its own CA, trusted by the kubeconfig) counts
 * the TLS connections client-node's CoreV1Api opens for several calls, with and without reuseConnections.
 */
import {createServer, type Server} from 'node:https';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import {CoreV1Api} from '@kubernetes/client-node';
import {afterEach, describe, expect, it} from 'vitest';
import {createAgentPool, reuseConnections} from '../../source/kube/keep-alive.js';
import {makeCertificates} from '../../source/lab/http/tls.js';
import {kubeConfigFor} from './scripted-api.js';

let server: Server | null = null;

afterEach(async () => {
	server?.closeAllConnections();
	await new Promise<void>(resolve => (server ? server.close(() => resolve()) : resolve()));
	server = null;
});

async function countingApi(): Promise<{readonly url: string; readonly ca: string; readonly connections: () => number}> {
	const certificates = await makeCertificates();
	let connections = 0;
	server = createServer({cert: certificates.cert, key: certificates.key}, (_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'});
		response.end('{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[]}');
	});
	server.on('secureConnection', () => connections++);
	await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve));
	return {url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, ca: certificates.caCert, connections: () => connections};
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
