/** The prober against the seed lab: a real debug pod, real execs over WebSocket, and each failure mode. */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {managedByLabel} from '../../source/kube/debug-pod-spec.js';
import {createNodeProber} from '../../source/kube/node-prober.js';
import {createVerdictSelector} from '../../source/state/select-verdicts.js';
import type {NodeProber, ProbeState} from '../../source/kube/types.js';
import {startTestLab, waitFor, type TestLab} from './lab-helper.js';

let testLab: TestLab;
const probers: NodeProber[] = [];

beforeAll(async () => {
	testLab = await startTestLab();
});

afterAll(async () => {
	await Promise.all(probers.map(async prober => prober.stop()));
	await testLab?.stop();
});

function prober(overrides: {image?: string; namespace?: string; refreshSeconds?: number; commandTimeoutMs?: number} = {}) {
	const made = createNodeProber({
		kubeConfig: testLab.config.kubeConfig,
		image: overrides.image ?? 'busybox:1.37.0',
		namespace: overrides.namespace ?? 'default',
		refreshSeconds: overrides.refreshSeconds ?? 60,
		runId: `t${probers.length}${Math.random().toString(36).slice(2, 7)}`,
		commandTimeoutMs: overrides.commandTimeoutMs ?? 5000,
		podTimeoutMs: 10_000,
	});
	probers.push(made);
	return made;
}

async function settle(target: NodeProber, check: (state: ProbeState) => boolean = state => state.phase === 'ready' || state.phase === 'failed') {
	return waitFor(target.subscribe, () => {
		const state = target.getSnapshot();
		return state && check(state) ? state : null;
	}, 'probe to settle');
}

function ourPods(): string[] {
	return testLab.cluster
		.list('pods', null)
		.items.filter(pod => pod.metadata.labels?.[managedByLabel] === 'netinspect' && !pod.metadata.deletionTimestamp)
		.map(pod => `${pod.metadata.namespace}/${pod.metadata.name}`);
}

