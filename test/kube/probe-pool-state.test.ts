/** The probe pool's decisions, without timers or sockets: events in, state and commands out. */
import {describe, expect, it} from 'vitest';
import {parseRouteN} from '../../source/net/parse-route-n.js';
import type {PodRef} from '../../source/kube/cleanup.js';
import type {NodeTables} from '../../source/kube/probe.js';
import {
	initialPoolState,
	nextWakeAt,
	reduce,
	type PoolCommand,
	type PoolConfig,
	type PoolEvent,
	type PoolState,
} from '../../source/kube/probe-pool-state.js';
import type {ProbeFailure} from '../../source/kube/types.js';

const config: PoolConfig = {
	image: 'busybox:1.37.0',
	refreshMs: 5000,
	removedKeepMs: 10_000,
	releaseGraceMs: 3000,
	maxStarting: 2,
	retry: {initialMs: 1000, maxMs: 30_000},
};

const header = 'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n';
const defaultRow = '0.0.0.0         172.18.0.1      0.0.0.0         UG    0      0        0 eth0\n';
const podRow = '192.168.175.5   0.0.0.0         255.255.255.255 UH    0      0        0 cali52440ec1550\n';

function tables(text: string): NodeTables {
	const parsed = parseRouteN(header + text);
	return {tools: 'basic', routes: parsed.routes, interfaces: [], warnings: parsed.warnings};
}

const timeout: ProbeFailure = {reason: 'timeout', message: '`ip -V` did not finish in time', fix: 'try again'};
const imagePull: ProbeFailure = {reason: 'image-pull', message: 'cannot pull registry.invalid/x:1', fix: 'check the image name'};
const forbidden: ProbeFailure = {reason: 'forbidden', message: 'not allowed to exec', fix: 'kubectl create role …'};

/** A pool driven by hand: `send` applies an event and returns its commands (without the trailing wake). */
function pool(overrides: Partial<PoolConfig> = {}) {
	let state: PoolState = initialPoolState({...config, ...overrides});
	let wake: number | null = null;
	const send = (event: PoolEvent): PoolCommand[] => {
		const step = reduce(state, event);
		state = step.state;
		const last = step.commands.at(-1);
		expect(last?.type).toBe('wake');
		if (last?.type === 'wake') wake = last.at;
		expect(wake).toBe(nextWakeAt(state));
		return step.commands.slice(0, -1) as PoolCommand[];
	};
	const attemptOf = (node: string) => state.nodes.get(node)!.attempt;
	const view = (node: string) => state.nodes.get(node)?.view ?? null;
	return {
		send,
		view,
		attemptOf,
		state: () => state,
		wake: () => wake,
		/** Starts `node`'s pod and loads its first tables at `now`; returns the pod. */
		load(node: string, now: number, text = defaultRow + podRow): PodRef {
			const pod = {namespace: 'default', name: `ni-debug-${node}-abc`};
			const started = send({type: 'pod-started', node, attempt: attemptOf(node), pod, now});
			expect(started[0]).toEqual({type: 'probe', node, attempt: attemptOf(node), pod, tools: null});
			send({type: 'probe-result', node, attempt: attemptOf(node), tables: tables(text), now});
			expect(view(node)?.phase).toBe('ready');
			return pod;
		},
	};
}

const types = (commands: readonly PoolCommand[]) => commands.map(command => command.type);

