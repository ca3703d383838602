import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createClusterStore} from '../../source/kube/cluster-store.js';
import type {ClusterStore} from '../../source/kube/types.js';
import {startTestLab, waitFor, type TestLab} from './lab-helper.js';

let testLab: TestLab;
let store: ClusterStore;

beforeAll(async () => {
	testLab = await startTestLab();
	store = createClusterStore({kubeConfig: testLab.config.kubeConfig, namespace: null, staleAfterMs: 60_000});
	store.start();
});

afterAll(async () => {
	await store?.stop();
	await testLab?.stop();
});

const snapshot = () => store.getSnapshot();

describe('createClusterStore against the lab', () => {
	it('lists the seed cluster and goes live', async () => {
		await waitFor(store.subscribe, () => snapshot().connection.status === 'live' && snapshot().pods.length > 0, 'live');
		const nodes = snapshot().nodes.map(node => node.name);
		expect(nodes).toEqual([
			'networking-control-plane',
			'networking-worker',
			'networking-worker2',
			'networking-worker3',
		]);
		const worker2 = snapshot().nodes.find(node => node.name === 'networking-worker2');
		expect(worker2?.tunnels).toContainEqual({kind: 'ipip', address: expect.stringMatching(/^192\.168\.175\./)});
		const hello = snapshot().pods.filter(pod => pod.name.startsWith('hello-world'));
		expect(hello).toHaveLength(3);
		expect(hello.find(pod => pod.node === 'networking-worker2')?.ips).toEqual(['192.168.175.5']);
		const keys = snapshot().pods.map(pod => `${pod.namespace}/${pod.name}`);
		expect(keys).toEqual([...keys].sort());
	});

	it('keeps getSnapshot stable between changes', () => {
		expect(store.getSnapshot()).toBe(store.getSnapshot());
	});

	it('follows a pod delete', async () => {
		const victim = snapshot().pods.find(pod => pod.name.startsWith('hello-world') && pod.node === 'networking-worker3')!;
		const result = testLab.cluster.deletePod(victim.namespace, victim.name, {gracePeriodSeconds: 0});
		expect(result.ok).toBe(true);
		await waitFor(store.subscribe, () => !snapshot().pods.some(pod => pod.uid === victim.uid), 'the pod to go');
		expect(snapshot().connection.status).toBe('live');
	});

	it('coalesces a burst of changes into few notifications', async () => {
		let notifications = 0;
		const unsubscribe = store.subscribe(() => notifications++);
		const before = snapshot().pods.length;
		for (let index = 0; index < 60; index++) {
			const created = testLab.cluster.createPod(
				'default',
				{apiVersion: 'v1', kind: 'Pod', metadata: {name: `burst-${index}`}, spec: {containers: [{name: 'c', image: 'busybox:1.37.0'}]}},
				{dryRun: false},
			);
			expect(created.ok).toBe(true);
		}
		await waitFor(store.subscribe, () => snapshot().pods.length === before + 60, 'the burst');
		unsubscribe();
		expect(notifications).toBeGreaterThan(0);
		expect(notifications).toBeLessThan(30);
		for (let index = 0; index < 60; index++) testLab.cluster.deletePod('default', `burst-${index}`, {gracePeriodSeconds: 0});
		await waitFor(store.subscribe, () => snapshot().pods.length === before, 'the burst to go');
	});

	it('survives cut watches: reconnects and still follows changes', async () => {
		const before = snapshot().version;
		testLab.lab.faults.cutWatches();
		const victim = snapshot().pods.find(pod => pod.name.startsWith('hello-world') && pod.node === 'networking-worker')!;
		testLab.cluster.deletePod(victim.namespace, victim.name, {gracePeriodSeconds: 0});
		await waitFor(store.subscribe, () => !snapshot().pods.some(pod => pod.uid === victim.uid), 'delete after cut');
		expect(snapshot().version).toBeGreaterThan(before);
	});

	it('survives 500s (reconnecting, then live) and 410 (relist)', async () => {
		testLab.lab.faults.failNext({count: 2, code: 500, path: /\/api\/v1\/(nodes|pods)/});
		testLab.lab.faults.cutWatches();
		const reconnecting = await waitFor(
			store.subscribe,
			() => (snapshot().connection.status === 'reconnecting' ? snapshot().connection : null),
			'reconnecting',
		);
		expect(reconnecting.attempts).toBeGreaterThanOrEqual(1);
		expect(reconnecting.error).toBeTruthy();
		await waitFor(store.subscribe, () => snapshot().connection.status === 'live', 'live again');
		expect(snapshot().connection.attempts).toBe(0);

		testLab.lab.faults.restart({resourceVersionJump: 1000});
		const victim = snapshot().pods.find(pod => pod.name.startsWith('hello-world'))!;
		testLab.cluster.deletePod(victim.namespace, victim.name, {gracePeriodSeconds: 0});
		await waitFor(store.subscribe, () => !snapshot().pods.some(pod => pod.uid === victim.uid), 'delete after restart');
		expect(snapshot().nodes).toHaveLength(4);
	});
});
