/**
 * A namespace-scoped user against the lab: RBAC (the lab's denyVerb fault) forbids pods in all namespaces
 * and nodes. The store falls back to the namespace's pods, derives nodes from them, and records what is
 * hidden; before, it showed no pods and no nodes at all.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createClusterStore} from '../../source/kube/cluster-store.js';
import type {ClusterStore} from '../../source/kube/types.js';
import {startTestLab, waitFor, type TestLab} from './lab-helper.js';

let testLab: TestLab;
let store: ClusterStore | null = null;

beforeEach(async () => {
	testLab = await startTestLab();
});

afterEach(async () => {
	await store?.stop();
	store = null;
	await testLab.stop();
});

function start(): ClusterStore {
	const created = createClusterStore({kubeConfig: testLab.config.kubeConfig, namespace: null, fallbackNamespace: 'default'});
	store = created;
	created.start();
	return created;
}

describe('the store for a user who may not list everything', () => {
	it('pods in all namespaces forbidden: watches "default" and says what is hidden', async () => {
		for (const verb of ['list', 'watch']) testLab.lab.faults.denyVerb({verb, resource: 'pods', namespace: null});
		const current = start();
		const snapshot = await waitFor(current.subscribe, () => {
			const value = current.getSnapshot();
			return value.connection.status === 'live' && value.pods.length > 0 ? value : null;
		}, 'live pods');
		const hello = snapshot.pods.filter(pod => pod.name.startsWith('hello-world'));
		expect(hello).toHaveLength(3);
		expect(new Set(snapshot.pods.map(pod => pod.namespace))).toEqual(new Set(['default']));
		expect(snapshot.limits).toEqual([expect.objectContaining({scope: 'pods', shown: 'only namespace "default"'})]);
		expect(snapshot.connection.error).toBeNull();
		// Nodes may still be listed: all four, not derived.
		expect(snapshot.nodes).toHaveLength(4);
		expect(snapshot.nodes.every(node => node.ready === true)).toBe(true);

		// And it follows changes there.
		const victim = hello[0]!;
		testLab.cluster.deletePod(victim.namespace, victim.name, {gracePeriodSeconds: 0});
		await waitFor(current.subscribe, () => !current.getSnapshot().pods.some(pod => pod.uid === victim.uid), 'the delete');
	});

	it('nodes forbidden too: nodes derived from the pods\' nodeName and hostIP', async () => {
		for (const verb of ['list', 'watch']) testLab.lab.faults.denyVerb({verb, resource: 'pods', namespace: null});
		testLab.lab.faults.denyVerb({verb: '*', resource: 'nodes'});
		const current = start();
		const snapshot = await waitFor(current.subscribe, () => {
			const value = current.getSnapshot();
			return value.connection.status === 'live' && value.nodes.length > 0 && value.limits.length === 2 ? value : null;
		}, 'derived nodes');
		const hello = snapshot.pods.filter(pod => pod.name.startsWith('hello-world'));
		const expected = [...new Set(hello.map(pod => pod.node))].sort();
		expect(snapshot.nodes.map(node => node.name)).toEqual(expected);
		const worker2 = snapshot.nodes.find(node => node.name === 'networking-worker2');
		expect(worker2).toMatchObject({internalIp: '172.20.0.5', ready: null, podCidrs: []});
		expect(worker2?.cluster.internalIps).toEqual(['172.20.0.5']);
		expect(snapshot.limits.map(limit => limit.scope).sort()).toEqual(['nodes', 'pods']);
		expect(snapshot.limits.find(limit => limit.scope === 'nodes')?.hint).toMatch(/--verb=list,watch --resource=nodes/);
	});

	it('without a fallback namespace the 403 is the error, with the Role to ask for', async () => {
		testLab.lab.faults.denyVerb({verb: 'list', resource: 'pods', namespace: null});
		const created = createClusterStore({kubeConfig: testLab.config.kubeConfig, namespace: null});
		store = created;
		created.start();
		const connection = await waitFor(created.subscribe, () => created.getSnapshot().connection.error !== null && created.getSnapshot().connection, 'the 403');
		expect(connection.error).toMatch(/^not allowed to list pods: .*forbidden/);
		expect(connection.fix).toMatch(/kubectl create role/);
	});
});