describe('probe pool state: starting pods', () => {
	it('starts one pod per node acquired, with a fresh preflight state and nothing to wake for', () => {
		const p = pool();
		const commands = p.send({type: 'acquire', holder: 'inspector', nodes: ['w1'], now: 0});
		expect(commands).toEqual([{type: 'start-pod', node: 'w1', attempt: 1}]);
		expect(p.view('w1')).toMatchObject({node: 'w1', phase: 'preflight', refreshedAt: null, paused: false, image: 'busybox:1.37.0'});
		expect(p.wake()).toBeNull();
	});

	it('never has more than maxStarting pods starting: the rest wait in line, first come first served', () => {
		const p = pool({maxStarting: 2});
		const commands = p.send({type: 'acquire', holder: 'sweep', nodes: ['w1', 'w2', 'w3', 'w4'], now: 0});
		expect(commands).toEqual([
			{type: 'start-pod', node: 'w1', attempt: 1},
			{type: 'start-pod', node: 'w2', attempt: 2},
		]);
		expect(p.view('w3')?.message).toBe('waiting for a start slot (at most 2 debug pods start at once)');
		expect(p.view('w4')?.message).toBe('waiting for a start slot (at most 2 debug pods start at once)');
		expect(p.view('w1')?.message).toBe('starting');
		// A pod running frees its slot even while its tables are read.
		const next = p.send({type: 'pod-started', node: 'w2', attempt: 2, pod: {namespace: 'default', name: 'p2'}, now: 10});
		expect(types(next)).toEqual(['probe', 'start-pod']);
		expect(next[1]).toMatchObject({node: 'w3'});
		// A failed start frees it too.
		const after = p.send({type: 'pod-failed', node: 'w1', attempt: 1, failure: imagePull, now: 20});
		expect(after).toEqual([{type: 'start-pod', node: 'w4', attempt: 5}]);
		const starting = [...p.state().nodes.values()].filter(entry => entry.stage === 'starting');
		expect(starting.map(entry => entry.node)).toEqual(['w3', 'w4']);
	});

	it('reuses a node’s pod for every holder: a second holder starts nothing, and one leaving keeps the pod', () => {
		const p = pool();
		p.send({type: 'acquire', holder: 'inspector', nodes: ['w1'], now: 0});
		expect(p.send({type: 'acquire', holder: 'trace', nodes: ['w1', 'w2'], now: 1})).toEqual([{type: 'start-pod', node: 'w2', attempt: 2}]);
		p.load('w1', 5);
		expect(p.send({type: 'release', holder: 'inspector', now: 10})).toEqual([]);
		expect(p.state().nodes.get('w1')?.releasedAt).toBeNull();
		// Far later, w1 is still refreshed for the trace.
		expect(types(p.send({type: 'tick', now: 5 + config.refreshMs}))).toEqual(['probe']);
	});

	it('progress of the start shows on the node, and progress of a start given up does not', () => {
		const p = pool();
		p.send({type: 'acquire', holder: 'inspector', nodes: ['w1'], now: 0});
		p.send({type: 'pod-progress', node: 'w1', attempt: 1, phase: 'pulling', message: 'pulling busybox:1.37.0'});
		expect(p.view('w1')).toMatchObject({phase: 'pulling', message: 'pulling busybox:1.37.0'});
		p.send({type: 'pod-progress', node: 'w1', attempt: 99, phase: 'running', message: 'stale'});
		expect(p.view('w1')?.phase).toBe('pulling');
	});
});

