/**
 * pod-api.ts, the debug-pod path's API calls as plain requests. Against the lab through a light kubeconfig
 * (light-kubeconfig.ts, no client-node): read a node, list, create and delete a pod (a second delete is a 404),
 * ask what we may do. Against scripted servers: a Status answer keeps its code and message, as client-node's
 * errors did; a silent server ends at the kubeconfig's --request-timeout, worded as a timeout.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {apiErrorInfo, isNotFound} from '../../source/kube/api-error.js';
import {readLightKubeconfig} from '../../source/kube/light-kubeconfig.js';
import {podApiFor} from '../../source/kube/pod-api.js';
import {failureFromApiError} from '../../source/kube/probe-failure.js';
import {requestLimitOf} from '../../source/kube/request-timeout.js';
import {startTestLab, type TestLab} from './lab-helper.js';
import {startScriptedApi, status, type ScriptedApi} from './scripted-api.js';

const directory = mkdtempSync(path.join(tmpdir(), 'ni-pod-api-'));
let testLab: TestLab;
let scripted: ScriptedApi | null = null;

beforeAll(async () => {
	testLab = await startTestLab();
});

afterAll(async () => {
	await testLab?.stop();
	rmSync(directory, {recursive: true, force: true});
});

afterEach(async () => {
	await scripted?.close();
	scripted = null;
});

/** A light kubeconfig (server and token) for a scripted server, with this request limit. */
async function lightFor(server: string, requestTimeoutMs?: number) {
	const file = path.join(directory, `scripted-${Math.random().toString(36).slice(2)}.yaml`);
	writeFileSync(
		file,
		`apiVersion: v1
kind: Config
current-context: s
clusters: [{name: s, cluster: {server: '${server}'}}]
users: [{name: s, user: {token: scripted-token}}]
contexts: [{name: s, context: {cluster: s, user: s}}]
`,
	);
	const light = await readLightKubeconfig({kubeconfig: file, env: {}, ...(requestTimeoutMs === undefined ? {} : {requestTimeoutMs})});
	expect(light).not.toBeNull();
	return light!;
}

describe('podApiFor, against the lab through a light kubeconfig', () => {
	it('reads a node, creates, lists and deletes a pod, and asks what it may do', async () => {
		const light = await readLightKubeconfig({kubeconfig: testLab.lab.kubeconfigPath, env: {}});
		expect(light).not.toBeNull();
		const api = podApiFor(light!.config);
		const node = (await api.readNode('networking-worker2')) as {metadata: {name: string}};
		expect(node.metadata.name).toBe('networking-worker2');
		expect(((await api.listNodes()) as {metadata: {name: string}}[]).map(item => item.metadata.name)).toContain('networking-control-plane');

		const created = (await api.createPod('default', {
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {generateName: 'pod-api-test-', labels: {'pod-api-test': 'yes'}},
			spec: {nodeName: 'networking-worker2', containers: [{name: 'c', image: 'busybox:1.37.0'}]},
		})) as {metadata: {name: string}};
		expect(created.metadata.name).toMatch(/^pod-api-test-/);
		const listed = (await api.listPods('default', 'pod-api-test=yes')) as {metadata: {name: string}}[];
		expect(listed.map(item => item.metadata.name)).toEqual([created.metadata.name]);
		expect(((await api.listPods(null, 'pod-api-test=yes')) as unknown[]).length).toBe(1);

		await api.deletePod({namespace: 'default', name: created.metadata.name});
		const again: unknown = await api.deletePod({namespace: 'default', name: created.metadata.name}).catch((error: unknown) => error);
		expect(isNotFound(again)).toBe(true);

		expect(await api.mayI({namespace: 'default', verb: 'create', resource: 'pods', subresource: 'exec'})).toBe(true);
	});
});

describe('podApiFor, errors', () => {
	it('a Status answer keeps its code and message (apiErrorInfo reads them as it read client-node\'s)', async () => {
		scripted = await startScriptedApi(status(403, 'Forbidden', 'pods is forbidden: User "me" cannot create resource "pods"'));
		const server = scripted.kubeConfig.getCurrentCluster()!.server;
		const error: unknown = await podApiFor((await lightFor(server)).config).createPod('default', {}).catch((caught: unknown) => caught);
		expect(apiErrorInfo(error)).toEqual({status: 403, reason: 'Forbidden', message: 'pods is forbidden: User "me" cannot create resource "pods"'});
		expect(scripted.requests()).toEqual(['POST /api/v1/namespaces/default/pods']);
	});

	it("a server that never answers: each call ends at the kubeconfig's --request-timeout, worded as a timeout", async () => {
		scripted = await startScriptedApi(() => undefined);
		const server = scripted.kubeConfig.getCurrentCluster()!.server;
		const light = await lightFor(server, 200);
		expect(requestLimitOf(light.config)).toBe(200);
		const api = podApiFor(light.config);
		for (const call of [async () => api.readNode('n'), async () => api.deletePod({namespace: 'default', name: 'p'}), async () => api.mayI({namespace: 'default', verb: 'create', resource: 'pods'})]) {
			// eslint-disable-next-line no-await-in-loop
			const error: unknown = await call().catch((caught: unknown) => caught);
			expect(failureFromApiError(error, {verb: 'get', resource: 'nodes', namespace: null}).reason).toBe('timeout');
		}
		// No limit given: the default (30 s); 0 (kubectl's "none"): the longest a timer holds.
		expect(requestLimitOf((await lightFor(server)).config)).toBe(30_000);
		expect(requestLimitOf((await lightFor(server, 0)).config)).toBe(2 ** 31 - 1);
	});
});
