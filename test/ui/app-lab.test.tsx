/**
 * The whole app against the lab (the seed cluster over real HTTPS and WebSocket) with the real kube store
 * and node prober: the same screens as app.test.tsx, from the code path users run.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createClusterStore} from '../../source/kube/cluster-store.js';
import {createNodeProber} from '../../source/kube/node-prober.js';
import type {ClusterStore, NodeProber} from '../../source/kube/types.js';
import {startTestLab, type TestLab} from '../kube/lab-helper.js';
import {keys, renderApp, type Rendered} from './helpers/render-app.js';

let testLab: TestLab;
let store: ClusterStore;
let prober: NodeProber;
let app: Rendered | null = null;

beforeEach(async () => {
	testLab = await startTestLab();
	store = createClusterStore({kubeConfig: testLab.config.kubeConfig, namespace: null});
	// Debug pods in kube-system, so the default namespace's pod list stays the seed's.
	prober = createNodeProber({
		kubeConfig: testLab.config.kubeConfig,
		image: 'busybox:1.37.0',
		namespace: 'kube-system',
		refreshSeconds: 5,
		runId: 'ui-test',
	});
	store.start();
});

afterEach(async () => {
	app?.instance.unmount();
	app = null;
	await prober.stop();
	await store.stop();
	await testLab.stop();
});

function rowOf(frame: string, name: string): string {
	return frame.split('\n').find(line => line.slice(2).startsWith(`${name} `)) ?? '';
}

async function inspectWorker2(rendered: Rendered): Promise<string> {
	await rendered.waitFor(frame => frame.includes('● live') && frame.includes('networking-worker3'));
	await rendered.press('j', 'j');
	await rendered.waitFor(frame => rowOf(frame, 'networking-worker2').startsWith(' ❯'));
	await rendered.press(keys.enter);
	return rendered.waitFor(frame => /192\.168\.21\.128\/26 .*tunl0 +networking-worker3/.test(frame) && / loaded/.test(frame), 15_000);
}

describe('App against the lab', () => {
	it('start screen: the seed cluster from the API', async () => {
		app = renderApp({store, prober, context: testLab.config.contextName, cluster: testLab.config.clusterName});
		const frame = await app.waitFor(f => f.includes('● live') && f.includes('hello-world-7c64bd9f6b-tpnrz'));
		expect(frame).toContain('CNI calico-ipip');
		expect(rowOf(frame, 'networking-worker2')).toMatch(/172\.20\.0\.5 +192\.168\.2\.0\/24 +ipip 192\.168\.175\.0/);
		expect(frame).toMatchSnapshot();
	});

	it('worker2 inspected through a real debug pod: routes, interfaces and the hello-world paths', {timeout: 30_000}, async () => {
		app = renderApp({store, prober, context: testLab.config.contextName, cluster: testLab.config.clusterName});
		const frame = await inspectWorker2(app);
		expect(rowOf(frame, 'hello-world-7c64bd9f6b-lmhxb')).toContain('tunl0 → networking-worker3');
		expect(rowOf(frame, 'hello-world-7c64bd9f6b-tpnrz')).toMatch(/cali[0-9a-f]{11} \(local\)/);
		expect(rowOf(frame, '192.168.175.5/32')).toMatch(/UH +0 cali[0-9a-f]{11} /);
		expect(frame).toMatchSnapshot();
	});

	it('a pod selected: its route and interface highlighted', {timeout: 30_000}, async () => {
		app = renderApp({store, prober, context: testLab.config.contextName, cluster: testLab.config.clusterName});
		await inspectWorker2(app);
		await app.press(keys.tab, 'j', 'j', keys.enter);
		const frame = await app.waitFor(f => rowOf(f, 'hello-world-7c64bd9f6b-tpnrz').startsWith('▸❯'));
		const veth = /cali[0-9a-f]{11}/.exec(rowOf(frame, '192.168.175.5/32'))?.[0] ?? 'missing';
		expect(rowOf(frame, '192.168.175.5/32')).toMatch(/^ ▶/);
		expect(rowOf(frame, veth)).toMatch(/^ ▶/);
		expect(frame).toMatchSnapshot();
	});

	it('RBAC denied: the probe fails fast with the cause and a fix', {timeout: 30_000}, async () => {
		testLab.lab.faults.denyVerb({verb: 'create', resource: 'pods', namespace: 'kube-system'});
		app = renderApp({store, prober, context: testLab.config.contextName, cluster: testLab.config.clusterName});
		await app.waitFor(frame => frame.includes('● live') && frame.includes('networking-worker3'));
		await app.press('j', 'j', keys.enter);
		const frame = await app.waitFor(f => f.includes('✕ forbidden'), 15_000);
		expect(frame).toMatch(/fix: /);
		expect(frame).toMatchSnapshot();
	});
});
