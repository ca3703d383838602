/**
 * The Trace view in the whole app (test doubles: a fake store and a fake probe pool behind the real
 * TraceTables adapter): t on a pod, pick the destination, Enter; the picture, live (a removed host route, a deleted
 * pod), scrolling, Esc back to the routes and interfaces panes.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {createTraceTables} from '../../source/kube/trace-tables.js';
import type {ProbeState} from '../../source/kube/types.js';
import {createFakePool} from './helpers/fake-pool.js';
import {createFakeProber} from './helpers/fake-prober.js';
import {createFakeStore} from './helpers/fake-store.js';
import {keys, renderApp, type Rendered} from './helpers/render-app.js';
import {liveSnapshot, seedPodRows} from './helpers/seed-data.js';
import {worker2TraceProbe, worker3Probe} from './helpers/seed-worker3.js';

let rendered: Rendered | null = null;
afterEach(() => {
	rendered?.instance.unmount();
	rendered = null;
});

const source = 'hello-world-7c64bd9f6b-tpnrz';
const destination = 'hello-world-7c64bd9f6b-lmhxb';

function start(size = {columns: 100, rows: 40}) {
	const store = createFakeStore(liveSnapshot());
	const prober = createFakeProber();
	const answer = (node: string): ProbeState | null =>
		node === 'networking-worker2' ? worker2TraceProbe() : node === 'networking-worker3' ? worker3Probe() : null;
	const pool = createFakePool(answer);
	rendered = renderApp({store, prober, traceTables: createTraceTables(pool), ...size});
	return {store, prober, pool, app: rendered};
}

const lineWith = (frame: string, text: string): string => frame.split('\n').find(line => line.includes(text)) ?? '';

/** From the start screen: the pods pane, G to tpnrz (last of the default pods), t, g to lmhxb, Enter. */
async function traceHelloPods(app: Rendered): Promise<string> {
	await app.waitFor(f => f.includes('networking-worker3'));
	await app.press(keys.tab, 'G', 't');
	const picking = await app.waitFor(f => f.includes('pick the destination'));
	expect(lineWith(picking, 'pick the destination')).toContain(`pick the destination of the trace from default/${source}: ⏎ traces, esc cancels`);
	await app.press('g', keys.enter);
	return app.waitFor(f => f.includes('problems:') || f.includes('delivered'));
}

describe('App: trace', () => {
	it('t, pick, Enter: the Trace view replaces routes and interfaces, delivered both ways', async () => {
		const {app, prober, pool} = start({columns: 160, rows: 40});
		const frame = await traceHelloPods(app);
		expect(pool.calls).toEqual([{type: 'acquire', nodes: ['networking-worker2', 'networking-worker3'], holder: 'trace'}]);
		expect(prober.calls).toEqual([]);
		expect(frame).toContain(` Trace default/${source} → default/${destination} · networking-worker2, networking-worker3 · refreshed 2s ago`);
		expect(frame).not.toContain(' Routes');
		expect(frame).not.toContain(' Interfaces');
		expect(lineWith(frame, 'forward:')).toBe(` forward: default/${source} → default/${destination}`);
		expect(frame).toContain('    │ tunl0 ipip mtu 1480 → 172.20.0.4 (networking-worker3)');
		expect(lineWith(frame, 'esc closes')).toContain('trace: j/k scroll (in its pane), esc closes');
		expect(frame).toMatchSnapshot();
	});

	it('scrolls to the reverse path and the verdict with G; Esc brings the routes pane back and releases the trace nodes', async () => {
		const {app, pool} = start({columns: 100, rows: 56});
		await traceHelloPods(app);
		await app.press('G');
		const bottom = await app.waitFor(f => f.includes('problems: none'));
		expect(bottom).toContain(` reverse: default/${destination} → default/${source}`);
		expect(lineWith(bottom, 'reverse:')).not.toContain('not delivered');
		expect(bottom).toContain('path MTU: 1480');
		expect(bottom).toMatchSnapshot();
		await app.press(keys.escape);
		const back = await app.waitFor(f => f.includes(' Routes') && !f.includes(' Trace '));
		expect(back).toContain(' Interfaces');
		// The app lets go of the trace's nodes after the frame (an effect): wait for it.
		await app.waitFor(() => pool.calls.at(-1)?.type === 'release');
		expect(pool.calls.at(-1)).toEqual({type: 'release', holder: 'trace'});
	});

	it('follows the tables: the destination host route removed on worker3 → not delivered there, in red', async () => {
		const {app, pool} = start({columns: 100, rows: 60});
		await traceHelloPods(app);
		pool.set('networking-worker3', worker3Probe(false));
		const frame = await app.waitFor(f => f.includes('not delivered'));
		expect(lineWith(frame, 'not delivered')).toMatch(/not delivered: .*missing-host-route/);
		expect(frame).toContain('✗ missing-host-route');
		// The problem is drawn in the theme's bad tone (red), not only marked.
		const raw = app.stdout.frames.at(-1) ?? '';
		expect(raw).toMatch(/\u001B\[31m✗ missing-host-route/);
		expect(frame).toMatchSnapshot();
	});

	it('follows the pods: the destination deleted → says so until it is back', async () => {
		const {app, store} = start();
		await traceHelloPods(app);
		store.set(liveSnapshot({pods: seedPodRows.filter(pod => pod.name !== destination), version: 2}));
		const frame = await app.waitFor(f => f.includes('not found'));
		expect(lineWith(frame, 'not found')).toBe(` ✗ pod default/${destination} not found: no trace until it is back (esc closes)`);
		store.set(liveSnapshot({version: 3}));
		await app.waitFor(f => f.includes('delivered') && !f.includes('not found'));
	});

	it('Esc while picking cancels; the help and the status line list t', async () => {
		const {app} = start();
		await app.waitFor(f => f.includes('networking-worker3'));
		await app.press(keys.tab);
		const pods = await app.waitFor(f => f.includes('t trace'));
		expect(lineWith(pods, 't trace')).toMatch(/^⏎ path {2}t trace {2}\/ filter/);
		await app.press('t');
		await app.waitFor(f => f.includes('pick the destination'));
		await app.press(keys.escape);
		await app.waitFor(f => !f.includes('pick the destination') && f.includes(' Routes'));
		await app.press('?');
		const help = await app.waitFor(f => f.includes('Keys (Esc or ? closes)'));
		expect(lineWith(help, 'trace from the pod')).toContain('pick the destination in this pane');
	});
});