describe('probe pool state: refreshing', () => {
	it('reads a loaded node again every refreshMs with the tools it learnt, and not before', () => {
		const p = pool();
		p.send({type: 'acquire', holder: 'inspector', nodes: ['w1'], now: 0});
		const pod = p.load('w1', 100);
		expect(p.view('w1')).toMatchObject({phase: 'ready', failure: null, refreshedAt: 100, message: '2 routes, 0 interfaces', podName: pod.name});
		expect(p.wake()).toBe(100 + config.refreshMs);
		expect(p.send({type: 'tick', now: 100 + config.refreshMs - 1})).toEqual([]);
		expect(p.send({type: 'tick', now: 100 + config.refreshMs})).toEqual([
			{type: 'probe', node: 'w1', attempt: p.attemptOf('w1'), pod, tools: 'basic'},
		]);
		// A refresh does not go back to 'probing': the loaded tables stay on screen.
		expect(p.view('w1')?.phase).toBe('ready');
	});

	it('never runs two probes of a node at once: a refresh asked meanwhile runs right after', () => {
		const p = pool();
		p.send({type: 'acquire', holder: 'inspector', nodes: ['w1'], now: 0});
		const pod = p.load('w1', 0);
		expect(types(p.send({type: 'refresh', holder: 'inspector', now: 1}))).toEqual(['probe']);
		const running = p.attemptOf('w1');
		expect(p.send({type: 'refresh', holder: 'inspector', now: 2})).toEqual([]);
		expect(p.send({type: 'tick', now: 6000})).toEqual([]);
		const after = p.send({type: 'probe-result', node: 'w1', attempt: running, tables: tables(defaultRow + podRow), now: 3});
		expect(after).toEqual([{type: 'probe', node: 'w1', attempt: running + 1, pod, tools: 'basic'}]);
	});

	it('an unchanged table keeps its objects; a removed route is marked, then unmarked after removedKeepMs', () => {
		const p = pool();
		p.send({type: 'acquire', holder: 'inspector', nodes: ['w1'], now: 0});
		p.load('w1', 0);
		const first = p.view('w1')!;
		p.send({type: 'refresh', holder: 'inspector', now: 10});
		p.send({type: 'probe-result', node: 'w1', attempt: p.attemptOf('w1'), tables: tables(defaultRow + podRow), now: 20});
		expect(p.view('w1')!.routes).toBe(first.routes);
		p.send({type: 'refresh', holder: 'inspector', now: 30});
		p.send({type: 'probe-result', node: 'w1', attempt: p.attemptOf('w1'), tables: tables(defaultRow), now: 40});
		const changes = p.view('w1')!.routeChanges.map(row => `${row.route.destination} ${row.change}`);
		expect(changes).toEqual(['0.0.0.0/0 same', '192.168.175.5/32 removed']);
		expect(p.wake()).toBe(40 + config.refreshMs);
		p.send({type: 'pause', holder: 'inspector', paused: true, now: 41});
		expect(p.wake()).toBe(40 + config.removedKeepMs);
		p.send({type: 'tick', now: 40 + config.removedKeepMs});
		expect(p.view('w1')!.routeChanges.map(row => row.change)).toEqual(['same']);
		expect(p.wake()).toBeNull();
	});

	it('hands the last read (with its outputs) to the next probe; a read returned as is keeps every table object, only the time moves', () => {
		const p = pool();
		p.send({type: 'acquire', holder: 'inspector', nodes: ['w1'], now: 0});
		const pod = {namespace: 'default', name: 'ni-debug-w1-abc'};
		p.send({type: 'pod-started', node: 'w1', attempt: p.attemptOf('w1'), pod, now: 0});
		const read: NodeTables = {...tables(defaultRow + podRow), outputs: ['route -n', header + defaultRow + podRow, '']};
		p.send({type: 'probe-result', node: 'w1', attempt: p.attemptOf('w1'), tables: read, now: 1});
		const first = p.view('w1')!;
		const [probe] = p.send({type: 'tick', now: 1 + config.refreshMs});
		expect(probe).toEqual({type: 'probe', node: 'w1', attempt: p.attemptOf('w1'), pod, tools: 'basic', previous: read});
		// The runner found the same outputs and handed the previous read back.
		p.send({type: 'probe-result', node: 'w1', attempt: p.attemptOf('w1'), tables: probe?.type === 'probe' ? probe.previous! : read, now: 2 + config.refreshMs});
		const second = p.view('w1')!;
		expect(second).not.toBe(first);
		expect(second.refreshedAt).toBe(2 + config.refreshMs);
		const {refreshedAt: _first, ...firstRest} = first;
		const {refreshedAt: _second, ...secondRest} = second;
		for (const key of Object.keys(firstRest) as (keyof typeof firstRest)[]) expect(secondRest[key], key).toBe(firstRest[key]);
	});

	it('a read after an unchanged one still shows what changed, and the unchanged read unmarks added rows', () => {
		const p = pool();
		p.send({type: 'acquire', holder: 'inspector', nodes: ['w1'], now: 0});
		p.load('w1', 0, defaultRow);
		const withPod: NodeTables = {...tables(defaultRow + podRow), outputs: ['route -n', 'with pod']};
		const changes = () => p.view('w1')!.routeChanges.map(row => `${row.route.destination} ${row.change}`);
		p.send({type: 'refresh', holder: 'inspector', now: 10});
		p.send({type: 'probe-result', node: 'w1', attempt: p.attemptOf('w1'), tables: withPod, now: 20});
		expect(changes()).toEqual(['0.0.0.0/0 same', '192.168.175.5/32 added']);
		const [probe] = p.send({type: 'refresh', holder: 'inspector', now: 30});
		const previous = probe?.type === 'probe' ? probe.previous : undefined;
		expect(previous?.routes).toBe(p.view('w1')!.routes);
		p.send({type: 'probe-result', node: 'w1', attempt: p.attemptOf('w1'), tables: previous!, now: 40});
		expect(changes()).toEqual(['0.0.0.0/0 same', '192.168.175.5/32 same']);
		p.send({type: 'refresh', holder: 'inspector', now: 50});
		p.send({type: 'probe-result', node: 'w1', attempt: p.attemptOf('w1'), tables: {...tables(defaultRow), outputs: ['route -n', 'without']}, now: 60});
		expect(changes()).toEqual(['0.0.0.0/0 same', '192.168.175.5/32 removed']);
		const [again] = p.send({type: 'refresh', holder: 'inspector', now: 70});
		p.send({type: 'probe-result', node: 'w1', attempt: p.attemptOf('w1'), tables: again?.type === 'probe' ? again.previous! : withPod, now: 80});
		expect(changes()).toEqual(['0.0.0.0/0 same', '192.168.175.5/32 removed']);
		const [late] = p.send({type: 'refresh', holder: 'inspector', now: 50 + config.removedKeepMs});
		p.send({type: 'probe-result', node: 'w1', attempt: p.attemptOf('w1'), tables: late?.type === 'probe' ? late.previous! : withPod, now: 60 + config.removedKeepMs});
		expect(changes()).toEqual(['0.0.0.0/0 same']);
	});

	it('pause holds the schedule (no wake for it), refresh still reads, unpause reads at once', () => {
		const p = pool();
		p.send({type: 'pause', holder: 'inspector', paused: true, now: 0});
		// The first read runs even when paused.
		expect(types(p.send({type: 'acquire', holder: 'inspector', nodes: ['w1'], now: 0}))).toEqual(['start-pod']);
		expect(p.view('w1')?.paused).toBe(true);
		p.load('w1', 10);
		expect(p.wake()).toBeNull();
		expect(p.send({type: 'tick', now: 10 + 10 * config.refreshMs})).toEqual([]);
		expect(types(p.send({type: 'refresh', holder: 'inspector', now: 20}))).toEqual(['probe']);
		p.send({type: 'probe-result', node: 'w1', attempt: p.attemptOf('w1'), tables: tables(defaultRow + podRow), now: 30});
		expect(types(p.send({type: 'pause', holder: 'inspector', paused: false, now: 40}))).toEqual(['probe']);
		expect(p.view('w1')?.paused).toBe(false);
	});

	it('a node is paused only while every holder of it is', () => {
		const p = pool();
		p.send({type: 'pause', holder: 'inspector', paused: true, now: 0});
		p.send({type: 'acquire', holder: 'inspector', nodes: ['w1'], now: 0});
		p.send({type: 'acquire', holder: 'trace', nodes: ['w1'], now: 0});
		expect(p.view('w1')?.paused).toBe(false);
		p.load('w1', 0);
		expect(p.wake()).toBe(config.refreshMs);
		p.send({type: 'release', holder: 'trace', now: 1});
		expect(p.view('w1')?.paused).toBe(true);
		expect(p.wake()).toBeNull();
	});
});

