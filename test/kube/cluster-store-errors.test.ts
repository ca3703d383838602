/**
 * Why the store cannot reach the API, in words: scripted servers on 127.0.0.1 answer 401 and 500, a port
 * that is closed, a server whose certificate another CA signed. Each reaches the snapshot's connection as
 * a cause and a fix (the wording `routes` uses, from probe-failure), never a bare "reconnecting".
 */
import {afterEach, describe, expect, it} from 'vitest';
import {createClusterStore} from '../../source/kube/cluster-store.js';
import type {ClusterStore} from '../../source/kube/types.js';
import {waitFor} from './lab-helper.js';
import {closedPort, kubeConfigFor, startOtherCaApi, startScriptedApi, status, type ScriptedApi} from './scripted-api.js';

let api: ScriptedApi | null = null;
let store: ClusterStore | null = null;

afterEach(async () => {
	await store?.stop();
	await api?.close();
	store = null;
	api = null;
});

async function failureOf(kubeConfig: ScriptedApi['kubeConfig']) {
	store = createClusterStore({kubeConfig, namespace: null, fallbackNamespace: 'default'});
	const current = store;
	current.start();
	return waitFor(current.subscribe, () => (current.getSnapshot().connection.error === null ? null : current.getSnapshot().connection), 'an error');
}

describe('the store says why it cannot reach the API', () => {
	it('401: not authenticated, refresh the credentials', async () => {
		api = await startScriptedApi(status(401, 'Unauthorized', 'Unauthorized'));
		const connection = await failureOf(api.kubeConfig);
		expect(connection.status).not.toBe('live');
		expect(connection.error).toBe('not authenticated: Unauthorized');
		expect(connection.fix).toMatch(/credentials/);
		expect(api.requests().some(line => line.startsWith('GET /api/v1/'))).toBe(true);
	});

	it('500: the HTTP status and the server\'s message', async () => {
		api = await startScriptedApi(status(500, 'InternalError', 'etcdserver: request timed out'));
		const connection = await failureOf(api.kubeConfig);
		expect(connection.error).toMatch(/HTTP 500.*etcdserver: request timed out/);
		expect(connection.fix).not.toBeNull();
	});

	it('a closed port: nothing answers there, ECONNREFUSED', async () => {
		const connection = await failureOf(kubeConfigFor(`http://127.0.0.1:${await closedPort()}`));
		expect(connection.error).toMatch(/^nothing answers at the API server's address: .*ECONNREFUSED/);
		expect(connection.fix).toMatch(/cluster is running/);
	});

	it('a certificate from another CA: the TLS error, not a silent retry', async () => {
		api = await startOtherCaApi();
		const connection = await failureOf(api.kubeConfig);
		expect(connection.error).toMatch(/^TLS: the API server's certificate does not match the kubeconfig's CA/);
		expect(connection.fix).toMatch(/certificate-authority/);
	});
});
