/**
 * The inspector's hot path without a cluster: the real App (Ink, throttled as in a terminal) on a store made
 * directly from 5,000 nodes and 150,000 pod rows, node-0 inspected with a 5,000-route table, while 2,000 pod
 * changes per second stream in (a new snapshot every 100 ms with 200 pods changed). Prints the first frame,
 * Enter → all pods judged and on screen, and key → frame (p50/p95/max) for `j` in the pods pane.
 * Run alone: npx tsx test/bench/ui-keys.ts [PODS] (also part of `npm run bench`).
 */
import {EventEmitter} from 'node:events';
import {performance} from 'node:perf_hooks';
import {render} from 'ink';
import {createElement} from 'react';
import {App} from '../../source/app.js';
import type {ClusterSnapshot, ClusterStore, NodeProber, NodeRow, PodRow, ProbeState} from '../../source/kube/types.js';
import {formatIPv4} from '../../source/net/ip.js';
import {makeRoute} from '../../source/net/route.js';
import type {Interface, Route} from '../../source/net/types.js';
import {judgePods} from '../../source/state/judge-pods.js';

export type UiKeyFigures = {
	readonly pods: number;
	readonly nodes: number;
	readonly firstFrameMs: number;
	readonly judgedMs: number;
	readonly keyP50: number;
	readonly keyP95: number;
	readonly keyMax: number;
	readonly keys: number;
	readonly heapMb: number;
};

const beginUpdate = '\u001B[?2026h';
const endUpdate = '\u001B[?2026l';

class Terminal extends EventEmitter {
	isTTY = true;
	columns = 160;
	rows = 45;
	writes = 0;
	last = '';
	waiters: (() => void)[] = [];
	private frame = '';
	/** Ink writes a frame as begin-synchronized-update, the frame, end: a frame is done at the end (or alone). */
	write = (chunk: string): boolean => {
		if (chunk === beginUpdate) {
			this.frame = '';
			return true;
		}
		this.frame += chunk === endUpdate ? '' : chunk;
		if (this.frame === '') return true;
		this.writes += 1;
		this.last = this.frame;
		this.frame = '';
		for (const waiter of this.waiters.splice(0)) waiter();
		return true;
	};

	async nextWrite(timeoutMs = 10_000): Promise<void> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('no frame')), timeoutMs);
			this.waiters.push(() => {
				clearTimeout(timer);
				resolve();
			});
		});
	}
}

class Keyboard extends EventEmitter {
	isTTY = true;
	private data: string | null = null;
	press(data: string): void {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	}

	read = (): string | null => {
		const {data} = this;
		this.data = null;
		return data;
	};

	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
}

const nodeIp = (index: number): string => formatIPv4(((172 << 24) | (20 << 16) | (index + 2)) >>> 0);
/** One /26 block per node in 10.0.0.0/8 (room for 262,144 nodes). */
const blockBase = (index: number): number => ((10 << 24) + index * 64) >>> 0;

function nodeRow(index: number): NodeRow {
	const name = `node-${index}`;
	const internalIp = nodeIp(index);
	const tunnel = formatIPv4(blockBase(index));
	const podCidr = `${tunnel}/26`;
	return {
		name,
		ready: true,
		unschedulable: false,
		roles: [index === 0 ? 'control-plane' : 'worker'],
		internalIp,
		externalIp: null,
		podCidrs: [podCidr],
		tunnels: [{kind: 'ipip', address: tunnel}],
		cluster: {
			name,
			internalIps: [internalIp],
			externalIps: [],
			podCidrs: [podCidr],
			annotations: {'projectcalico.org/IPv4Address': `${internalIp}/16`, 'projectcalico.org/IPv4IPIPTunnelAddr': tunnel},
		},
	};
}

function podRow(index: number, nodes: number, status = 'Running'): PodRow {
	const node = index % nodes;
	const slot = 1 + (Math.floor(index / nodes) % 62);
	const ip = formatIPv4(blockBase(node) + slot);
	const namespace = `ns-${index % 50}`;
	const name = `app-${index}`;
	const nodeName = `node-${node}`;
	return {
		namespace,
		name,
		uid: `uid-${index}`,
		ips: [ip],
		node: nodeName,
		phase: 'Running',
		status,
		ready: '1/1',
		restarts: 0,
		hostNetwork: false,
		hostIp: null,
		createdAt: 0,
		cluster: {namespace, name, node: nodeName, ips: [ip], hostNetwork: false, phase: 'Running'},
	};
}

