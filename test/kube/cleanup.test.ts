import {CoreV1Api, type V1Pod} from '@kubernetes/client-node';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createPodTracker, findLeftovers, leftoverFromPod, sweep} from '../../source/kube/cleanup.js';
import {debugPodManifest} from '../../source/kube/debug-pod-spec.js';
import {startTestLab, type TestLab} from './lab-helper.js';

let testLab: TestLab;
let api: CoreV1Api;

beforeAll(async () => {
	testLab = await startTestLab();
	api = testLab.config.kubeConfig.makeApiClient(CoreV1Api);
});

afterAll(async () => {
	await testLab?.stop();
});

async function leave(runId: string, namespace: string, startedAt: number, ttlSeconds: number): Promise<string> {
	const body = debugPodManifest({
		node: 'networking-worker',
		runId,
		image: 'busybox:1.37.0',
		namespace,
		ttlSeconds,
		host: 'h',
		pid: 1,
		startedAt,
		context: 'netinspect-lab',
	}) as V1Pod;
	const created = await api.createNamespacedPod({namespace, body});
	return created.metadata!.name!;
}

describe('cleanup against the lab', () => {
	it('sweeps expired leftovers only, then everything; dry-run deletes nothing; other pods are untouched', async () => {
		const now = Date.now();
		const expired = await leave('oldrun', 'default', now - 7_200_000, 3600);
		const fresh = await leave('newrun', 'kube-system', now, 3600);
		const others = testLab.cluster.list('pods', null).items.length - 2;

		const found = await findLeftovers(testLab.config.kubeConfig, {namespace: null});
		expect(found.map(item => `${item.namespace}/${item.name}:${item.expired}`)).toEqual([
			`default/${expired}:true`,
			`kube-system/${fresh}:false`,
		]);
		expect(found[0]).toMatchObject({run: 'oldrun', node: 'networking-worker', context: 'netinspect-lab', host: 'h'});

		const dry = await sweep(testLab.config.kubeConfig, {namespace: null, expiredOnly: false, dryRun: true});
		expect(dry.deleted).toEqual([]);
		expect(await findLeftovers(testLab.config.kubeConfig, {namespace: null})).toHaveLength(2);

		const first = await sweep(testLab.config.kubeConfig, {namespace: null, expiredOnly: true});
		expect(first.deleted.map(item => item.name)).toEqual([expired]);
		expect(first.failed).toEqual([]);

		const scoped = await sweep(testLab.config.kubeConfig, {namespace: 'default', expiredOnly: false});
		expect(scoped.found).toEqual([]);

		const second = await sweep(testLab.config.kubeConfig, {namespace: null, expiredOnly: false, exceptRun: 'newrun'});
		expect(second.deleted).toEqual([]);
		const third = await sweep(testLab.config.kubeConfig, {namespace: null, expiredOnly: false});
		expect(third.deleted.map(item => item.name)).toEqual([fresh]);
		expect(await findLeftovers(testLab.config.kubeConfig, {namespace: null})).toEqual([]);
		expect(testLab.cluster.list('pods', null).items.filter(pod => !pod.metadata.deletionTimestamp).length).toBeGreaterThanOrEqual(others);
	});

	it('the tracker deletes what it tracked and counts 404 as success', async () => {
		const tracker = createPodTracker(testLab.config.kubeConfig);
		const name = await leave('tracked', 'default', Date.now(), 600);
		tracker.track({namespace: 'default', name});
		tracker.track({namespace: 'default', name: 'never-existed'});
		expect(await tracker.removeAll()).toEqual([]);
		expect(tracker.tracked()).toEqual([]);
		expect(await findLeftovers(testLab.config.kubeConfig, {namespace: 'default'})).toEqual([]);
		expect(await tracker.removeAll()).toEqual([]);
	});
});

describe('leftoverFromPod', () => {
	it('finished pods count as expired; garbage is skipped', () => {
		expect(leftoverFromPod({metadata: {name: 'a', namespace: 'n'}, status: {phase: 'Failed'}}, 0)?.expired).toBe(true);
		expect(leftoverFromPod({metadata: {name: 'a', namespace: 'n'}, status: {phase: 'Running'}}, 0)?.expired).toBe(false);
		expect(leftoverFromPod({metadata: {}}, 0)).toBeNull();
	});
});
