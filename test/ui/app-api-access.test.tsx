/**
 * The app with the real store when the API says no: a scripted server answering 401 (the cause and the fix
 * on screen instead of "waiting for the API…" for ever), and the lab with RBAC denials (pods of the
 * user's namespace, nodes derived from them, and what is hidden).
 */
import {afterEach, describe, expect, it} from 'vitest';
import {createClusterStore} from '../../source/kube/cluster-store.js';
import {createNodeProber} from '../../source/kube/node-prober.js';
import type {ClusterStore, NodeProber} from '../../source/kube/types.js';
import {startTestLab, type TestLab} from '../kube/lab-helper.js';
import {startScriptedApi, status, type ScriptedApi} from '../kube/scripted-api.js';
import {createFakeProber} from './helpers/fake-prober.js';
import {keys, renderApp, type Rendered} from './helpers/render-app.js';

let app: Rendered | null = null;
let store: ClusterStore | null = null;
let api: ScriptedApi | null = null;
let testLab: TestLab | null = null;
const probers: NodeProber[] = [];

afterEach(async () => {
	app?.instance.unmount();
	app = null;
	for (const prober of probers.splice(0)) await prober.stop();
	await store?.stop();
	store = null;
	await api?.close();
	api = null;
	await testLab?.stop();
	testLab = null;
});

describe('App when the API refuses', () => {
	it('a wrong token: the header and the nodes pane say why and what to do', async () => {
		api = await startScriptedApi(status(401, 'Unauthorized', 'Unauthorized'));
		store = createClusterStore({kubeConfig: api.kubeConfig, namespace: null, fallbackNamespace: 'default'});
		store.start();
		app = renderApp({store, prober: createFakeProber(), columns: 160});
		const frame = await app.waitFor(f => f.includes('fix: refresh your credentials'));
		expect(frame.split('\n')[0]).toMatch(/◌ (reconnecting|connecting).* · not authenticated/);
		expect(frame).toContain('✕ not authenticated: Unauthorized');
		expect(frame).not.toContain('waiting for the API…');
		expect(frame).not.toContain('no pods in default');
	});

	it('a namespace-scoped user: the namespace\'s pods, nodes from them, and what is hidden', {timeout: 40_000}, async () => {
		testLab = await startTestLab();
		for (const verb of ['list', 'watch']) testLab.lab.faults.denyVerb({verb, resource: 'pods', namespace: null});
		testLab.lab.faults.denyVerb({verb: '*', resource: 'nodes'});
		store = createClusterStore({kubeConfig: testLab.config.kubeConfig, namespace: null, fallbackNamespace: 'default'});
		store.start();
		const prober = createNodeProber({kubeConfig: testLab.config.kubeConfig, image: 'busybox:1.37.0', namespace: 'default', refreshSeconds: 5, runId: 'ui-rbac'});
		probers.push(prober);
		app = renderApp({store, prober, columns: 160});
		const frame = await app.waitFor(f => f.includes('● live') && f.includes('derived from pods') && f.includes('only namespace'));
		expect(frame).toContain('⚠ derived from pods: needs list,watch on nodes');
		expect(frame).toContain('⚠ only namespace "default": needs list,watch on pods in all namespaces');
		expect(frame.match(/hello-world-7c64bd9f6b-\w+/g)?.length).toBeGreaterThanOrEqual(3);
		expect(frame).toMatch(/networking-worker2 .*172\.20\.0\.5/);
		expect(frame).not.toContain('no pods in default');

		// A derived node can still be inspected: its routes judge the namespace's pods.
		expect(frame).toMatch(/❯networking-worker /);
		await app.press('j', keys.enter);
		const inspected = await app.waitFor(f => /192\.168\.21\.128\/26 .*tunl0 +networking-worker3/.test(f) && / loaded/.test(f), 20_000);
		expect(inspected).toMatch(/hello-world-7c64bd9f6b-lmhxb .*tunl0 → networking-worker3/);
	});
});
