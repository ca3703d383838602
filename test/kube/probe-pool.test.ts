/** The probe pool against the seed lab: real debug pods, real execs, several holders sharing nodes. */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {managedByLabel} from '../../source/kube/debug-pod-spec.js';
import {createNodeProber} from '../../source/kube/node-prober.js';
import {createProbePool, type ProbePool, type ProbePoolOptions} from '../../source/kube/probe-pool.js';
import type {ProbeState} from '../../source/kube/types.js';
import {startTestLab, waitFor, type TestLab} from './lab-helper.js';

let testLab: TestLab;
const pools: ProbePool[] = [];

beforeAll(async () => {
	testLab = await startTestLab();
});

afterAll(async () => {
	await Promise.all(pools.map(async pool => pool.stop()));
	await testLab?.stop();
});

function pool(overrides: Partial<Pick<ProbePoolOptions, 'maxStarting' | 'releaseGraceMs' | 'runnerFor' | 'readPolicy' | 'image' | 'refreshSeconds'>> = {}) {
	const made = createProbePool({
		kubeConfig: testLab.config.kubeConfig,
		image: 'busybox:1.37.0',
		namespace: 'default',
		refreshSeconds: 60,
		runId: `p${pools.length}${Math.random().toString(36).slice(2, 7)}`,
		commandTimeoutMs: 5000,
		podTimeoutMs: 10_000,
		...overrides,
	});
	pools.push(made);
	return made;
}

type LabPod = {readonly name: string; readonly node: string | undefined; readonly phase: string | undefined};

function ourPods(): LabPod[] {
	return testLab.cluster
		.list('pods', null)
		.items.filter(pod => pod.metadata.labels?.[managedByLabel] === 'netinspect' && !pod.metadata.deletionTimestamp)
		.map(pod => ({
			name: pod.metadata.name,
			node: (pod['spec'] as {nodeName?: string} | undefined)?.nodeName,
			phase: (pod['status'] as {phase?: string} | undefined)?.phase,
		}));
}

async function ready(target: ProbePool, nodes: readonly string[]): Promise<ReadonlyMap<string, ProbeState>> {
	return waitFor(target.subscribe, () => {
		const states = new Map(nodes.map(node => [node, target.getSnapshot(node)] as const));
		return [...states.values()].every(state => state?.phase === 'ready' || state?.phase === 'failed')
			? (states as ReadonlyMap<string, ProbeState>)
			: null;
	}, `${nodes.join(', ')} to settle`);
}

const labChanges = (listener: () => void) => testLab.cluster.subscribe(listener);

