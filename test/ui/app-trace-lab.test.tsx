/**
 * The Trace view against the lab: the real kube store, and the real TraceTables adapter on the node prober's
 * probe pool (one debug pod per node, in kube-system so the default pods stay the seed's). Traces hello-world
 * on worker2 to the one on worker3 and checks the picture the lab's kernels give.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createClusterStore} from '../../source/kube/cluster-store.js';
import {managedByLabel} from '../../source/kube/debug-pod-spec.js';
import {createNodeProber} from '../../source/kube/node-prober.js';
import {createTraceTables, type TraceTables} from '../../source/kube/trace-tables.js';
import type {ClusterStore, NodeProber} from '../../source/kube/types.js';
import {startTestLab, type TestLab} from '../kube/lab-helper.js';
import {keys, renderApp, type Rendered} from './helpers/render-app.js';

let testLab: TestLab;
let store: ClusterStore;
let prober: NodeProber;
let traceTables: TraceTables;
let app: Rendered | null = null;

beforeEach(async () => {
	testLab = await startTestLab();
	store = createClusterStore({kubeConfig: testLab.config.kubeConfig, namespace: null});
	const options = {kubeConfig: testLab.config.kubeConfig, image: 'busybox:1.37.0', namespace: 'kube-system', refreshSeconds: 5};
	const made = createNodeProber({...options, runId: 'ui-trace', readPolicy: true});
	prober = made;
	traceTables = createTraceTables(made.pool);
	store.start();
});

afterEach(async () => {
	app?.instance.unmount();
	app = null;
	await prober.stop();
	await traceTables.stop();
	await store.stop();
	await testLab.stop();
});

const debugPods = () => testLab.lab.cluster.list('pods', null).items.filter(pod => pod.metadata.labels?.[managedByLabel] === 'netinspect');

describe('Trace view against the lab', () => {
	it('worker2 inspected, then hello-world worker2 → worker3 traced: one pod per node (worker2 shared), delivered both ways; Esc lets worker3 go', {timeout: 30_000}, async () => {
		app = renderApp({store, prober, traceTables, context: testLab.config.contextName, cluster: testLab.config.clusterName, columns: 120, rows: 110});
		await app.waitFor(f => f.includes('● live') && f.includes('hello-world-7c64bd9f6b-tpnrz'));
		await app.press('j', 'j');
		await app.waitFor(f => f.includes('❯networking-worker2'));
		await app.press(keys.enter);
		await app.waitFor(f => f.includes('192.168.21.128/26'), 15_000);
		await app.press(keys.tab, 'G');
		await app.waitFor(f => f.includes('❯hello-world-7c64bd9f6b-tpnrz'));
		await app.press('t');
		await app.waitFor(f => f.includes('pick the destination'));
		await app.press('g');
		await app.waitFor(f => f.includes('❯hello-world-7c64bd9f6b-lmhxb'));
		await app.press(keys.enter);
		const frame = await app.waitFor(f => f.includes('problems:'), 20_000);
		const lines = frame.split('\n');
		const title = lines.findIndex(line => line.startsWith(' Trace default/hello-world-7c64bd9f6b-tpnrz → default/hello-world-7c64bd9f6b-lmhxb'));
		expect(title).toBeGreaterThan(0);
		// The picture, without the title (its refresh age follows the wall clock) and the status line.
		const picture = lines.slice(title + 1, -1).join('\n');
		expect(picture).toContain('│ tunl0 ipip mtu 1480 → 172.20.0.4 (networking-worker3)');
		expect(picture).toContain('│ tunl0 ipip mtu 1480 → 172.20.0.5 (networking-worker2)');
		expect(picture).not.toContain('not delivered');
		expect(picture).toMatchSnapshot();
		// The pool shares worker2's pod between the inspector and the trace: one pod per node.
		const nodeOf = (pod: ReturnType<typeof debugPods>[number]) => String((pod.spec as {nodeName?: unknown} | undefined)?.nodeName);
		expect(debugPods().map(pod => nodeOf(pod)).sort()).toEqual(['networking-worker2', 'networking-worker3']);

		await app.press(keys.escape);
		await app.waitFor(f => f.includes(' Routes') && f.includes('192.168.21.128/26'));
		// worker3's pod goes after the pool's grace; worker2's stays for the inspector.
		await app.waitFor(() => debugPods().length === 1, 15_000);
		expect(debugPods().map(pod => nodeOf(pod))).toEqual(['networking-worker2']);
	});
});
