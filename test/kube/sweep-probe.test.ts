/**
 * The sweep's probing against the lab over real HTTP and WebSocket: one one-shot pod per node, one watch, the
 * tables through the logs API, finished pods deleted a batch at a time (one delete-collection per batch and one
 * for the run at the end); failures per node with their cause.
 */
import {CoreV1Api} from '@kubernetes/client-node';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {managedSelector, runLabel} from '../../source/kube/debug-pod-spec.js';
import {probeNodes, type NodeProbeOutcome, type SweepProbeOptions, type SweepProgress} from '../../source/kube/sweep-probe.js';
import {startTestLab, type TestLab} from './lab-helper.js';

const nodes = ['networking-control-plane', 'networking-worker', 'networking-worker2', 'networking-worker3'];
let testLab: TestLab;

beforeAll(async () => {
	testLab = await startTestLab();
});

afterAll(async () => {
	await testLab.stop();
});

function options(overrides: Partial<SweepProbeOptions> & Pick<SweepProbeOptions, 'runId' | 'onNode'>): SweepProbeOptions {
	return {
		kubeConfig: testLab.config.kubeConfig,
		namespace: 'default',
		image: 'busybox:1.37.0',
		context: 'netinspect-lab',
		concurrency: 2,
		qps: 1000,
		burst: 1000,
		podTimeoutMs: 20_000,
		...overrides,
	};
}

async function sweepPodsLeft(): Promise<string[]> {
	const api = testLab.config.kubeConfig.makeApiClient(CoreV1Api);
	const list = await api.listPodForAllNamespaces({labelSelector: managedSelector});
	return list.items.map(pod => pod.metadata?.name ?? '?');
}

describe('probeNodes against the lab', () => {
	it('reads every node\'s tables through one-shot pods and logs, a few calls per node, and leaves no pod', async () => {
		const outcomes: NodeProbeOutcome[] = [];
		const progress: SweepProgress[] = [];
		const summary = await probeNodes(nodes, options({runId: 'sweepok1', onNode: outcome => outcomes.push(outcome), onProgress: step => progress.push(step)}));
		expect(outcomes.map(outcome => outcome.node).sort()).toEqual([...nodes].sort());
		expect(outcomes.every(outcome => outcome.ok)).toBe(true);
		const worker2 = outcomes.find(outcome => outcome.node === 'networking-worker2');
		expect(worker2?.ok && worker2.outputs['routes']?.text).toContain('192.168.21.128/26 via 172.20.0.4 dev tunl0 onlink');
		expect(worker2?.ok && worker2.outputs['addr']?.text).toContain('cali52440ec1550@if3');
		expect(worker2?.ok && worker2.outputs['route-n']).toBeUndefined();
		// create + 3 logs per node, plus the list and watch of the run's pods and the run's delete-collection
		// (four nodes are one batch of the default 50: no batch delete).
		expect(summary.apiCalls).toBe(nodes.length * 4 + 2);
		expect(summary.cleanupError).toBeNull();
		expect(progress.at(-1)).toMatchObject({total: 4, done: 4, failed: 0, inFlight: 0});
		expect(Math.max(...progress.map(step => step.inFlight))).toBeLessThanOrEqual(2);
		expect(await sweepPodsLeft()).toEqual([]);
	});

	it('deletes each batch of read pods while the sweep goes on, so finished pods do not pile up until the end', async () => {
		// Count this run's pods in the lab's store at every change: without batches all four would exist at the end.
		const alive = new Set<string>();
		let most = 0;
		const unsubscribe = testLab.cluster.subscribe(event => {
			const pod = event.object;
			if (event.resource !== 'pods' || pod.metadata.labels?.[runLabel] !== 'sweepbat1') return;
			if (event.type === 'DELETED') alive.delete(pod.metadata.name);
			else alive.add(pod.metadata.name);
			most = Math.max(most, alive.size);
		});
		try {
			const outcomes: NodeProbeOutcome[] = [];
			const summary = await probeNodes(nodes, options({runId: 'sweepbat1', concurrency: 1, batchSize: 1, onNode: outcome => outcomes.push(outcome)}));
			expect(outcomes.every(outcome => outcome.ok)).toBe(true);
			// One delete-collection per batch but the last (the run's own delete covers it).
			expect(summary.apiCalls).toBe(nodes.length * 4 + 2 + (nodes.length - 1));
			expect(summary.cleanupError).toBeNull();
			// One pod running while the one before it is being deleted, never more.
			expect(most).toBeLessThanOrEqual(2);
		} finally {
			unsubscribe();
		}
		expect(await sweepPodsLeft()).toEqual([]);
	});

	it('a node whose pod cannot pull its image is reported with the cause; the others are read', async () => {
		testLab.lab.faults.failImagePull('registry.invalid/*');
		try {
			const outcomes: NodeProbeOutcome[] = [];
			await probeNodes(nodes.slice(0, 2), options({runId: 'sweepimg1', image: 'registry.invalid/tools:1', onNode: outcome => outcomes.push(outcome)}));
			expect(outcomes).toHaveLength(2);
			for (const outcome of outcomes) {
				expect(outcome.ok).toBe(false);
				if (!outcome.ok) expect(outcome.failure.reason).toBe('image-pull');
			}
		} finally {
			testLab.lab.faults.failImagePull(null);
		}
		expect(await sweepPodsLeft()).toEqual([]);
	});

	it('RBAC refusing pod creation stops after the first refusal: every node gets that cause, no call is repeated', async () => {
		testLab.lab.faults.denyVerb({verb: 'create', resource: 'pods', namespace: 'default'});
		try {
			const outcomes: NodeProbeOutcome[] = [];
			const summary = await probeNodes(nodes, options({runId: 'sweeprbac', concurrency: 1, onNode: outcome => outcomes.push(outcome)}));
			expect(outcomes).toHaveLength(4);
			expect(outcomes.every(outcome => !outcome.ok && outcome.failure.reason === 'forbidden')).toBe(true);
			expect(summary.apiCalls).toBeLessThanOrEqual(4);
		} finally {
			testLab.lab.faults.clearHttpFaults();
		}
	});

	it('an abort stops the sweep, fails what was left as cancelled, and still deletes the run\'s pods', async () => {
		const controller = new AbortController();
		const outcomes: NodeProbeOutcome[] = [];
		await probeNodes(nodes, options({
			runId: 'sweepabrt',
			concurrency: 1,
			signal: controller.signal,
			onNode: outcome => {
				outcomes.push(outcome);
				controller.abort();
			},
		}));
		expect(outcomes).toHaveLength(4);
		expect(outcomes.filter(outcome => !outcome.ok && outcome.failure.message === 'cancelled')).toHaveLength(3);
		expect(await sweepPodsLeft()).toEqual([]);
	});
});
