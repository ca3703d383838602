import {describe, expect, it} from 'vitest';
import {judgePods} from '../../source/state/judge-pods.js';
import {reduce} from '../../source/state/reduce.js';
import {createScreenSelector, type ScreenInput} from '../../source/state/select-screen.js';
import type {Judge} from '../../source/state/select-verdicts.js';
import {initialUiState, type UiState} from '../../source/state/ui-state.js';
import {fixedNow, helloWorker2Veth, liveSnapshot, readyProbe} from '../ui/helpers/seed-data.js';
import {namespacedPodsLimit, nodesDerivedLimit} from '../../source/kube/access-limits.js';

function counting(): {judge: Judge; calls: () => number} {
	let calls = 0;
	return {
		judge(input) {
			calls += 1;
			return judgePods(input);
		},
		calls: () => calls,
	};
}

function screen(ui: UiState, probe = readyProbe(), snapshot = liveSnapshot(), judge: Judge = judgePods) {
	const select = createScreenSelector({judge, context: 'kind-networking', cluster: 'networking', refreshSeconds: 5});
	const view = select({ui, snapshot, probe, now: fixedNow});
	if (!view.fits) throw new Error('expected a layout');
	return view;
}

const inspected = reduce(reduce(initialUiState({size: {columns: 120, rows: 40}}), {type: 'inspect', node: 'networking-worker2'}), {
	type: 'counts',
	counts: {nodes: 4, pods: 3, routes: 8, interfaces: 5},
});

