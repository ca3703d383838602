/** The sweep in the inspector with test doubles: S, the header's progress, the PROBLEMS column, the Problems view. */
import {afterEach, describe, expect, it} from 'vitest';
import {countByNode, idleSweep, type SweepSnapshot} from '../../source/kube/sweep-source.js';
import type {SweepProblem} from '../../source/net/sweep.js';
import {missingRouteProblem} from '../helpers/sweep-problems.js';
import {createFakeProber} from './helpers/fake-prober.js';
import {createFakeStore} from './helpers/fake-store.js';
import {createFakeSweep} from './helpers/fake-sweep.js';
import {keys, renderApp, type Rendered} from './helpers/render-app.js';
import {liveSnapshot, readyProbe} from './helpers/seed-data.js';

let rendered: Rendered | null = null;
afterEach(() => {
	rendered?.instance.unmount();
	rendered = null;
});

const missing = missingRouteProblem;
const mtu: SweepProblem = {...missing, kind: 'mtu-mismatch', node: 'networking-worker3', route: null, block: null, toNode: null, pods: [], podCount: 0, expected: 'tunl0 MTU 1480 like the rest', actual: 'tunl0 MTU 1440'};

const allNodes = ['networking-control-plane', 'networking-worker', 'networking-worker2', 'networking-worker3'];

function running(done: number): SweepSnapshot {
	return {...idleSweep, status: 'running', total: 4, done, failed: 1, startedAt: 0, updatedAt: 30_000, probed: new Set(allNodes.slice(0, done)), failures: new Map([['networking-worker3', 'image pull failed: busybox:1.37.0']])};
}

function finished(): SweepSnapshot {
	const problems = [missing, mtu];
	return {...running(3), status: 'done', problems, problemsByNode: countByNode(problems), failures: new Map()};
}

function start(size = {columns: 120, rows: 40}) {
	const store = createFakeStore(liveSnapshot());
	const prober = createFakeProber(node => readyProbe({node}));
	const sweeper = createFakeSweep();
	rendered = renderApp({store, prober, sweeper, ...size});
	return {prober, sweeper, app: rendered};
}

function lineWith(frame: string, text: string): string {
	return frame.split('\n').find(line => line.includes(text)) ?? '';
}

function rowOf(frame: string, name: string): string {
	return frame.split('\n').find(line => line.slice(2).startsWith(`${name} `)) ?? '';
}

describe('App: the sweep', () => {
	it('S starts a sweep of every node; the header shows progress and the PROBLEMS column appears', async () => {
		const {app, sweeper} = start();
		const before = await app.waitFor(f => f.includes('networking-worker3'));
		expect(before).not.toContain('PROBLEMS');
		await app.press('S');
		expect(sweeper.calls).toEqual(['start']);
		expect(sweeper.started()).toEqual(allNodes);
		sweeper.set(running(2));
		const frame = await app.waitFor(f => f.includes('sweep 3/4'));
		expect(lineWith(frame, 'netinspect')).toMatch(/^netinspect sweep 3\/4 · 1 failed · ETA 0:10 · ctx kind-networking · ns default .* ● live 12s$/);
		expect(lineWith(frame, 'NAME')).toMatch(/ROUTES +PROBLEMS$/);
		expect(rowOf(frame, 'networking-worker')).toMatch(/ …$/);
		expect(rowOf(frame, 'networking-worker3')).toMatch(/ ✕$/);
		expect(rowOf(frame, 'networking-worker2')).toMatch(/- +$/);
		expect(frame).toMatchSnapshot();
		await app.press('S');
		expect(sweeper.calls).toEqual(['start', 'cancel']);
	});

	it('the PROBLEMS column gives way on a narrow terminal like the other optional columns', async () => {
		const {app, sweeper} = start({columns: 80, rows: 24});
		await app.waitFor(f => f.includes('networking-worker3'));
		sweeper.set({...finished(), status: 'cancelled'});
		const frame = await app.waitFor(f => f.includes('sweep cancelled'));
		expect(frame).not.toContain('PROBLEMS');
		expect(frame).toMatchSnapshot();
	});

	it('a finished sweep opens the Problems view; Enter goes to the node with its route pinned', async () => {
		const {app, sweeper, prober} = start();
		await app.waitFor(f => f.includes('networking-worker3'));
		await app.press('S');
		sweeper.set(running(2));
		await app.waitFor(f => f.includes('sweep 3/4'));
		sweeper.set(finished());
		const problems = await app.waitFor(f => f.includes(' Problems · 2 problems'));
		expect(lineWith(problems, 'netinspect')).toMatch(/^netinspect swept 4, 1 failed: 2 problems · ctx .* ● live 12s$/);
		expect(lineWith(problems, 'KIND')).toMatch(/KIND +NODE +ROUTE +PODS +EXPECTED → ACTUAL/);
		expect(lineWith(problems, 'missing-route')).toMatch(
			/networking-worker2 +0\.0\.0\.0\/0 +1: default\/hello-world-7c64bd9f6b-lm.* a route to networking-worker3 → de/,
		);
		expect(lineWith(problems, 'mtu-mismatch')).toMatch(/networking-worker3 +- +- +tunl0 MTU 1480 like the rest → tun/);
		expect(lineWith(problems, 'esc close')).toContain('⏎ go');
		expect(problems).toMatchSnapshot();

		await app.press(keys.enter);
		const frame = await app.waitFor(f => f.includes('Nodes ·') && f.includes('▸ 0.0.0.0/0'));
		expect(prober.calls).toContainEqual({type: 'inspect', node: 'networking-worker2'});
		expect(rowOf(frame, 'networking-worker2')).toMatch(/^▸❯networking-worker2 .* 8 loaded +1$/);
		expect(rowOf(frame, 'default')).toMatch(/^ ▶default +172\.20\.0\.1 /);
		expect(frame).toMatchSnapshot();

		// P comes back to the list, j then Enter on the node-wide problem: no route pinned.
		await app.press('P', 'j', keys.enter);
		const second = await app.waitFor(f => rowOf(f, 'networking-worker3').startsWith('▸❯'));
		expect(second).not.toContain('▸ 0.0.0.0/0');
	});

	it('Esc in the Problems view cancels a running sweep', async () => {
		const {app, sweeper} = start();
		await app.waitFor(f => f.includes('networking-worker3'));
		await app.press('S');
		sweeper.set(running(1));
		await app.waitFor(f => f.includes('sweep 2/4'));
		await app.press('P');
		const frame = await app.waitFor(f => f.includes(' Problems · 0 problems'));
		expect(lineWith(frame, ' Problems')).toContain('1/4 nodes judged · 1 failed · sweeping (Esc cancels)');
		expect(lineWith(frame, 'probe-failed')).toContain("networking-worker3 -     -    the node's tables → image pull failed: busybox:1.37.0");
		expect(frame).toMatchSnapshot();
		await app.press(keys.escape);
		expect(sweeper.calls).toEqual(['start', 'cancel']);
	});
});