describe('createProbePool against the lab', () => {
	it('one pod per node whoever holds it: the inspector and a trace share networking-worker2', async () => {
		const target = pool();
		target.acquire(['networking-worker2'], 'inspector');
		target.acquire(['networking-worker2', 'networking-worker3'], 'trace');
		const states = await ready(target, ['networking-worker2', 'networking-worker3']);
		for (const state of states.values()) expect(state.failure).toBeNull();
		expect(states.get('networking-worker2')?.routes.map(route => route.destination)).toContain('192.168.175.5/32');
		const perNode = new Map<string, number>();
		for (const pod of ourPods()) perNode.set(pod.node ?? '?', (perNode.get(pod.node ?? '?') ?? 0) + 1);
		expect(perNode.get('networking-worker2')).toBe(1);
		expect(perNode.get('networking-worker3')).toBe(1);
		// The trace letting go keeps worker2 for the inspector; worker3's pod goes after the grace.
		target.release('trace');
		const worker3Pod = states.get('networking-worker3')!.podName!;
		await waitFor(labChanges, () => !ourPods().some(pod => pod.name === worker3Pod), 'worker3’s pod to be deleted');
		expect(ourPods().map(pod => pod.name)).toContain(states.get('networking-worker2')!.podName);
		expect(target.getSnapshot('networking-worker3')).toBeNull();
		await target.stop();
		expect(ourPods()).toEqual([]);
	});

	it('starts at most maxStarting pods at once', async () => {
		const target = pool({maxStarting: 1});
		let mostPending = 0;
		const unsubscribe = labChanges(() => {
			mostPending = Math.max(mostPending, ourPods().filter(pod => pod.phase !== 'Running').length);
		});
		const nodes = ['networking-worker', 'networking-worker2', 'networking-worker3'];
		target.acquire(nodes, 'sweep');
		const queued = [...nodes].map(node => target.getSnapshot(node)?.message);
		expect(queued.filter(message => message === 'waiting for a start slot (at most 1 debug pod start at once)')).toHaveLength(2);
		const states = await ready(target, nodes);
		unsubscribe();
		for (const state of states.values()) expect(state).toMatchObject({phase: 'ready', failure: null});
		expect(ourPods().filter(pod => nodes.includes(pod.node ?? ''))).toHaveLength(3);
		expect(mostPending).toBe(1);
		await target.stop();
		expect(ourPods()).toEqual([]);
	});

	it('switching back within the grace reuses the pod (no new pod); stop right after an acquire leaves none', async () => {
		const target = pool({releaseGraceMs: 60_000});
		target.acquire(['networking-worker3'], 'inspector');
		const first = (await ready(target, ['networking-worker3'])).get('networking-worker3')!;
		target.acquire(['networking-worker2'], 'inspector');
		await ready(target, ['networking-worker2']);
		const before = ourPods().map(pod => pod.name).sort();
		target.acquire(['networking-worker3'], 'inspector');
		const back = await waitFor(target.subscribe, () => {
			const state = target.getSnapshot('networking-worker3');
			return state && (state.refreshedAt ?? 0) > (first.refreshedAt ?? 0) ? state : null;
		}, 'worker3 read again');
		expect(back.podName).toBe(first.podName);
		expect(ourPods().map(pod => pod.name).sort()).toEqual(before);
		await target.stop();
		expect(ourPods()).toEqual([]);

		const quick = pool();
		quick.acquire(['networking-worker'], 'inspector');
		await quick.stop();
		expect(ourPods()).toEqual([]);
	});

	it('a probe that throws fails the node with the cause (sanitized) instead of leaving it running', async () => {
		const target = pool({
			runnerFor: () => {
				throw new Error('runner exploded \u001b[31mred');
			},
		});
		target.acquire(['networking-worker2'], 'inspector');
		const state = (await ready(target, ['networking-worker2'])).get('networking-worker2')!;
		expect(state).toMatchObject({phase: 'failed', failure: {reason: 'unknown', fix: 'try again'}});
		expect(state.message).toContain('runner exploded');
		expect(state.message).not.toContain('\u001b');
		await target.stop();
		expect(ourPods()).toEqual([]);
	});

	it('a refresh that reads the same tables keeps the table objects and their diff (nothing parsed or diffed again), only the time moves', async () => {
		const target = pool();
		target.acquire(['networking-worker2'], 'inspector');
		const first = (await ready(target, ['networking-worker2'])).get('networking-worker2')!;
		expect(first.failure).toBeNull();
		target.refreshNow('inspector');
		const second = await waitFor(
			target.subscribe,
			() => {
				const state = target.getSnapshot('networking-worker2');
				return state !== null && state.phase === 'ready' && state.refreshedAt !== first.refreshedAt ? state : null;
			},
			'the refresh',
		);
		expect(second.failure).toBeNull();
		expect(second.routes).toBe(first.routes);
		expect(second.routeChanges).toBe(first.routeChanges);
		expect(second.interfaces).toBe(first.interfaces);
		expect(second.warnings).toBe(first.warnings);
		await target.stop();
	});

	it('with readPolicy, each node also has its policy rules (every table) and rp_filter sysctls or why not; without, none is read', async () => {
		const target = pool({readPolicy: true, image: 'nicolaka/netshoot:v0.13'});
		target.acquire(['networking-worker2'], 'trace');
		const state = (await ready(target, ['networking-worker2'])).get('networking-worker2')!;
		expect(state.failure).toBeNull();
		expect(state.policy?.rules?.map(rule => `${rule.priority} ${rule.table ?? ''}`)).toEqual(expect.arrayContaining(['0 local', '32766 main', '32767 default']));
		// The lab's kernels do not (yet) answer grep on /proc/sys: then the probe says so once, as a warning.
		const sysctls = state.policy?.sysctls ?? null;
		if (sysctls === null) expect(state.policy?.warnings.map(warning => warning.reason)).toContainEqual(expect.stringMatching(/^rp_filter not read/));
		else expect(sysctls.some(entry => entry.key === 'rp_filter')).toBe(true);
		expect(state.routes.some(route => route.table === 'local')).toBe(true);
		await target.stop();

		const plain = pool({image: 'nicolaka/netshoot:v0.13'});
		plain.acquire(['networking-worker2'], 'inspector');
		expect((await ready(plain, ['networking-worker2'])).get('networking-worker2')?.policy).toBeUndefined();
		await plain.stop();
		expect(ourPods()).toEqual([]);
	});

	it('the inspector’s prober on a shared pool: its pause is its own, and its stop only lets go', async () => {
		const target = pool({refreshSeconds: 1});
		const prober = createNodeProber({pool: target});
		target.acquire(['networking-worker3'], 'trace');
		prober.inspect('networking-worker3');
		const first = (await ready(target, ['networking-worker3'])).get('networking-worker3')!;
		let notified = 0;
		const unsubscribe = prober.subscribe(() => notified++);
		prober.setPaused(true);
		expect(notified).toBeGreaterThan(0);
		expect(prober.getSnapshot()).toMatchObject({paused: true, podName: first.podName});
		expect(prober.getSnapshot()).toBe(prober.getSnapshot());
		// The trace still holds it live: it refreshes on schedule while the inspector is paused.
		expect(target.getSnapshot('networking-worker3')?.paused).toBe(false);
		const later = await waitFor(prober.subscribe, () => {
			const state = prober.getSnapshot();
			return state && (state.refreshedAt ?? 0) > (first.refreshedAt ?? 0) ? state : null;
		}, 'a refresh while the inspector is paused');
		expect(later.paused).toBe(true);
		unsubscribe();
		await prober.stop();
		expect(target.getSnapshot('networking-worker3')).not.toBeNull();
		expect(ourPods().map(pod => pod.name)).toContain(first.podName);
		await target.stop();
		expect(ourPods()).toEqual([]);
	});
});