describe('createScreenSelector', () => {
	it('judges the pods once per route-table or pod change, not per render', () => {
		const {judge, calls} = counting();
		const select = createScreenSelector({judge, context: 'c', cluster: 'c', refreshSeconds: 5});
		const input: ScreenInput = {ui: inspected, snapshot: liveSnapshot(), probe: readyProbe(), now: fixedNow};
		select(input);
		select({...input, now: fixedNow + 1000});
		select({...input, ui: reduce(inspected, {type: 'move', delta: 1})});
		expect(calls()).toBe(1);
		select({...input, probe: {...input.probe!, routes: [...input.probe!.routes]}});
		expect(calls()).toBe(2);
		select({...input, probe: {...input.probe!, routes: [...input.probe!.routes]}, snapshot: liveSnapshot({pods: liveSnapshot().pods.slice(1)})});
		expect(calls()).toBe(3);
	});

	it('does not judge again when pods change only in what the judge does not read (status, restarts)', () => {
		const {judge, calls} = counting();
		const select = createScreenSelector({judge, context: 'c', cluster: 'c', refreshSeconds: 5});
		const input: ScreenInput = {ui: inspected, snapshot: liveSnapshot(), probe: readyProbe(), now: fixedNow};
		select(input);
		const restarted = liveSnapshot({pods: liveSnapshot().pods.map(pod => ({...pod, status: 'CrashLoopBackOff', restarts: 3, cluster: {...pod.cluster}}))});
		const view = select({...input, snapshot: restarted});
		expect(calls()).toBe(1);
		expect(view.fits && view.panes.pods.rows.some(row => row.cells.some(cell => cell.text === 'CrashLoopBackOff'))).toBe(true);
		select({...input, snapshot: liveSnapshot({pods: restarted.pods.map(pod => ({...pod, cluster: {...pod.cluster, node: 'networking-worker'}}))})});
		expect(calls()).toBe(2);
	});

	it('hands the node and pod panes back unchanged on a clock tick; the routes pane follows the clock', () => {
		const select = createScreenSelector({judge: judgePods, context: 'c', cluster: 'c', refreshSeconds: 5});
		const input: ScreenInput = {ui: inspected, snapshot: liveSnapshot(), probe: readyProbe(), now: fixedNow};
		const before = select(input);
		const after = select({...input, now: fixedNow + 5000});
		if (!before.fits || !after.fits) throw new Error('expected a layout');
		expect(after.panes.nodes).toBe(before.panes.nodes);
		expect(after.panes.pods).toBe(before.panes.pods);
		expect(after.panes.routes.info).not.toBe(before.panes.routes.info);
		const moved = select({...input, ui: reduce(inspected, {type: 'move', delta: 1})});
		if (!moved.fits) throw new Error('expected a layout');
		expect(moved.panes.nodes).not.toBe(before.panes.nodes);
	});

	it('a refresh that read the same tables (only its time moved) reuses the node and pod panes; any other change remakes them', () => {
		const {judge, calls} = counting();
		const select = createScreenSelector({judge, context: 'c', cluster: 'c', refreshSeconds: 5});
		const probe = readyProbe();
		const input: ScreenInput = {ui: inspected, snapshot: liveSnapshot(), probe, now: fixedNow};
		const before = select(input);
		const refreshed = select({...input, probe: {...probe, refreshedAt: fixedNow + 5000}, now: fixedNow + 5000});
		if (!before.fits || !refreshed.fits) throw new Error('expected a layout');
		expect(refreshed.panes.nodes).toBe(before.panes.nodes);
		expect(refreshed.panes.pods).toBe(before.panes.pods);
		expect(refreshed.panes.routes.info).toContain('refreshed 0s ago');
		expect(calls()).toBe(1);
		const failed = select({...input, probe: {...probe, failure: {reason: 'timeout', message: 'slow', fix: 'try again'}}});
		if (!failed.fits) throw new Error('expected a layout');
		expect(failed.panes.nodes).not.toBe(before.panes.nodes);
		expect(failed.panes.nodes.rows.some(row => row.cells.some(cell => cell.text.endsWith('stale')))).toBe(true);
		const starting = select({...input, probe: {...probe, refreshedAt: null, phase: 'probing'}});
		if (!starting.fits) throw new Error('expected a layout');
		expect(starting.panes.pods).not.toBe(before.panes.pods);
	});

	it('finds the active pod without reading every pod on each render (a pinned pod, or the selected one)', () => {
		const select = createScreenSelector({judge: () => [], context: 'c', cluster: 'c', refreshSeconds: 5});
		let reads = 0;
		const many = Array.from({length: 2000}, (_, index) => {
			const pod = {...liveSnapshot().pods[0]!, name: `pod-${String(index).padStart(4, '0')}`};
			return Object.defineProperty(pod, 'namespace', {
				get: () => {
					reads += 1;
					return 'default';
				},
			});
		});
		const snapshot = liveSnapshot({pods: many});
		const onPods = reduce(reduce(inspected, {type: 'focus', pane: 'pods'}), {type: 'counts', counts: {pods: many.length}});
		const pinned = reduce(reduce(onPods, {type: 'show-path', pod: 'default/pod-1500'}), {type: 'move', delta: 3});
		for (const ui of [onPods, pinned]) {
			select({ui, snapshot, probe: readyProbe(), now: fixedNow});
			reads = 0;
			const view = select({ui, snapshot, probe: readyProbe(), now: fixedNow + 100});
			if (!view.fits) throw new Error('expected a layout');
			expect(reads).toBeLessThan(200);
		}
	});

	it('shows the PATH of each pod from the inspected node', () => {
		const view = screen(inspected);
		const paths = Object.fromEntries(view.panes.pods.rows.map(row => [row.cells[0]!.text, row.cells[4]!]));
		expect(paths['hello-world-7c64bd9f6b-tpnrz']).toEqual({text: `${helloWorker2Veth} (local)`, tone: 'ok'});
		expect(paths['hello-world-7c64bd9f6b-lmhxb']).toEqual({text: 'tunl0 → networking-worker3', tone: 'ok'});
	});

	it('lists the routes with next-hop node and served pods', () => {
		const view = screen(inspected);
		const tunnel = view.panes.routes.rows.find(row => row.cells[0]!.text === '192.168.21.128/26')!;
		expect(tunnel.cells.map(c => c.text)).toEqual(
			expect.arrayContaining(['tunl0', 'networking-worker3']),
		);
		expect(tunnel.cells[6]!.text).toContain('hello-world-7c64bd9f6b-lmhxb');
	});

	it('highlights the selected pod route and interface', () => {
		const onHello = reduce(reduce(inspected, {type: 'focus', pane: 'pods'}), {type: 'move', delta: 2});
		const view = screen(onHello);
		expect(view.selection.pod).toBe('default/hello-world-7c64bd9f6b-tpnrz');
		expect(view.panes.routes.rows.filter(row => row.highlighted).map(row => row.cells[0]!.text)).toEqual(['192.168.175.5/32']);
		expect(view.panes.interfaces.rows.filter(row => row.highlighted).map(row => row.key)).toEqual([helloWorker2Veth]);
	});

	it('highlights the pods a focused route serves and its interface', () => {
		const routes = screen(reduce(inspected, {type: 'focus', pane: 'routes'})).panes.routes.rows;
		const tunnelIndex = routes.findIndex(row => row.cells[0]!.text === '192.168.21.128/26');
		const onTunnel = reduce(reduce(inspected, {type: 'focus', pane: 'routes'}), {type: 'select', pane: 'routes', index: tunnelIndex});
		const view = screen(onTunnel);
		expect(view.panes.pods.rows.filter(row => row.highlighted).map(row => row.key)).toEqual(['default/hello-world-7c64bd9f6b-lmhxb']);
		expect(view.panes.interfaces.rows.filter(row => row.highlighted).map(row => row.key)).toEqual(['tunl0']);
	});

	it('marks added and removed routes', () => {
		const [first, second] = readyProbe().routes;
		const probe = readyProbe({
			routeChanges: [
				{route: first!, change: 'added'},
				{route: second!, change: 'removed'},
			],
		});
		const rows = screen(inspected, probe).panes.routes.rows;
		expect(rows.map(row => [row.mark, row.faded])).toEqual([
			['+', false],
			['-', true],
		]);
	});

	it('renders only the visible rows', () => {
		const many = liveSnapshot({
			pods: Array.from({length: 500}, (_, index) => ({...liveSnapshot().pods[0]!, name: `pod-${index}`})),
		});
		const view = screen(initialUiState({size: {columns: 100, rows: 24}}), readyProbe(), many);
		expect(view.counts.pods).toBe(500);
		expect(view.panes.pods.rows.length).toBe(view.panes.pods.height);
		expect(view.panes.pods.rows.length).toBeLessThan(10);
	});

	it('shows the failure with its fix, and neutralises control characters from the cluster', () => {
		const failed = readyProbe({
			phase: 'failed',
			routes: [],
			refreshedAt: null,
			interfaces: [],
			failure: {reason: 'forbidden', message: 'pods is forbidden: User "dev" cannot create pods', fix: 'ask for create pods in kube-system'},
		});
		const view = screen(inspected, failed, liveSnapshot({pods: [{...liveSnapshot().pods[0]!, name: 'evil\u001b[2Jpod'}]}));
		expect(view.panes.routes.notice.map(line => line.text)).toEqual([
			'✕ forbidden: pods is forbidden: User "dev" cannot create pods',
			'fix: ask for create pods in kube-system · r retries',
		]);
		expect(view.panes.pods.rows[0]!.cells[0]!.text).toBe('evil\\x1b[2Jpod');
	});

	it('says what size it needs below 80x24', () => {
		const select = createScreenSelector({judge: judgePods, context: 'c', cluster: 'c', refreshSeconds: 5});
		const view = select({ui: initialUiState({size: {columns: 60, rows: 20}}), snapshot: liveSnapshot(), probe: null, now: fixedNow});
		expect(view).toEqual({fits: false, size: {columns: 60, rows: 20}, needed: {columns: 80, rows: 24}});
	});
});

