import {describe, expect, it} from 'vitest';
import {countByNode, idleSweep, type SweepSnapshot} from '../../source/kube/sweep-source.js';
import type {SweepProblem} from '../../source/net/sweep.js';
import {missingRouteProblem} from '../helpers/sweep-problems.js';
import {problemItems, problemRow, problemsCell, sweepHeader} from '../../source/state/select-problems.js';

const missing: SweepProblem = {
	...missingRouteProblem,
	pods: [...missingRouteProblem.pods, {namespace: 'kube-system', name: 'coredns-1', node: 'networking-worker3'}],
	podCount: 3,
};
const mtu: SweepProblem = {...missing, kind: 'mtu-mismatch', node: 'networking-worker\u001B[31m', route: null, block: null, toNode: null, pods: [], podCount: 0, expected: 'MTU 1480', actual: 'MTU 1440'};

function snapshot(overrides: Partial<SweepSnapshot>): SweepSnapshot {
	return {...idleSweep, total: 4, startedAt: 1000, updatedAt: 1000, ...overrides};
}

describe('sweepHeader', () => {
	it('is absent before a sweep', () => {
		expect(sweepHeader(idleSweep)).toBeNull();
	});

	it('while running: done/total, failed, and an ETA from the pace so far', () => {
		expect(sweepHeader(snapshot({status: 'running'}))).toEqual({text: 'sweep 0/4', tone: 'warn'});
		// 2 nodes in 20 s: the 2 left take 20 s more.
		expect(sweepHeader(snapshot({status: 'running', done: 1, failed: 1, updatedAt: 21_000}))).toEqual({text: 'sweep 2/4 · 1 failed · ETA 0:20', tone: 'warn'});
		expect(sweepHeader(snapshot({status: 'running', total: 120, done: 1, updatedAt: 6000}))?.text).toBe('sweep 1/120 · ETA 9:55');
	});

	it('once finished or cancelled: the problem count, bad when there are problems', () => {
		expect(sweepHeader(snapshot({status: 'done', done: 4, problems: [missing]}))).toEqual({text: 'swept 4: 1 problem', tone: 'bad'});
		expect(sweepHeader(snapshot({status: 'done', done: 4}))).toEqual({text: 'swept 4: 0 problems', tone: 'ok'});
		expect(sweepHeader(snapshot({status: 'cancelled', done: 2}))?.text).toBe('sweep cancelled at 2/4: 0 problems');
		expect(sweepHeader(snapshot({status: 'failed', error: 'sweep failed: forbidden'}))).toEqual({text: '✕ sweep failed: forbidden', tone: 'bad'});
	});
});

describe('problemItems and problemRow', () => {
	it('lists the problems in the order the sweep gave (worst first), then the nodes whose probe failed', () => {
		const items = problemItems(snapshot({status: 'done', problems: [missing, mtu], failures: new Map([['networking-worker3', 'image pull failed']])}));
		expect(items.map(item => [item.kind, item.node, item.route])).toEqual([
			['missing-route', 'networking-worker2', '0.0.0.0/0'],
			['mtu-mismatch', 'networking-worker\u001B[31m', null],
			['probe-failed', 'networking-worker3', null],
		]);
		expect(problemRow(items[0]!).cells.map(cell => cell.text)).toEqual([
			'missing-route',
			'networking-worker2',
			'0.0.0.0/0',
			'3: default/hello-world-7c64bd9f6b-lmhxb +2',
			'a route to networking-worker3 → default via 172.20.0.1 dev eth0 (the default route)',
		]);
		expect(problemRow(items[1]!).cells[1]!.text).not.toContain('\u001B');
		expect(problemRow(items[1]!).cells[3]!.text).toBe('-');
		expect(problemRow(items[2]!).cells[4]!.text).toBe("the node's tables → image pull failed");
	});
});

describe('problemsCell', () => {
	it('blank until judged, … while the sweep runs, the count or 0 after, ✕ for a failed probe', () => {
		const running = snapshot({status: 'running', probed: new Set(['a']), failures: new Map([['b', 'timeout']])});
		expect(problemsCell(running, 'a')).toEqual({text: '…', tone: 'dim'});
		expect(problemsCell(running, 'b')).toEqual({text: '✕', tone: 'bad'});
		expect(problemsCell(running, 'c')).toEqual({text: '', tone: 'dim'});
		const done = snapshot({status: 'done', probed: new Set(['a', 'networking-worker2']), problemsByNode: countByNode([missing, missing])});
		expect(problemsCell(done, 'networking-worker2')).toEqual({text: '2', tone: 'bad'});
		expect(problemsCell(done, 'a')).toEqual({text: '0', tone: 'dim'});
	});
});
