import {describe, expect, it} from 'vitest';
import type {ProbeState} from '../../source/kube/types.js';
import {createTraceSelector, traceHeight, type TraceLine, type TraceTableMap} from '../../source/state/select-trace.js';
import {reduce} from '../../source/state/reduce.js';
import {initialUiState, type UiState} from '../../source/state/ui-state.js';
import {fixedNow, liveSnapshot, podRow, readyProbe, seedPodRows} from '../ui/helpers/seed-data.js';
import {worker2TraceProbe, worker3Probe} from '../ui/helpers/seed-worker3.js';

const from = 'default/hello-world-7c64bd9f6b-tpnrz';
const to = 'default/hello-world-7c64bd9f6b-lmhxb';
const showing: UiState = {...initialUiState({size: {columns: 120, rows: 40}}), trace: {stage: 'showing', from, to}, focus: 'routes'};
const both: TraceTableMap = new Map([
	['networking-worker2', worker2TraceProbe()],
	['networking-worker3', worker3Probe()],
]);
const text = (line: TraceLine) => line.map(segment => segment.text).join('');

function select(ui: UiState, tables: TraceTableMap, snapshot = liveSnapshot()) {
	return createTraceSelector()({ui, snapshot, tables, now: fixedNow});
}

describe('selectTrace', () => {
	it('is null unless the Trace view is up', () => {
		expect(select({...showing, trace: null}, both)).toBeNull();
		expect(select({...showing, trace: {stage: 'picking', from}}, both)).toBeNull();
	});

	it('with both ends probed: the picture, delivered both ways, the nodes held, the height of two panes', () => {
		const view = select(showing, both)!;
		expect(view.nodes).toEqual(['networking-worker2', 'networking-worker3']);
		expect(view.title).toBe(`Trace ${from} → ${to}`);
		expect(view.info).toMatch(/^networking-worker2, networking-worker3 · refreshed 2s ago · lines 1-\d+\/\d+ \(j\/k\)$/);
		expect(view.height).toBe(traceHeight(showing));
		expect(view.lines).toHaveLength(view.height);
		const lines = view.lines.map(text);
		expect(lines[0]).toBe(`forward: ${from} → ${to}`);
		expect(view.lines[1]).toEqual([{text: 'delivered', tone: 'ok'}]);
		expect(lines).toContain('   │ tunl0 ipip mtu 1480 → 172.20.0.4 (networking-worker3)');
	});

	it('scrolls by the routes window (its selection is the first line); the count stops at the last full page', () => {
		const top = select(showing, both)!;
		const all = top.scrollCount + top.height - 1;
		const scrolled = select(reduce(reduce(showing, {type: 'counts', counts: {routes: top.scrollCount}}), {type: 'move', delta: 5}), both)!;
		expect(scrolled.lines.map(text)[0]).toBe(top.lines.map(text)[5]);
		const bottom = select(reduce(reduce(showing, {type: 'counts', counts: {routes: top.scrollCount}}), {type: 'move-to', where: 'last'}), both)!;
		expect(bottom.lines.map(text).at(-1)).toBe('problems: none');
		expect(bottom.info).toContain(`lines ${top.scrollCount}-${all}/${all}`);
	});

	it('a removed host route on the destination node: not delivered there, the problem in the bad tone', () => {
		const broken: TraceTableMap = new Map([
			['networking-worker2', worker2TraceProbe()],
			['networking-worker3', worker3Probe(false)],
		]);
		const view = select({...showing, size: {columns: 120, rows: 100}}, broken)!;
		expect(text(view.lines[1]!)).toMatch(/^not delivered: .*missing-host-route/);
		expect(view.lines[1]![0]!.tone).toBe('bad');
		const problem = view.lines.find(line => text(line).includes('✗ missing-host-route'))!;
		expect(problem.find(segment => segment.text.includes('missing-host-route'))!.tone).toBe('bad');
	});

	it('while a node is probing: its progress, and no picture of a half-known path', () => {
		const probing = new Map<string, ProbeState>([
			['networking-worker2', worker2TraceProbe()],
			['networking-worker3', readyProbe({node: 'networking-worker3', phase: 'pulling', message: 'pulling busybox:1.37.0', refreshedAt: null, routes: [], interfaces: []})],
		]);
		const view = select(showing, probing)!;
		expect(view.lines.map(text)).toEqual([expect.stringMatching(/^. networking-worker3: pulling busybox:1\.37\.0$/)]);
		expect(view.info).toBe('networking-worker2, networking-worker3 · probing');
		const none = select(showing, new Map())!;
		expect(none.lines.map(text)).toEqual([expect.stringMatching(/networking-worker2: starting its probe…$/), expect.stringMatching(/networking-worker3: starting its probe…$/)]);
	});

	it('a failed probe says why and what to do, and the path shows the node without tables', () => {
		const failed = new Map<string, ProbeState>([
			['networking-worker2', worker2TraceProbe()],
			[
				'networking-worker3',
				readyProbe({node: 'networking-worker3', phase: 'failed', message: 'x', refreshedAt: null, routes: [], interfaces: [], failure: {reason: 'forbidden', message: 'pods is forbidden\u001B[31m', fix: 'ask for create on pods'}}),
			],
		]);
		const lines = select({...showing, size: {columns: 120, rows: 100}}, failed)!.lines.map(text);
		expect(lines[0]).toBe('✗ networking-worker3: pods is forbidden\\x1b[31m');
		expect(lines[1]).toBe('  fix: ask for create on pods');
		expect(lines).toContainEqual(expect.stringMatching(/^│ no tables captured for this node +│$/));
	});

	it('follows a deleted destination pod: says so and holds only the source node', () => {
		const gone = liveSnapshot({pods: seedPodRows.filter(pod => pod.name !== 'hello-world-7c64bd9f6b-lmhxb')});
		const view = select(showing, both, gone)!;
		expect(view.lines.map(text)).toEqual([`✗ pod ${to} not found: no trace until it is back (esc closes)`]);
		expect(view.nodes).toEqual(['networking-worker2']);
	});

	it("the inspector's own debug pods never stand for a node's address", () => {
		const withDebug = liveSnapshot({pods: [...seedPodRows, podRow('default', 'ni-debug-networking-worker3-abc', 'networking-worker3', '172.20.0.4', true)]});
		expect(select(showing, both, withDebug)!.lines.map(text)).toEqual(select(showing, both)!.lines.map(text));
	});
});
