import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createPodTracker} from '../../source/kube/cleanup.js';
import {startDebugPod, type DebugPodProgress} from '../../source/kube/debug-pod.js';
import {startTestLab, type TestLab} from './lab-helper.js';

let testLab: TestLab;

beforeAll(async () => {
	testLab = await startTestLab({imagePullDelayMs: 300});
});

afterAll(async () => {
	await testLab?.stop();
});

const options = (runId: string, tracker = createPodTracker(testLab.config.kubeConfig), timeoutMs = 10_000) => ({
	kubeConfig: testLab.config.kubeConfig,
	namespace: 'default',
	image: 'busybox:1.37.0',
	runId,
	context: 'netinspect-lab',
	tracker,
	timeoutMs,
});

describe('startDebugPod (lab)', () => {
	it('goes preflight → creating → scheduled/pulling → running, and a second start reuses the pod', async () => {
		const tracker = createPodTracker(testLab.config.kubeConfig);
		const phases: string[] = [];
		const record = (progress: DebugPodProgress) => {
			if (phases.at(-1) !== progress.phase) phases.push(progress.phase);
		};
		const first = await startDebugPod(options('reuse1', tracker), 'networking-worker2', record);
		expect(first).toMatchObject({ok: true, reused: false});
		expect(phases[0]).toBe('preflight');
		expect(phases).toContain('creating');
		expect(phases).toContain('pulling');
		expect(phases.at(-1)).toBe('running');
		const second = await startDebugPod(options('reuse1', tracker), 'networking-worker2', () => {});
		expect(second).toMatchObject({ok: true, reused: true});
		expect(first.ok && second.ok && second.pod.name).toBe(first.ok && first.pod.name);
		const other = await startDebugPod(options('reuse2', tracker), 'networking-worker2', () => {});
		expect(other).toMatchObject({ok: true, reused: false});
		expect(tracker.tracked()).toHaveLength(2);
		expect(await tracker.removeAll()).toEqual([]);
	});

	it('gives up after the overall timeout and deletes what it made', async () => {
		const tracker = createPodTracker(testLab.config.kubeConfig);
		const result = await startDebugPod(options('slow', tracker, 100), 'networking-worker', () => {});
		expect(result).toMatchObject({ok: false, failure: {reason: 'timeout'}});
		expect(tracker.tracked()).toEqual([]);
	});

	it('cancelled while the pod is being created: the start settles and deletes the pod it made', async () => {
		const tracker = createPodTracker(testLab.config.kubeConfig);
		const cancel = new AbortController();
		// Abort the moment creation begins, so the create request is in flight when the signal comes (a
		// Ctrl-C during `netinspect routes`): nothing may be left for the TTL to reap.
		const result = await startDebugPod(
			options('cancel', tracker),
			'networking-worker3',
			progress => {
				if (progress.phase === 'creating') cancel.abort();
			},
			cancel.signal,
		);
		expect(result).toMatchObject({ok: false, failure: {message: 'cancelled'}});
		expect(tracker.tracked()).toEqual([]);
		const left = testLab.lab.cluster
			.list('pods', 'default')
			.items.filter(pod => pod.metadata.name.startsWith('ni-debug-networking-worker3-cancel') && !pod.metadata.deletionTimestamp);
		expect(left).toEqual([]);
	});

	it('an unknown node fails before anything is created', async () => {
		const result = await startDebugPod(options('none'), 'no-such-node', () => {});
		expect(result).toMatchObject({ok: false, failure: {reason: 'node-not-ready', message: expect.stringContaining('does not exist')}});
	});
});