describe('probe pool state: failures', () => {
	it('backs off after errors (1 s, 2 s, …), gives up the pod it could not exec in, and deletes it when another pod comes', () => {
		const p = pool();
		p.send({type: 'acquire', holder: 'inspector', nodes: ['w1'], now: 0});
		const pod = {namespace: 'default', name: 'p-old'};
		p.send({type: 'pod-started', node: 'w1', attempt: 1, pod, now: 0});
		p.send({type: 'probe-failed', node: 'w1', attempt: p.attemptOf('w1'), failure: timeout, now: 100});
		expect(p.view('w1')).toMatchObject({phase: 'failed', message: timeout.message, failure: timeout});
		expect(p.state().nodes.get('w1')).toMatchObject({pod: null, lostPod: pod, failures: 1});
		expect(p.wake()).toBe(1100);
		expect(p.send({type: 'tick', now: 1099})).toEqual([]);
		expect(types(p.send({type: 'tick', now: 1100}))).toEqual(['start-pod']);
		// The start found the same pod running again: it is reused, not deleted.
		expect(types(p.send({type: 'pod-started', node: 'w1', attempt: p.attemptOf('w1'), pod, now: 1200}))).toEqual(['probe']);
		p.send({type: 'probe-failed', node: 'w1', attempt: p.attemptOf('w1'), failure: timeout, now: 1300});
		expect(p.wake()).toBe(1300 + 2000);
		p.send({type: 'tick', now: 3300});
		const fresh = {namespace: 'default', name: 'p-new'};
		const commands = p.send({type: 'pod-started', node: 'w1', attempt: p.attemptOf('w1'), pod: fresh, now: 3400});
		expect(commands).toEqual([
			{type: 'delete-pod', pod},
			{type: 'probe', node: 'w1', attempt: p.attemptOf('w1'), pod: fresh, tools: null},
		]);
		p.send({type: 'probe-result', node: 'w1', attempt: p.attemptOf('w1'), tables: tables(defaultRow), now: 3500});
		expect(p.state().nodes.get('w1')?.failures).toBe(0);
		expect(p.view('w1')?.failure).toBeNull();
	});

	it('a failure a retry cannot fix waits for the user instead of retrying; refresh starts again', () => {
		const p = pool();
		p.send({type: 'acquire', holder: 'inspector', nodes: ['w1'], now: 0});
		p.send({type: 'pod-failed', node: 'w1', attempt: 1, failure: imagePull, now: 10});
		expect(p.view('w1')).toMatchObject({phase: 'failed', failure: {reason: 'image-pull', fix: 'check the image name'}});
		expect(p.wake()).toBeNull();
		expect(p.send({type: 'refresh', holder: 'inspector', now: 20})).toEqual([{type: 'start-pod', node: 'w1', attempt: 2}]);
		// The stale failure stays named while the retry runs.
		expect(p.view('w1')?.failure).toEqual(imagePull);
	});

	it('a refresh failing after a first load keeps the tables, marks them stale with the cause, and retries with backoff', () => {
		const p = pool();
		p.send({type: 'acquire', holder: 'inspector', nodes: ['w1'], now: 0});
		p.load('w1', 100);
		const loaded = p.view('w1')!;
		p.send({type: 'tick', now: 100 + config.refreshMs});
		// Even a failure that would wait for the user retries: there are tables to keep fresh.
		p.send({type: 'probe-failed', node: 'w1', attempt: p.attemptOf('w1'), failure: forbidden, now: 5200});
		const stale = p.view('w1')!;
		expect(stale).toMatchObject({phase: 'ready', message: `refresh failed: ${forbidden.message}`, failure: forbidden, refreshedAt: 100});
		expect(stale.routes).toBe(loaded.routes);
		expect(stale.routeChanges).toBe(loaded.routeChanges);
		expect(p.wake()).toBe(5200 + 1000);
		// The retry needs a pod again (the exec was refused in the old one): its progress shows, the cause stays.
		expect(types(p.send({type: 'tick', now: 6200}))).toEqual(['start-pod']);
		p.send({type: 'pod-progress', node: 'w1', attempt: p.attemptOf('w1'), phase: 'preflight', message: 'checking'});
		expect(p.view('w1')).toMatchObject({phase: 'preflight', failure: forbidden, refreshedAt: 100});
	});

	it('a missing command keeps the pod (the image is the problem, not the pod)', () => {
		const p = pool();
		p.send({type: 'acquire', holder: 'inspector', nodes: ['w1'], now: 0});
		const pod = {namespace: 'default', name: 'p1'};
		p.send({type: 'pod-started', node: 'w1', attempt: 1, pod, now: 0});
		const missing: ProbeFailure = {reason: 'command-missing', message: '`route` is not in the image', fix: 'use --image'};
		p.send({type: 'probe-failed', node: 'w1', attempt: p.attemptOf('w1'), failure: missing, now: 10});
		expect(p.state().nodes.get('w1')).toMatchObject({pod, lostPod: null, stage: 'waiting', dueAt: null});
		expect(types(p.send({type: 'refresh', holder: 'inspector', now: 20}))).toEqual(['probe']);
	});

	it('outcomes of a run that is no longer current change nothing', () => {
		const p = pool();
		p.send({type: 'acquire', holder: 'inspector', nodes: ['w1'], now: 0});
		p.load('w1', 0);
		const before = p.state();
		expect(p.send({type: 'probe-failed', node: 'w1', attempt: 1, failure: timeout, now: 5})).toEqual([]);
		expect(p.send({type: 'probe-result', node: 'w1', attempt: 1, tables: tables(''), now: 6})).toEqual([]);
		expect(p.state().nodes.get('w1')).toBe(before.nodes.get('w1'));
	});
});