describe('highlights scroll into view', () => {
	it("a pane without the focus scrolls to the selected pod's route", () => {
		const small = reduce(
			reduce(initialUiState({size: {columns: 100, rows: 24}}), {type: 'inspect', node: 'networking-worker2'}),
			{type: 'counts', counts: {nodes: 4, pods: 3, routes: 8, interfaces: 5}},
		);
		const onHello = reduce(reduce(small, {type: 'focus', pane: 'pods'}), {type: 'move', delta: 2});
		const view = screen(onHello);
		expect(view.panes.routes.rows.length).toBeLessThan(8);
		expect(view.panes.routes.rows.some(row => row.highlighted && row.cells[0]!.text === '192.168.175.5/32')).toBe(true);
		expect(view.panes.interfaces.rows.some(row => row.highlighted && row.key === helloWorker2Veth)).toBe(true);
		// The focused pane keeps its own window.
		expect(view.panes.pods.rows[view.panes.pods.selected]!.key).toBe('default/hello-world-7c64bd9f6b-tpnrz');
	});
});

describe('header', () => {
	it('says live, reconnecting or stale with the age, and the CNI from annotations before any probe', () => {
		const base = initialUiState({size: {columns: 100, rows: 30}});
		const live = screen(base, readyProbe(), liveSnapshot());
		expect(live.header).toMatchObject({connection: {text: '● live 12s', tone: 'ok'}, cni: 'CNI calico-ipip', nodes: 4, pods: 7});
		const reconnecting = screen(base, readyProbe(), liveSnapshot({connection: {status: 'reconnecting', since: fixedNow - 65_000, error: 'ECONNRESET', fix: null, attempts: 3}}));
		expect(reconnecting.header.connection).toEqual({text: '◌ reconnecting 1m5s (try 3) · ECONNRESET', tone: 'warn'});
		const stale = screen(base, readyProbe(), liveSnapshot({connection: {status: 'stale', since: fixedNow - 40_000, error: null, fix: null, attempts: 9}}));
		expect(stale.header.connection).toEqual({text: '✕ stale 40s', tone: 'bad'});
	});
});

