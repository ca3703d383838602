import {afterEach, describe, expect, it} from 'vitest';
import type {ProbeState} from '../../source/kube/types.js';
import {createFakeProber} from './helpers/fake-prober.js';
import {createFakeStore} from './helpers/fake-store.js';
import {keys, renderApp, type Rendered} from './helpers/render-app.js';
import {fixedNow, helloWorker2Veth, liveSnapshot, readyProbe} from './helpers/seed-data.js';

let rendered: Rendered | null = null;
afterEach(() => {
	rendered?.instance.unmount();
	rendered = null;
});

function start(answer: (node: string) => ProbeState | null = node => readyProbe({node}), size = {columns: 120, rows: 40}) {
	const store = createFakeStore(liveSnapshot());
	const prober = createFakeProber(answer);
	rendered = renderApp({store, prober, ...size});
	return {store, prober, app: rendered};
}

/** The table line whose first cell is `name` (after the two marker columns). */
function rowOf(frame: string, name: string): string {
	return frame.split('\n').find(line => line.slice(2).startsWith(`${name} `)) ?? '';
}

/** The line of the frame that contains `text`. */
function lineWith(frame: string, text: string): string {
	return frame.split('\n').find(line => line.includes(text)) ?? '';
}

describe('App', () => {
	it('start screen: header, nodes, the default namespace pods, and how to begin', async () => {
		const {app} = start();
		const frame = await app.waitFor(f => f.includes('networking-worker3'));
		expect(lineWith(frame, 'netinspect')).toContain('ctx kind-networking');
		expect(lineWith(frame, 'netinspect')).toContain('● live 12s');
		expect(frame).toContain('hello-world-7c64bd9f6b-tpnrz');
		expect(frame).not.toContain('coredns');
		expect(frame).toContain('Enter on a node to inspect');
		expect(frame).toMatchSnapshot();
	});

	it('worker2 inspected: its routes, interfaces and the hello-world paths', async () => {
		const {app, prober} = start();
		await app.waitFor(f => f.includes('networking-worker3'));
		await app.press('j', 'j', keys.enter);
		const frame = await app.waitFor(f => f.includes('192.168.21.128/26'));
		expect(prober.calls).toContainEqual({type: 'inspect', node: 'networking-worker2'});
		expect(lineWith(frame, '192.168.21.128/26')).toMatch(/tunl0\s+networking-worker3/);
		expect(lineWith(frame, 'hello-world-7c64bd9f6b-lmhxb')).toContain('tunl0 → networking-worker3');
		expect(lineWith(frame, 'hello-world-7c64bd9f6b-tpnrz')).toContain(`${helloWorker2Veth} (local)`);
		expect(lineWith(frame, `${helloWorker2Veth} veth`)).toContain('default/hello-world-7c64bd9f6b-tpnrz');
		expect(rowOf(frame, 'networking-worker2')).toMatch(/^▸❯networking-worker2 .* 8 loaded/);
		expect(frame).toMatchSnapshot();
	});

	it('a pod selected: its route row and its interface are highlighted', async () => {
		const {app} = start();
		await app.waitFor(f => f.includes('networking-worker3'));
		await app.press('j', 'j', keys.enter);
		await app.waitFor(f => f.includes('192.168.21.128/26'));
		await app.press(keys.tab, 'j', 'j', keys.enter);
		const frame = await app.waitFor(f => rowOf(f, 'hello-world-7c64bd9f6b-tpnrz').startsWith('▸❯'));
		expect(rowOf(frame, '192.168.175.5/32')).toMatch(/^ ▶/);
		expect(rowOf(frame, '192.168.21.128/26')).toMatch(/^ {2}/);
		expect(rowOf(frame, helloWorker2Veth)).toMatch(/^ ▶.* veth /);
		expect(rowOf(frame, 'eth0')).toMatch(/^ {2}/);
		expect(frame).toMatchSnapshot();
	});

	it('help lists every key, and Esc closes it', async () => {
		const {app} = start();
		await app.waitFor(f => f.includes('networking-worker3'));
		await app.press('?');
		const frame = await app.waitFor(f => f.includes('Keys (Esc or ? closes)'));
		expect(frame).toContain('q / ctrl-c');
		expect(frame).toContain('PgDn / ctrl-f');
		expect(frame).toMatchSnapshot();
		await app.press(keys.escape);
		await app.waitFor(f => f.includes('Nodes ·'));
	});

	it('a failure state: RBAC denied, with its cause and a fix', async () => {
		const {app} = start(node =>
			readyProbe({
				node,
				phase: 'failed',
				routes: [],
				interfaces: [],
				refreshedAt: null,
				podName: null,
				failure: {
					reason: 'forbidden',
					message: 'pods is forbidden: User "dev" cannot create resource "pods" in the namespace "kube-system"',
					fix: 'ask for create/delete on pods and create on pods/exec, or pass --debug-namespace',
				},
			}),
		);
		await app.waitFor(f => f.includes('networking-worker3'));
		await app.press('j', 'j', keys.enter);
		const frame = await app.waitFor(f => f.includes('✕ forbidden'));
		expect(frame).toContain('fix: ask for create/delete on pods');
		expect(rowOf(frame, 'networking-worker2')).toMatch(/^▸.networking-worker2 .* failed/);
		expect(frame).toMatchSnapshot();
	});

	it('a probe in progress shows its phase', async () => {
		const {app} = start(node => readyProbe({node, phase: 'pulling', message: 'pulling busybox:1.37.0', routes: [], interfaces: [], refreshedAt: null}));
		await app.waitFor(f => f.includes('networking-worker3'));
		await app.press(keys.enter);
		const frame = await app.waitFor(f => f.includes('pulling: pulling busybox:1.37.0'));
		expect(rowOf(frame, 'networking-control-plane')).toMatch(/^▸.networking-control-plane .* pulling/);
	});

	it('a narrow terminal says what it needs, then lays out live when enlarged to 80x24', async () => {
		const {app} = start(undefined, {columns: 60, rows: 20});
		const small = await app.waitFor(f => f.includes('needs at least'));
		expect(small).toMatchSnapshot();
		app.stdout.resize(80, 24);
		const frame = await app.waitFor(f => f.includes('Nodes ·'));
		const lines = frame.split('\n');
		expect(lines.length).toBeLessThanOrEqual(23);
		expect(Math.max(...lines.map(line => line.length))).toBeLessThanOrEqual(80);
		expect(frame).toMatchSnapshot();
		// At 80 columns optional columns (roles, PodCIDRs, pod node) give way so IPs, tunnels and paths stay whole.
		await app.press('j', 'j', keys.enter);
		const inspected = await app.waitFor(f => f.includes('paths from networking-worker2'));
		expect(rowOf(inspected, 'hello-world-7c64bd9f6b-lmhxb')).toMatch(/192\.168\.21\.132 +Running tunl0 → networking-worker3/);
		expect(rowOf(inspected, 'networking-worker2')).toContain('ipip 192.168.175.0');
		expect(inspected).toMatchSnapshot();
	});

	it('a bad filter regex is a message, not a crash; Esc drops it', async () => {
		const {app} = start();
		await app.waitFor(f => f.includes('networking-worker3'));
		await app.press('/', 'w', '(');
		const frame = await app.waitFor(f => f.includes('bad regex'));
		expect(frame).toContain('networking-worker3');
		await app.press(')', keys.enter);
		await app.waitFor(f => !f.includes('bad regex') && f.includes('/w()/'));
		await app.press(keys.escape);
		await app.waitFor(f => !f.includes('/w()/'));
	});

	it('live data: a deleted pod and a route change appear without a key', async () => {
		const {app, store, prober} = start();
		await app.waitFor(f => f.includes('networking-worker3'));
		await app.press('j', 'j', keys.enter);
		await app.waitFor(f => f.includes('192.168.21.128/26'));
		store.set(liveSnapshot({pods: liveSnapshot().pods.filter(pod => !pod.name.endsWith('tpnrz')), version: 2}));
		const current = readyProbe();
		const removed = current.routes.find(route => route.destination === '192.168.175.5/32')!;
		prober.set(
			readyProbe({
				routes: current.routes.filter(route => route !== removed),
				routeChanges: current.routes.map(route => ({route, change: route === removed ? 'removed' : 'same'})),
				refreshedAt: fixedNow,
			}),
		);
		const frame = await app.waitFor(f => !f.includes('hello-world-7c64bd9f6b-tpnrz') && f.includes('+0 -1'));
		expect(rowOf(frame, '192.168.175.5/32')).toMatch(/^-/);
	});

	it('q stops the prober (deleting its debug pod) before exiting', async () => {
		const {app, prober} = start();
		await app.waitFor(f => f.includes('networking-worker3'));
		// Ink creates the exit promise lazily: ask for it before the app can exit.
		const exited = app.instance.waitUntilExit();
		await app.press('q');
		await exited;
		expect(prober.calls.at(-1)).toEqual({type: 'stop'});
	});

	it('p and r reach the prober', async () => {
		const {app, prober} = start();
		await app.waitFor(f => f.includes('networking-worker3'));
		await app.press(keys.enter);
		await app.waitFor(f => f.includes('refreshed'));
		await app.press('p');
		await app.waitFor(f => f.includes('· paused'));
		await app.press('r');
		expect(prober.calls).toEqual([{type: 'inspect', node: 'networking-control-plane'}, {type: 'pause', paused: true}, {type: 'refresh'}]);
	});

	it('--no-color: no colour escapes, the cursor and highlights still show as characters', async () => {
		const store = createFakeStore(liveSnapshot());
		const prober = createFakeProber(node => readyProbe({node}));
		rendered = renderApp({store, prober, color: false});
		await rendered.waitFor(f => f.includes('networking-worker3'));
		const raw = rendered.stdout.frames.at(-1) ?? '';
		expect(raw).not.toMatch(/\u001B\[(3[0-9]|9[0-7])m/);
		expect(raw).toContain('❯');
	});
});
