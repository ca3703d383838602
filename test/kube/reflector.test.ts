/**
 * The reflector against a scripted API server on 127.0.0.1: defences for client-node 1.4.0's informer
 * pitfalls (W2 restart after errors, W4 no restart after stop, W6 content diff, relist on restart).
 */
import {createServer, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {KubeConfig} from '@kubernetes/client-node';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {createReflector, listWatchdogFactor, type Reflector} from '../../source/kube/reflector.js';
import type {ConnectionState} from '../../source/kube/types.js';
import {waitFor} from './lab-helper.js';

type Pod = {metadata: {name: string; namespace: string; resourceVersion: string; uid: string}; status: {phase: string}};

let server: Server;
let kubeConfig: KubeConfig;
let resourceVersion = 10;
const pods = new Map<string, Pod>();
const streams = new Set<ServerResponse>();
const requests: string[] = [];
const openBySelector = new Map<string, number>();
let failWatches = 0;
const changes = new Set<() => void>();
const notify = () => {
	for (const listener of [...changes]) listener();
};

function pod(name: string, phase = 'Running'): Pod {
	return {metadata: {name, namespace: 'default', resourceVersion: String(++resourceVersion), uid: `uid-${name}`}, status: {phase}};
}

function send(type: string, object: Pod) {
	for (const stream of streams) stream.write(`${JSON.stringify({type, object: {apiVersion: 'v1', kind: 'Pod', ...object}})}\n`);
}

beforeAll(async () => {
	pods.set('a', pod('a'));
	pods.set('b', pod('b'));
	server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		requests.push(`${url.searchParams.get('watch') === 'true' ? 'watch' : 'list'} ${url.searchParams.get('labelSelector') ?? ''}`);
		notify();
		if (url.searchParams.get('watch') === 'true') {
			if (failWatches > 0) {
				failWatches--;
				response.writeHead(500, {'Content-Type': 'application/json'}).end(JSON.stringify({kind: 'Status', code: 500, message: 'scripted'}));
				return;
			}
			response.writeHead(200, {'Content-Type': 'application/json'});
			response.flushHeaders();
			streams.add(response);
			const selector = url.searchParams.get('labelSelector') ?? '';
			openBySelector.set(selector, (openBySelector.get(selector) ?? 0) + 1);
			response.on('close', () => {
				streams.delete(response);
				openBySelector.set(selector, (openBySelector.get(selector) ?? 1) - 1);
				notify();
			});
			notify();
			return;
		}
		response.writeHead(200, {'Content-Type': 'application/json'}).end(
			JSON.stringify({
				apiVersion: 'v1',
				kind: 'PodList',
				metadata: {resourceVersion: String(resourceVersion)},
				items: [...pods.values()].map(item => ({apiVersion: 'v1', kind: 'Pod', ...item})),
			}),
		);
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	kubeConfig = new KubeConfig();
	kubeConfig.loadFromOptions({
		clusters: [{name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true}],
		users: [{name: 'u', token: 't'}],
		contexts: [{name: 'x', cluster: 'c', user: 'u'}],
		currentContext: 'x',
	});
});

afterAll(async () => {
	for (const stream of streams) stream.destroy();
	server.closeAllConnections();
	await new Promise(resolve => server.close(resolve));
});

function reflector(selector: string, watchdogMs?: number) {
	let rowChanges = 0;
	const states: ConnectionState[] = [];
	const listeners = new Set<() => void>();
	const fire = () => {
		for (const listener of [...listeners]) listener();
	};
	const made: Reflector<{name: string; phase: string}> = createReflector({
		kubeConfig,
		path: '/api/v1/namespaces/default/pods',
		labelSelector: selector,
		toRow: object => {
			const value = object as Partial<Pod>;
			return value.metadata ? {name: value.metadata.name, phase: value.status?.phase ?? ''} : null;
		},
		keyOf: row => row.name,
		onRows: () => {
			rowChanges++;
			fire();
		},
		onConnection: state => {
			states.push(state);
			fire();
		},
		backoff: {initialMs: 5, maxMs: 20},
		...(watchdogMs === undefined ? {} : {watchdogMs}),
	});
	const subscribe = (listener: () => void) => {
		listeners.add(listener);
		return () => listeners.delete(listener);
	};
	return {made, subscribe, rowChanges: () => rowChanges, states};
}

const watchesOf = (selector: string) => requests.filter(line => line === `watch ${selector}`).length;
const onRequest = (listener: () => void) => {
	changes.add(listener);
	return () => changes.delete(listener);
};

describe('createReflector', () => {
	it('lists, follows events, and drops updates whose content did not change (W6)', async () => {
		const {made, subscribe, rowChanges} = reflector('w6');
		made.start();
		await waitFor(subscribe, () => made.connection().status === 'live' && made.rows().size === 2, 'live');
		await waitFor(onRequest, () => watchesOf('w6') >= 1 && streams.size > 0, 'the watch');
		const before = rowChanges();
		const same = {...pods.get('a')!, metadata: {...pods.get('a')!.metadata, resourceVersion: String(++resourceVersion)}};
		send('MODIFIED', same);
		const changed = pod('a', 'Failed');
		pods.set('a', changed);
		send('MODIFIED', changed);
		try {
			await waitFor(subscribe, () => made.rows().get('a')?.phase === 'Failed', 'the real change');
			expect(rowChanges() - before).toBe(1);
		} finally {
			made.stop();
		}
	});

	it('a changed row shares what did not change with the row it replaces (the storm leaves only the row object behind)', async () => {
		type Shared = {readonly name: string; readonly phase: string; readonly meta: {readonly uid: string; readonly namespace: string}};
		const listeners = new Set<() => void>();
		const made: Reflector<Shared> = createReflector({
			kubeConfig,
			path: '/api/v1/namespaces/default/pods',
			labelSelector: 'share',
			toRow: object => {
				const value = object as Partial<Pod>;
				return value.metadata ? {name: value.metadata.name, phase: value.status?.phase ?? '', meta: {uid: value.metadata.uid, namespace: value.metadata.namespace}} : null;
			},
			keyOf: row => row.name,
			onRows: () => {
				for (const listener of [...listeners]) listener();
			},
			onConnection: () => undefined,
			backoff: {initialMs: 5, maxMs: 20},
		});
		const subscribe = (listener: () => void) => {
			listeners.add(listener);
			return () => listeners.delete(listener);
		};
		made.start();
		try {
			await waitFor(subscribe, () => (made.rows().size === 2 ? true : null), 'the list');
			await waitFor(onRequest, () => watchesOf('share') >= 1 && streams.size > 0, 'the watch');
			const before = made.rows().get('b')!;
			const changed = pod('b', before.phase === 'Pending' ? 'Running' : 'Pending');
			pods.set('b', changed);
			send('MODIFIED', changed);
			const after = await waitFor(subscribe, () => (made.rows().get('b')?.phase === changed.status.phase ? made.rows().get('b')! : null), 'the change');
			expect(after).not.toBe(before);
			expect(after.meta).toBe(before.meta);
		} finally {
			made.stop();
		}
	});

	it('relists when a silent watch outlives the watchdog (W1), staying live', async () => {
		const {made, subscribe, states} = reflector('w1', 200);
		made.start();
		await waitFor(subscribe, () => made.connection().status === 'live', 'live');
		await waitFor(onRequest, () => requests.filter(line => line === 'list w1').length >= 2, 'a second list');
		expect(states.map(state => state.status)).not.toContain('reconnecting');
		made.stop();
	});

	it('lets a slow LIST finish instead of abandoning it at the watchdog, within a bound (W1)', async () => {
		vi.useFakeTimers();
		const lists: Array<(list: unknown) => void> = [];
		const made = createReflector<{name: string}>({
			kubeConfig,
			path: '/api/v1/namespaces/default/pods',
			// A LIST that never answers (the page timeout is longer than the watchdog here).
			api: {getJson: async () => new Promise(resolve => lists.push(resolve)), watch: async () => undefined},
			requestTimeoutMs: 60_000,
			toRow: object => ({name: String((object as Partial<Pod>).metadata?.name)}),
			keyOf: row => row.name,
			onRows: () => undefined,
			onConnection: () => undefined,
			watchdogMs: 100,
		});
		try {
			made.start();
			await vi.advanceTimersByTimeAsync(100 * (listWatchdogFactor - 0.5));
			expect(lists).toHaveLength(1);
			await vi.advanceTimersByTimeAsync(100);
			expect(lists).toHaveLength(2);
		} finally {
			made.stop();
			vi.useRealTimers();
		}
	});

	it('restarts after a failed watch with backoff and relists (W2), and never after stop (W4)', async () => {
		const {made, subscribe, states} = reflector('w4');
		made.start();
		await waitFor(subscribe, () => made.connection().status === 'live', 'live');
		await waitFor(onRequest, () => watchesOf('w4') >= 1, 'the first watch');
		failWatches = 1;
		pods.set('c', pod('c'));
		for (const stream of streams) stream.destroy();
		await waitFor(subscribe, () => made.rows().has('c') && made.connection().status === 'live', 'relisted');
		expect(states.map(state => state.status)).toContain('reconnecting');
		expect(states.find(state => state.status === 'reconnecting')?.attempts).toBeGreaterThanOrEqual(1);

		made.stop();
		// A watch already on its way may still arrive, but it is closed at once; a restart would relist.
		const listsAtStop = requests.filter(line => line === 'list w4').length;
		for (const stream of streams) stream.destroy();
		// A second reflector goes through a whole failure and restart; a first one that still ran would too.
		const witness = reflector('witness');
		witness.made.start();
		await waitFor(witness.subscribe, () => witness.made.connection().status === 'live', 'witness live');
		await waitFor(onRequest, () => watchesOf('witness') >= 1, 'witness watch');
		for (const stream of streams) stream.destroy();
		await waitFor(onRequest, () => watchesOf('witness') >= 2, 'witness restarted');
		expect(requests.filter(line => line === 'list w4').length).toBe(listsAtStop);
		await waitFor(onRequest, () => (openBySelector.get('w4') ?? 0) === 0, 'no open w4 stream');
		witness.made.stop();
	});
});