describe('createNodeProber against the lab', () => {
	it('probes networking-worker2 through a BusyBox debug pod and returns the seed routes', async () => {
		const target = prober();
		const phases: string[] = [];
		target.subscribe(() => {
			const phase = target.getSnapshot()?.phase;
			if (phase && phases.at(-1) !== phase) phases.push(phase);
		});
		target.inspect('networking-worker2');
		const state = await settle(target);
		expect(state.failure).toBeNull();
		expect(state.phase).toBe('ready');
		expect(phases).toEqual(expect.arrayContaining(['preflight', 'creating', 'running', 'ready']));
		const routes = state.routes.map(route => `${route.destination} ${route.interface ?? '*'}`);
		expect(routes).toContain('192.168.21.128/26 tunl0');
		expect(routes).toContain('192.168.175.5/32 ' + state.routes.find(route => route.destination === '192.168.175.5/32')?.interface);
		expect(state.routes.find(route => route.destination === '192.168.175.5/32')?.interface).toMatch(/^cali/);
		expect(state.interfaces.map(iface => iface.name)).toContain('tunl0');
		expect(state.podName).toMatch(/^ni-debug-networking-worker2-/);
		expect(ourPods()).toHaveLength(1);
	});

	it('uses ip -j with an iproute2 image, and deletes the previous node’s pod on a switch', async () => {
		const target = prober({image: 'nicolaka/netshoot:v0.13'});
		target.inspect('networking-worker2');
		const first = await settle(target);
		expect(first.routes.every(route => route.source === 'ip-route-json')).toBe(true);
		expect(first.routes.some(route => route.kind === 'local')).toBe(true);
		const firstPod = first.podName;
		target.inspect('networking-worker3');
		const second = await settle(target, state => state.node === 'networking-worker3' && state.phase === 'ready');
		expect(second.podName).not.toBe(firstPod);
		await waitFor(
			listener => testLab.cluster.subscribe(listener),
			() => !ourPods().some(name => name.endsWith(`/${firstPod}`)),
			'the first pod to go',
		);
		await target.stop();
	});

	it('marks removed routes after a pod on the node goes away', async () => {
		const target = prober({refreshSeconds: 1});
		target.inspect('networking-worker2');
		const state = await settle(target);
		const hello = testLab.cluster
			.list('pods', 'default')
			.items.find(pod => pod.metadata.name.startsWith('hello-world') && (pod['spec'] as {nodeName?: string}).nodeName === 'networking-worker2')!;
		testLab.cluster.deletePod('default', hello.metadata.name, {gracePeriodSeconds: 0});
		const after = await settle(target, next => (next.refreshedAt ?? 0) > (state.refreshedAt ?? 0) && next.routeChanges.some(row => row.change === 'removed'));
		expect(after.routeChanges.find(row => row.change === 'removed')?.route.destination).toBe('192.168.175.5/32');
		await target.stop();
	});

	it('pause holds the live refresh; refreshNow still reads the tables', async () => {
		const target = prober({refreshSeconds: 1});
		target.setPaused(true);
		target.inspect('networking-worker2');
		const first = await settle(target);
		expect(first.paused).toBe(true);
		expect(first.phase).toBe('ready');
		target.refreshNow();
		const second = await settle(target, state => (state.refreshedAt ?? 0) > (first.refreshedAt ?? 0) || state.routes !== first.routes);
		expect(second.routes.length).toBe(first.routes.length);
		expect(second.routeChanges.every(row => row.change === 'same')).toBe(true);
		target.setPaused(false);
		expect(target.getSnapshot()?.paused).toBe(false);
		await target.stop();
	});

	it('recovers when its debug pod is deleted underneath: a new pod, tables again', async () => {
		const target = prober({refreshSeconds: 1});
		target.inspect('networking-worker3');
		const first = await settle(target);
		expect(first.phase).toBe('ready');
		testLab.cluster.deletePod('default', first.podName!, {gracePeriodSeconds: 0});
		const again = await settle(
			target,
			state => state.phase === 'ready' && state.failure === null && state.podName !== first.podName && (state.refreshedAt ?? 0) > (first.refreshedAt ?? 0),
		);
		expect(again.routes.length).toBe(first.routes.length);
		await target.stop();
	});

	it('image pull failure fails fast with the image fix', async () => {
		testLab.lab.faults.failImagePull('registry.invalid/*');
		const target = prober({image: 'registry.invalid/nothing:1'});
		target.inspect('networking-worker');
		const state = await settle(target);
		expect(state.failure).toMatchObject({reason: 'image-pull'});
		expect(state.failure?.fix).toContain('registry.invalid/nothing:1');
		testLab.lab.faults.failImagePull(null);
	});

	it('Pod Security admission names the label and suggests --debug-namespace', async () => {
		testLab.lab.faults.setPodSecurity('kube-public', 'baseline');
		const target = prober({namespace: 'kube-public'});
		target.inspect('networking-worker');
		const state = await settle(target);
		expect(state.failure).toMatchObject({reason: 'admission'});
		expect(state.failure?.fix).toContain('pod-security.kubernetes.io/enforce=baseline');
		expect(state.failure?.fix).toContain('--debug-namespace');
	});

	it('RBAC denial names the verb (preflight)', async () => {
		testLab.lab.faults.denyVerb({verb: 'create', resource: 'pods/exec', namespace: 'local-path-storage'});
		const target = prober({namespace: 'local-path-storage'});
		target.inspect('networking-worker');
		const state = await settle(target);
		expect(state.failure).toMatchObject({reason: 'forbidden'});
		expect(state.failure?.message).toContain('create pods/exec');
		expect(state.failure?.fix).toContain('kubectl create role');
		testLab.lab.faults.clearHttpFaults();
	});

	it('a NotReady node is refused before any pod is made', async () => {
		testLab.lab.faults.setNodeReady('networking-worker', false);
		const before = ourPods().length;
		const target = prober();
		target.inspect('networking-worker');
		const state = await settle(target);
		expect(state.failure).toMatchObject({reason: 'node-not-ready'});
		expect(ourPods()).toHaveLength(before);
		testLab.lab.faults.setNodeReady('networking-worker', true);
	});

	it('an exec that hangs times out', async () => {
		testLab.lab.faults.setExecFault({mode: 'hang', node: 'networking-worker3'});
		const target = prober({commandTimeoutMs: 500});
		target.inspect('networking-worker3');
		const state = await settle(target);
		expect(state.failure).toMatchObject({reason: 'timeout'});
		testLab.lab.faults.setExecFault(null);
		await target.stop();
	});

	it('a refresh that reads the same tables keeps their objects, so verdicts are not judged again', async () => {
		const target = prober({refreshSeconds: 60});
		target.inspect('networking-worker2');
		const first = await settle(target);
		expect(first.phase).toBe('ready');
		target.refreshNow();
		const second = await settle(target, state => (state.refreshedAt ?? 0) > (first.refreshedAt ?? 0));
		expect(second.routes).toBe(first.routes);
		expect(second.interfaces).toBe(first.interfaces);
		expect(second.routeChanges.every(row => row.change === 'same')).toBe(true);
		const judged: number[] = [];
		const selector = createVerdictSelector(input => {
			judged.push(input.routes.length);
			return [];
		});
		const node = {name: 'networking-worker2', internalIps: [], externalIps: [], podCidrs: [], annotations: {}};
		const cluster = {nodes: [node], pods: []};
		for (const state of [first, second]) selector.select({node, routes: state.routes, interfaces: state.interfaces, ...cluster});
		expect(selector.judgements()).toBe(1);
		await target.stop();
	});

	it('a pod given up after a hung exec is deleted when another node is inspected, not only at stop', async () => {
		testLab.lab.faults.setExecFault({mode: 'hang', node: 'networking-worker3'});
		const target = prober({commandTimeoutMs: 300});
		target.inspect('networking-worker3');
		const failed = await settle(target);
		expect(failed.failure).toMatchObject({reason: 'timeout'});
		const lost = failed.podName;
		expect(lost).toMatch(/^ni-debug-networking-worker3-/);
		target.inspect('networking-worker2');
		await waitFor(
			listener => testLab.cluster.subscribe(listener),
			() => !ourPods().includes(`default/${lost ?? ''}`),
			'the given-up pod on networking-worker3 to be deleted',
		);
		testLab.lab.faults.setExecFault(null);
		await target.stop();
	});

	it.each([
		['an exec that hangs', () => testLab.lab.faults.setExecFault({mode: 'hang', node: 'networking-worker'}), 'timeout'],
		['an exec cut short', () => testLab.lab.faults.setExecFault({mode: 'truncate', node: 'networking-worker'}), 'exec-failed'],
		['pods/exec denied', () => testLab.lab.faults.denyVerb({verb: 'create', resource: 'pods/exec'}), 'forbidden'],
	] as const)('a refresh failing after the first load (%s) keeps the tables, marks the failure, and r retries visibly (issue 8 item 4)', async (_name, breakIt, reason) => {
		const target = prober({refreshSeconds: 60, commandTimeoutMs: 500});
		target.inspect('networking-worker');
		const first = await settle(target);
		expect(first.failure).toBeNull();
		breakIt();
		try {
			target.refreshNow();
			const failed = await settle(target, state => state.failure !== null);
			expect(failed).toMatchObject({phase: 'ready', failure: {reason}, refreshedAt: first.refreshedAt});
			expect(failed.routes).toBe(first.routes);
			expect(failed.message).toMatch(/^refresh failed: /);

			// r: the retry shows (probing, or preflight when the pod was given up) while the stale tables and their
			// cause stay until it ends.
			const seen: ProbeState[] = [];
			const unsubscribe = target.subscribe(() => seen.push(target.getSnapshot()!));
			target.refreshNow();
			const again = await settle(target, state => state.phase === 'ready' && seen.some(entry => entry.phase !== 'ready'));
			unsubscribe();
			expect(seen.find(entry => entry.phase !== 'ready')).toMatchObject({failure: {reason}, refreshedAt: first.refreshedAt});
			expect(again.failure).toMatchObject({reason});
		} finally {
			testLab.lab.faults.setExecFault(null);
			testLab.lab.faults.clearHttpFaults();
		}
		target.refreshNow();
		const healed = await settle(target, state => state.failure === null && (state.refreshedAt ?? 0) > (first.refreshedAt ?? 0));
		expect(healed.phase).toBe('ready');
		await target.stop();
	});

	it('after stop() no netinspect pod remains', async () => {
		await Promise.all(probers.map(async target => target.stop()));
		expect(ourPods()).toEqual([]);
	});
});
