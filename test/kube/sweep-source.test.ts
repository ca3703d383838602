/**
 * sweep-source.ts loads the sweep (client-node) on its first start only: an inspector on a light kubeconfig
 * hands it a loader for client-node's KubeConfig, called once when `S` starts a sweep; a loader that fails (the
 * kubeconfig no longer loads) ends that sweep as failed, with the cause.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {clusterNodesFromList, clusterPodsFromList} from '../../source/kube/cluster-objects.js';
import {createSweepSource, type SweepSource} from '../../source/kube/sweep-source.js';
import {startTestLab, waitFor, type TestLab} from './lab-helper.js';

let testLab: TestLab;

beforeAll(async () => {
	testLab = await startTestLab();
});

afterAll(async () => {
	await testLab?.stop();
});

const cluster = () => ({nodes: clusterNodesFromList(testLab.cluster.list('nodes', null)), pods: clusterPodsFromList(testLab.cluster.list('pods', null))});
const settled = async (sweeper: SweepSource) =>
	waitFor(sweeper.subscribe, () => (['done', 'failed', 'cancelled'].includes(sweeper.getSnapshot().status) ? sweeper.getSnapshot() : null), 'the sweep to end', 30_000);

describe('createSweepSource with a KubeConfig loader', () => {
	it('loads the KubeConfig when the sweep starts, once, and sweeps every node with it', {timeout: 40_000}, async () => {
		let loads = 0;
		const sweeper = createSweepSource({
			kubeConfig: async () => {
				loads++;
				return testLab.config.kubeConfig;
			},
			namespace: 'kube-system',
			image: 'busybox:1.37.0',
			context: testLab.config.contextName,
			podTimeoutMs: 20_000,
		});
		expect(loads).toBe(0);
		const {nodes, pods} = cluster();
		expect(nodes).toHaveLength(4);
		sweeper.start(nodes, pods);
		const done = await settled(sweeper);
		expect(loads).toBe(1);
		expect(done).toMatchObject({status: 'done', error: null});
		expect(done.probed.size).toBe(nodes.length);
	});

	it('a loader that fails ends the sweep as failed, with its cause', async () => {
		const sweeper = createSweepSource({
			kubeConfig: async () => {
				throw new Error('context "gone" not found in the kubeconfig');
			},
			namespace: 'kube-system',
			image: 'busybox:1.37.0',
			context: testLab.config.contextName,
		});
		const {nodes, pods} = cluster();
		sweeper.start(nodes, pods);
		const failed = await settled(sweeper);
		expect(failed).toMatchObject({status: 'failed', error: 'sweep failed: context "gone" not found in the kubeconfig'});
	});
});
