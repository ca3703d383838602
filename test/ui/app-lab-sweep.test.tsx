/**
 * `S` in the inspector against the lab (real HTTPS API, real one-shot sweep pods, simulated kernels): a route
 * removed on worker2 shows as a missing-route problem, Enter takes the inspector there with the default route
 * pinned, and no sweep pod is left, also when the sweep is cancelled.
 */
import {CoreV1Api} from '@kubernetes/client-node';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createClusterStore} from '../../source/kube/cluster-store.js';
import {createNodeProber} from '../../source/kube/node-prober.js';
import {createSweepSource, type SweepSource} from '../../source/kube/sweep-source.js';
import type {ClusterStore, NodeProber} from '../../source/kube/types.js';
import {startTestLab, type TestLab} from '../kube/lab-helper.js';
import {keys, renderApp, type Rendered} from './helpers/render-app.js';

let testLab: TestLab;
let store: ClusterStore;
let prober: NodeProber;
let sweeper: SweepSource;
let app: Rendered | null = null;

beforeEach(async () => {
	testLab = await startTestLab();
	store = createClusterStore({kubeConfig: testLab.config.kubeConfig, namespace: null});
	prober = createNodeProber({kubeConfig: testLab.config.kubeConfig, image: 'busybox:1.37.0', namespace: 'kube-system', refreshSeconds: 5, runId: 'ui-test'});
	sweeper = createSweepSource({kubeConfig: testLab.config.kubeConfig, namespace: 'kube-system', image: 'busybox:1.37.0', context: testLab.config.contextName, podTimeoutMs: 20_000});
	store.start();
});

afterEach(async () => {
	app?.instance.unmount();
	app = null;
	await sweeper.stop();
	await prober.stop();
	await store.stop();
	await testLab.stop();
});

async function sweepPodsLeft(): Promise<string[]> {
	const api = testLab.config.kubeConfig.makeApiClient(CoreV1Api);
	const list = await api.listPodForAllNamespaces({labelSelector: 'app.kubernetes.io/managed-by=netinspect'});
	return list.items.map(pod => pod.metadata?.name ?? '?').filter(name => name.startsWith('ni-sweep-'));
}

function rowOf(frame: string, name: string): string {
	return frame.split('\n').find(line => line.slice(2).startsWith(`${name} `)) ?? '';
}

describe('the sweep against the lab', () => {
	it('a removed route is a missing-route problem on worker2; Enter inspects worker2 with the default route pinned', {timeout: 60_000}, async () => {
		testLab.lab.faults.removeRoute('networking-worker2', '192.168.21.128/26');
		app = renderApp({store, prober, sweeper, context: testLab.config.contextName, cluster: testLab.config.clusterName});
		await app.waitFor(frame => frame.includes('● live') && frame.includes('networking-worker3'));
		await app.press('S');
		const problems = await app.waitFor(frame => frame.includes(' Problems · '), 30_000);
		expect(problems).toMatch(/^netinspect swept 4: 1 problem · /);
		expect(problems).toContain('Problems · 1 problem · 4/4 nodes judged');
		const row = problems.split('\n').find(line => line.includes('missing-route')) ?? '';
		expect(row).toMatch(/^ ❯missing-route +networking-worker2 +0\.0\.0\.0\/0 +3: kube-system\/.* a route to networking-worker3 → /);
		expect(await sweepPodsLeft()).toEqual([]);

		await app.press(keys.enter);
		const frame = await app.waitFor(f => / loaded/.test(rowOf(f, 'networking-worker2')) && f.includes('▸ 0.0.0.0/0'), 15_000);
		expect(rowOf(frame, 'networking-worker2')).toMatch(/^▸❯networking-worker2 .* loaded +1$/);
		expect(rowOf(frame, 'networking-worker3')).toMatch(/ 0$/);
		expect(rowOf(frame, 'default')).toMatch(/^ ▶default +172\.20\.0\.1 /);
		expect(frame).not.toMatch(/192\.168\.21\.128\/26 .*tunl0/);
	});

	it('q during a sweep deletes its pods before the app exits', {timeout: 60_000}, async () => {
		let quit = false;
		app = renderApp({store, prober, sweeper, context: testLab.config.contextName, cluster: testLab.config.clusterName, onQuit: () => (quit = true)});
		await app.waitFor(frame => frame.includes('● live') && frame.includes('networking-worker3'));
		await app.press('S');
		await app.waitFor(frame => /^netinspect sweep \d\/4/.test(frame));
		await app.press('q');
		await app.waitFor(() => quit, 30_000);
		expect(sweeper.getSnapshot().status).toBe('cancelled');
		expect(await sweepPodsLeft()).toEqual([]);
	});

	it('S again cancels: the header says so and the run\'s pods are deleted', {timeout: 60_000}, async () => {
		app = renderApp({store, prober, sweeper, context: testLab.config.contextName, cluster: testLab.config.clusterName});
		await app.waitFor(frame => frame.includes('● live') && frame.includes('networking-worker3'));
		await app.press('S');
		await app.waitFor(frame => /^netinspect sweep \d\/4/.test(frame));
		await app.press('S');
		const frame = await app.waitFor(f => f.includes('sweep cancelled at'), 30_000);
		expect(frame).not.toContain(' Problems · ');
		expect(await sweepPodsLeft()).toEqual([]);
	});
});