describe('the API cannot be reached', () => {
	const base = initialUiState({size: {columns: 100, rows: 30}});
	const failing = liveSnapshot({
		nodes: [],
		pods: [],
		connection: {status: 'reconnecting', since: fixedNow - 5000, error: 'not authenticated: Unauthorized', fix: 'refresh your credentials', attempts: 2},
	});

	it('empty panes say why and what to do instead of waiting for ever', () => {
		const view = screen(base, undefined, failing);
		expect(view.panes.nodes.notice).toEqual([
			{text: '✕ not authenticated: Unauthorized', tone: 'bad'},
			{text: 'fix: refresh your credentials', tone: 'warn'},
		]);
		// No "no pods in default" while nothing was listed.
		expect(view.panes.pods.notice.map(line => line.text)).not.toContain('no pods in default');
		expect(view.header.connection.text).toBe('◌ reconnecting 5s (try 2) · not authenticated: Unauthorized');
	});

	it('still waits quietly before the first answer', () => {
		const view = screen(base, undefined, liveSnapshot({nodes: [], pods: [], connection: {status: 'connecting', since: fixedNow, error: null, fix: null, attempts: 0}}));
		expect(view.panes.nodes.notice).toEqual([{text: 'waiting for the API…', tone: 'dim'}]);
		expect(view.panes.pods.notice).toEqual([{text: 'waiting for the API…', tone: 'dim'}]);
	});
});

describe('a paged LIST under way', () => {
	it('the panes count what is loaded so far and of how many', () => {
		const base = initialUiState({size: {columns: 100, rows: 30}});
		const view = screen(base, undefined, liveSnapshot({loading: {nodes: null, pods: {loaded: 12_000, remaining: 138_000}}}));
		expect(view.panes.pods.info).toBe('default · 3 · loading 12,000 of 150,000…');
		expect(view.panes.nodes.info).toBe('4/4');
		const unknownTotal = screen(base, undefined, liveSnapshot({loading: {nodes: {loaded: 500, remaining: null}, pods: null}}));
		expect(unknownTotal.panes.nodes.info).toBe('4/4 · loading 500…');
	});
});

describe('what RBAC hides', () => {
	it('the panes say what is shown instead and which permission would show the rest', () => {
		const base = initialUiState({size: {columns: 100, rows: 30}});
		const limited = liveSnapshot({limits: [nodesDerivedLimit, namespacedPodsLimit('default')]});
		const view = screen(base, undefined, limited);
		expect(view.panes.nodes.info).toBe('4/4 · ⚠ derived from pods: needs list,watch on nodes');
		expect(view.panes.pods.info).toContain('⚠ only namespace "default": needs list,watch on pods in all namespaces');
		const empty = screen(base, undefined, liveSnapshot({pods: [], limits: [namespacedPodsLimit('default')]}));
		expect(empty.panes.pods.notice[1]?.text).toMatch(/^⚠ listing pods in all namespaces is forbidden.*kubectl create clusterrole netinspect-pods/);
		expect(screen(base, undefined, liveSnapshot()).panes.nodes.info).toBe('4/4');
	});
});

describe('a pinned pod', () => {
	it('shows its whole path in the pods title', () => {
		const pinned = reduce(inspected, {type: 'show-path', pod: 'default/hello-world-7c64bd9f6b-lmhxb'});
		expect(screen(pinned).panes.pods.info).toContain('▸ 192.168.21.132 via 192.168.21.128/26 → tunl0 → networking-worker3');
		expect(screen(inspected).panes.pods.info).not.toContain('▸');
	});

	it('a refresh that failed after tables loaded marks them stale with the cause and the retry key (issue 8 item 4)', () => {
		const failure = {reason: 'timeout', message: '`route -n` did not finish in time', fix: 'try again'} as const;
		const view = screen(inspected, readyProbe({failure, message: `refresh failed: ${failure.message}`, refreshedAt: fixedNow - 45_000}));
		expect(view.panes.routes.info).toContain('✕ stale, refresh failed: `route -n` did not finish in time (r retries)');
		expect(view.panes.routes.rows.length).toBeGreaterThan(0);
		expect(view.panes.interfaces.info).toContain('✕ stale');
		const worker2 = view.panes.nodes.rows.find(row => row.cells[0]!.text === 'networking-worker2')!;
		const routesCell = worker2.cells.find(cell => /loaded|stale/.test(cell.text));
		expect(routesCell).toEqual({text: `${readyProbe().routes.length} stale`, tone: 'bad'});

		const retrying = screen(inspected, readyProbe({failure, phase: 'probing', refreshedAt: fixedNow - 45_000}));
		expect(retrying.panes.routes.info).toMatch(/✕ stale.*· . probing/);

		const fresh = screen(inspected, readyProbe());
		expect(fresh.panes.routes.info).not.toContain('stale');
		expect(fresh.panes.nodes.rows.find(row => row.cells[0]!.text === 'networking-worker2')!.cells.some(cell => cell.text.endsWith(' loaded'))).toBe(true);
	});
});