function byNamespaceThenName(a: PodRow, b: PodRow): number {
	if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
	return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** node-0's table: default, its link, a blackhole for its block, a /32 per local pod, a /26 per other node. */
function inspectedTables(nodes: readonly NodeRow[], pods: readonly PodRow[]): {routes: readonly Route[]; interfaces: readonly Interface[]} {
	const routes: Route[] = [
		makeRoute({family: 4, destination: '0.0.0.0/0', gateway: '172.20.0.1', interface: 'eth0', source: 'route-n'}),
		makeRoute({family: 4, destination: '172.20.0.0/16', interface: 'eth0', source: 'route-n'}),
		makeRoute({family: 4, destination: `${formatIPv4(blockBase(0))}/26`, kind: 'blackhole', source: 'route-n'}),
	];
	for (const pod of pods) {
		if (pod.node === 'node-0') routes.push(makeRoute({family: 4, destination: `${pod.ips[0]}/32`, interface: `cali${pod.name.slice(4).padStart(11, '0')}`, source: 'route-n'}));
	}
	for (const node of nodes.slice(1)) {
		routes.push(makeRoute({family: 4, destination: node.podCidrs[0]!, gateway: node.internalIp, interface: 'tunl0', onlink: true, source: 'route-n'}));
	}
	const interfaces: Interface[] = [
		{name: 'lo', index: 1, peer: null, state: 'UNKNOWN', mtu: 65536, kind: 'loopback', addresses: [{family: 4, address: '127.0.0.1', prefixLength: 8}]},
		{name: 'eth0', index: 2, peer: null, state: 'UP', mtu: 1500, kind: 'physical', addresses: [{family: 4, address: nodeIp(0), prefixLength: 16}]},
		{name: 'tunl0', index: 3, peer: null, state: 'UP', mtu: 1480, kind: 'tunnel', addresses: [{family: 4, address: formatIPv4(blockBase(0)), prefixLength: 32}]},
	] as unknown as Interface[];
	return {routes, interfaces};
}

function percentile(values: readonly number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export async function measureUiKeys(podCount = 150_000, nodeCount = 5_000, keyCount = 120): Promise<UiKeyFigures> {
	const nodes = Array.from({length: nodeCount}, (_, index) => nodeRow(index));
	let pods: PodRow[] = Array.from({length: podCount}, (_, index) => podRow(index, nodeCount)).sort(byNamespaceThenName);
	const tables = inspectedTables(nodes, pods);
	let snapshot: ClusterSnapshot = {
		nodes,
		pods,
		connection: {status: 'live', since: Date.now(), error: null, fix: null, attempts: 0},
		limits: [],
		loading: {nodes: null, pods: null},
		version: 1,
	};
	const storeListeners = new Set<() => void>();
	const store: ClusterStore = {
		getSnapshot: () => snapshot,
		subscribe(listener) {
			storeListeners.add(listener);
			return () => storeListeners.delete(listener);
		},
		start: () => undefined,
		stop: async () => undefined,
	};
	let probe: ProbeState | null = null;
	const probeListeners = new Set<() => void>();
	const prober: NodeProber = {
		inspect(node) {
			probe = {node, phase: 'ready', message: '', failure: null, podName: 'ni-debug', image: 'busybox', routes: tables.routes, routeChanges: tables.routes.map(route => ({route, change: 'same' as const})), interfaces: tables.interfaces, warnings: [], refreshedAt: Date.now(), paused: false};
			setImmediate(() => {
				for (const listener of probeListeners) listener();
			});
		},
		refreshNow: () => undefined,
		setPaused: () => undefined,
		getSnapshot: () => probe,
		subscribe(listener) {
			probeListeners.add(listener);
			return () => probeListeners.delete(listener);
		},
		stop: async () => undefined,
	};

	const terminal = new Terminal();
	const keyboard = new Keyboard();
	const started = performance.now();
	const firstWrite = terminal.nextWrite(60_000);
	const instance = render(
		createElement(App, {store, prober, context: 'bench', cluster: 'bench', namespace: 'ns-0', allNamespaces: true, refreshSeconds: 5, judge: judgePods, color: true}),
		{stdout: terminal as unknown as NodeJS.WriteStream, stdin: keyboard as unknown as NodeJS.ReadStream, exitOnCtrlC: false, patchConsole: false},
	);
	await firstWrite;
	const firstFrameMs = performance.now() - started;

	// Enter on node-0 (the first row): all pods judged, their PATH on screen.
	const enterAt = performance.now();
	keyboard.press('\r');
	for (;;) {
		// eslint-disable-next-line no-await-in-loop
		await terminal.nextWrite(60_000);
		if (terminal.last.includes('paths from node-0')) break;
	}
	const judgedMs = performance.now() - enterAt;
	keyboard.press('\t');
	await terminal.nextWrite();

	// 2,000 pod changes per second: every 100 ms a new snapshot with 200 pods' status flipped.
	let turn = 0;
	const churn = setInterval(() => {
		turn += 1;
		const next = pods.slice();
		for (let i = 0; i < 200; i++) {
			const index = (turn * 7919 + i * 613) % next.length;
			const pod = next[index]!;
			next[index] = {...pod, status: pod.status === 'Running' ? 'Terminating' : 'Running'};
		}
		pods = next;
		snapshot = {...snapshot, pods, version: snapshot.version + 1};
		for (const listener of storeListeners) listener();
	}, 100);

	const latencies: number[] = [];
	for (let i = 0; i < keyCount; i++) {
		// Keys a person types: one every ~60 ms, each waiting for its frame.
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => setTimeout(resolve, 25 + (i % 5) * 10));
		const frame = terminal.nextWrite();
		const at = performance.now();
		keyboard.press('j');
		// eslint-disable-next-line no-await-in-loop
		await frame;
		latencies.push(performance.now() - at);
	}
	clearInterval(churn);
	instance.unmount();
	await instance.waitUntilExit();
	return {
		pods: podCount,
		nodes: nodeCount,
		firstFrameMs,
		judgedMs,
		keyP50: percentile(latencies, 50),
		keyP95: percentile(latencies, 95),
		keyMax: Math.max(...latencies),
		keys: latencies.length,
		heapMb: process.memoryUsage().heapUsed / 1e6,
	};
}

if (process.argv[1]?.endsWith('ui-keys.ts')) {
	const pods = Number(process.argv[2] ?? 150_000);
	const figures = await measureUiKeys(pods);
	console.log(JSON.stringify(figures, null, 1));
}