describe('probe pool state: releasing', () => {
	it('a node nobody holds keeps its pod for the grace, then the pod is deleted', () => {
		const p = pool();
		p.send({type: 'acquire', holder: 'inspector', nodes: ['w1'], now: 0});
		const pod = p.load('w1', 0);
		expect(p.send({type: 'acquire', holder: 'inspector', nodes: ['w2'], now: 1000})).toEqual([{type: 'start-pod', node: 'w2', attempt: 3}]);
		expect(p.wake()).toBe(1000 + config.releaseGraceMs);
		// No refresh for a released node, even when one was due.
		expect(p.send({type: 'tick', now: 1000 + config.releaseGraceMs - 1})).toEqual([]);
		expect(p.send({type: 'tick', now: 1000 + config.releaseGraceMs})).toEqual([{type: 'delete-pod', pod}]);
		expect(p.view('w1')).toBeNull();
	});

	it('switching back within the grace reuses the pod and reads its tables at once (no churn)', () => {
		const p = pool();
		p.send({type: 'acquire', holder: 'inspector', nodes: ['w1'], now: 0});
		const pod = p.load('w1', 0);
		p.send({type: 'acquire', holder: 'inspector', nodes: ['w2'], now: 1000});
		const back = p.send({type: 'acquire', holder: 'inspector', nodes: ['w1'], now: 2000});
		expect(back).toEqual([{type: 'probe', node: 'w1', attempt: p.attemptOf('w1'), pod, tools: 'basic'}]);
		expect(p.view('w1')?.refreshedAt).toBe(0);
		// w2 is in its grace now; w1 stays.
		const later = p.send({type: 'tick', now: 2000 + config.releaseGraceMs});
		expect(later).toEqual([{type: 'cancel', node: 'w2', attempt: 3}]);
		expect(p.view('w1')).not.toBeNull();
	});

	it('a pod that comes up for a node already let go is deleted', () => {
		const p = pool();
		p.send({type: 'acquire', holder: 'inspector', nodes: ['w1'], now: 0});
		p.send({type: 'release', holder: 'inspector', now: 10});
		expect(p.send({type: 'tick', now: 10 + config.releaseGraceMs})).toEqual([{type: 'cancel', node: 'w1', attempt: 1}]);
		const pod = {namespace: 'default', name: 'late'};
		expect(p.send({type: 'pod-started', node: 'w1', attempt: 1, pod, now: 5000})).toEqual([{type: 'delete-pod', pod}]);
	});

	it('stop cancels what runs and deletes every pod, the given-up ones too; later pods are deleted as they come', () => {
		const p = pool();
		p.send({type: 'acquire', holder: 'inspector', nodes: ['w1', 'w2', 'w3'], now: 0});
		const pod1 = p.load('w1', 0);
		const lost = {namespace: 'default', name: 'lost2'};
		p.send({type: 'pod-started', node: 'w2', attempt: 2, pod: lost, now: 0});
		p.send({type: 'probe-failed', node: 'w2', attempt: p.attemptOf('w2'), failure: timeout, now: 1});
		const starting = p.attemptOf('w3');
		expect(p.state().nodes.get('w3')?.stage).toBe('starting');
		const commands = p.send({type: 'stop'});
		expect(commands).toEqual(
			expect.arrayContaining([
				{type: 'delete-pod', pod: pod1},
				{type: 'delete-pod', pod: lost},
				{type: 'cancel', node: 'w3', attempt: starting},
			]),
		);
		expect(commands).toHaveLength(3);
		expect(p.wake()).toBeNull();
		expect(p.send({type: 'acquire', holder: 'x', nodes: ['w4'], now: 2})).toEqual([]);
		const late = {namespace: 'default', name: 'late3'};
		expect(p.send({type: 'pod-started', node: 'w3', attempt: 3, pod: late, now: 3})).toEqual([{type: 'delete-pod', pod: late}]);
	});

	it('policy read with the tables is on the node; an unchanged one keeps its object', () => {
		const p = pool();
		p.send({type: 'acquire', holder: 'trace', nodes: ['w1'], now: 0});
		p.send({type: 'pod-started', node: 'w1', attempt: 1, pod: {namespace: 'default', name: 'p1'}, now: 0});
		const policy = {rules: null, sysctls: [{family: 4 as const, device: 'all', key: 'rp_filter' as const, value: 1}], warnings: []};
		p.send({type: 'probe-result', node: 'w1', attempt: p.attemptOf('w1'), tables: tables(defaultRow), policy, now: 1});
		expect(p.view('w1')?.policy).toBe(policy);
		p.send({type: 'refresh', holder: 'trace', now: 2});
		p.send({type: 'probe-result', node: 'w1', attempt: p.attemptOf('w1'), tables: tables(defaultRow), policy: structuredClone(policy), now: 3});
		expect(p.view('w1')?.policy).toBe(policy);
		const changed = {...policy, sysctls: [{...policy.sysctls[0]!, value: 2}]};
		p.send({type: 'refresh', holder: 'trace', now: 4});
		p.send({type: 'probe-result', node: 'w1', attempt: p.attemptOf('w1'), tables: tables(defaultRow), policy: changed, now: 5});
		expect(p.view('w1')?.policy).toBe(changed);
	});

	it('a node that drops 300,000 routes at once (a BGP full table) marks and later unmarks them without blowing the stack', () => {
		const p = pool();
		p.send({type: 'acquire', holder: 'inspector', nodes: ['w1'], now: 0});
		const template = tables(podRow).routes[0]!;
		const many = Array.from({length: 300_000}, (_, index) => ({...template, destination: `10.${index >> 16}.${(index >> 8) & 255}.${index & 255}/32`}));
		p.send({type: 'pod-started', node: 'w1', attempt: 1, pod: {namespace: 'default', name: 'p1'}, now: 0});
		p.send({type: 'probe-result', node: 'w1', attempt: p.attemptOf('w1'), tables: {tools: 'basic', routes: [...tables(defaultRow).routes, ...many], interfaces: [], warnings: []}, now: 0});
		p.send({type: 'refresh', holder: 'inspector', now: 1});
		p.send({type: 'probe-result', node: 'w1', attempt: p.attemptOf('w1'), tables: tables(defaultRow), now: 2});
		expect(p.view('w1')!.routeChanges.filter(row => row.change === 'removed')).toHaveLength(300_000);
		expect(p.wake()).toBe(2 + config.refreshMs);
		p.send({type: 'pause', holder: 'inspector', paused: true, now: 3});
		expect(p.wake()).toBe(2 + config.removedKeepMs);
		p.send({type: 'tick', now: 2 + config.removedKeepMs});
		expect(p.view('w1')!.routeChanges.map(row => row.change)).toEqual(['same']);
	});
});
