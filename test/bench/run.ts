/**
 * `npm run bench`: speed of the network core, printed side by side in one run (medians over REPEATS runs).
 *
 * - Route table: a deterministic 10,000-route table (Calico-like blocks via tunl0, local /32s to cali devices,
 *   a blackhole block, assorted prefixes of every length, some reject routes, a little IPv6) and 150,000 IPs.
 *   Build time, longest-prefix-match lookups/s and total ms, next to the linear scan (`linearLookup`) measured
 *   on a smaller sample and extrapolated to 150,000, and the ratio. Both answers are compared on the sample.
 * - Verdicts: judgeAll for 150,000 pod IPs against that table (cluster index and prepare measured apart), beside
 *   judgeAllPerIp (the per-IP reference) and judgeAll's first call on a new index.
 * - Parsers: MB/s for parseRouteN, parseIpRoute, parseIpRouteJson, parseIpAddr on generated inputs.
 * - Trace: a pod-to-pod trace on a 5,000-node cluster (trace-bench.ts).
 * Speed is measured here only, never asserted in tests.
 */
import {makeRoute} from '../../source/net/route.js';
import {performance} from 'node:perf_hooks';
import {buildClusterIndex} from '../../source/net/cluster-index.js';
import {formatIPv4, formatIPv6, lengthToMask, makePrefix, parseIp, type IpAddress} from '../../source/net/ip.js';
import {parseIpAddr} from '../../source/net/parse-ip-addr.js';
import {parseIpRoute} from '../../source/net/parse-ip-route.js';
import {parseIpRouteJson} from '../../source/net/parse-ip-route-json.js';
import {parseRouteN} from '../../source/net/parse-route-n.js';
import {judgeAll, judgeAllPerIp, prepareNetwork} from '../../source/net/reachability.js';
import {buildRouteTable, linearLookup} from '../../source/net/route-table.js';
import type {ClusterNode, ClusterPod, Route, RouteKind} from '../../source/net/types.js';
import {random} from './helpers/random.js';
import {benchTrace} from './trace-bench.js';

const REPEATS = 7;
const ROUTES = 10_000;
const IPS = 150_000;
const LINEAR_SAMPLE = 600;

const rand = random(20_240_601);
const int = (max: number): number => Math.floor(rand() * max);

function route(destination: string, family: 4 | 6, fields: Partial<Route> = {}): Route {
	return makeRoute({family, destination, source: 'ip-route', ...fields});
}

// ---- The generated cluster and route table (seen from node-0) -------------------------------------------

const NODE_COUNT = 300;
const BLOCKS_PER_NODE = 20; // 6,000 /26 blocks in 100.64.0.0/10
const LOCAL_PODS = 1_000; // /32 routes to cali devices on node-0

const nodeIp = (index: number): string => formatIPv4(((10 << 24) | (index + 2)) >>> 0);
const blockBase = (node: number, block: number): number => ((100 << 24) | (64 << 16)) + (node * BLOCKS_PER_NODE + block) * 64;

const nodes: ClusterNode[] = [];
for (let n = 0; n < NODE_COUNT; n++) {
	nodes.push({
		name: `node-${n}`,
		internalIps: [nodeIp(n)],
		externalIps: [],
		podCidrs: [],
		annotations: {'projectcalico.org/IPv4Address': `${nodeIp(n)}/16`, 'projectcalico.org/IPv4IPIPTunnelAddr': formatIPv4(blockBase(n, 0))},
	});
}

const routes: Route[] = [
	route('0.0.0.0/0', 4, {gateway: '10.0.0.1', interface: 'eth0'}),
	route('10.0.0.0/16', 4, {interface: 'eth0', scope: 'link'}),
	route('::/0', 6, {gateway: 'fe80::1', interface: 'eth0'}),
];
for (let n = 0; n < NODE_COUNT; n++) {
	for (let b = 0; b < BLOCKS_PER_NODE; b++) {
		const destination = `${formatIPv4(blockBase(n, b))}/26`;
		routes.push(n === 0 ? route(destination, 4, {kind: 'blackhole'}) : route(destination, 4, {gateway: nodeIp(n), interface: 'tunl0', onlink: true}));
	}
}
for (let p = 0; p < LOCAL_PODS; p++) {
	const address = blockBase(0, Math.floor(p / 50)) + (p % 50) + 1;
	routes.push(route(`${formatIPv4(address)}/32`, 4, {interface: `cali${(p + 0x10_000_000).toString(16).padStart(11, '0')}`, scope: 'link'}));
}
const v6Count = 300;
const kinds: readonly RouteKind[] = ['unicast', 'unicast', 'unicast', 'unicast', 'unicast', 'unicast', 'blackhole', 'unreachable', 'prohibit', 'throw'];
while (routes.length < ROUTES - v6Count) {
	const length = 8 + int(25);
	const base = ((int(223) + 1) * 2 ** 24 + int(2 ** 24)) >>> 0;
	const prefix = makePrefix({family: 4, value: base}, length)!;
	const kind = kinds[int(kinds.length)]!;
	routes.push(route(prefix.cidr, 4, kind === 'unicast' ? {gateway: `10.0.${int(200)}.${int(250) + 1}`, interface: 'eth1', metric: int(3) * 100} : {kind}));
}
while (routes.length < ROUTES) {
	const length = 32 + int(97);
	const value = (0xfd00n << 112n) | (BigInt(int(2 ** 30)) << 80n) | BigInt(int(2 ** 30));
	const prefix = makePrefix({family: 6, value}, length)!;
	routes.push(route(prefix.cidr, 6, {interface: int(2) === 0 ? 'eth0' : `cali${int(1e9).toString(16).padStart(11, '0')}`}));
}

// 150,000 pods: node-0's local pods, then pods spread over every node's blocks (some in node-0's blackholed blocks).
const pods: ClusterPod[] = [];
for (let p = 0; p < LOCAL_PODS; p++) {
	pods.push({namespace: 'default', name: `local-${p}`, node: 'node-0', ips: [formatIPv4(blockBase(0, Math.floor(p / 50)) + (p % 50) + 1)], hostNetwork: false, phase: 'Running'});
}
// Every other pod gets a distinct slot in nodes 1..299's blocks (7919 is prime, so the stride visits each slot once);
// 60 pods sit in node-0's blocks without a /32 (blackholed: pod missing on the node).
const remoteSlots = (NODE_COUNT - 1) * BLOCKS_PER_NODE * 64;
for (let p = 0; p < 60; p++) {
	pods.push({namespace: 'default', name: `ghost-${p}`, node: 'node-0', ips: [formatIPv4(blockBase(0, p % BLOCKS_PER_NODE) + 60 + Math.floor(p / BLOCKS_PER_NODE))], hostNetwork: false, phase: 'Running'});
}
for (let p = pods.length; p < IPS; p++) {
	const slot = (p * 7919) % remoteSlots;
	const n = 1 + Math.floor(slot / (BLOCKS_PER_NODE * 64));
	const ip = blockBase(1, 0) + slot;
	pods.push({namespace: `ns-${p % 50}`, name: `pod-${p}`, node: `node-${n}`, ips: [formatIPv4(ip)], hostNetwork: false, phase: 'Running'});
}

// 150,000 IPs to look up: 70% pod IPs, 25% anywhere in IPv4, 5% IPv6 near the IPv6 routes.
const ipTexts: string[] = [];
for (let i = 0; i < IPS; i++) {
	const pick = rand();
	if (pick < 0.7) ipTexts.push(pods[int(pods.length)]!.ips[0]!);
	else if (pick < 0.95) ipTexts.push(formatIPv4(int(2 ** 32)));
	else ipTexts.push(formatIPv6((0xfd00n << 112n) | (BigInt(int(2 ** 30)) << 80n) | BigInt(int(2 ** 30))));
}
const ipParsed: IpAddress[] = ipTexts.map(text => parseIp(text)!);

// ---- Measurement ----------------------------------------------------------------------------------------

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median wall time (ms) of `run` over REPEATS runs, after one warm-up. */
function measure<T>(run: () => T): {readonly ms: number; readonly result: T} {
	let result = run();
	const times: number[] = [];
	for (let i = 0; i < REPEATS; i++) {
		const start = performance.now();
		result = run();
		times.push(performance.now() - start);
	}
	return {ms: median(times), result};
}

const fmt = (value: number, digits = 1): string => value.toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: digits});
const rate = (count: number, ms: number): string => {
	const perSecond = (count / ms) * 1000;
	return perSecond >= 1e6 ? `${fmt(perSecond / 1e6, 2)} M/s` : `${fmt(perSecond / 1e3, 2)} k/s`;
};
const rows: Array<readonly [string, string, string]> = [];
const row = (what: string, value: string, note = ''): void => {
	rows.push([what, value, note]);
};

const build = measure(() => buildRouteTable(routes));
const table = build.result;
row('route table: build (10,000 routes)', `${fmt(build.ms, 2)} ms`, `${table.size} routes in lookups`);

const lookupText = measure(() => {
	let hits = 0;
	for (const ip of ipTexts) if (table.lookup(ip)) hits++;
	return hits;
});
row('LPM lookup(text), 150k IPs', `${fmt(lookupText.ms)} ms`, `${rate(IPS, lookupText.ms)}, ${lookupText.result} matched`);

const lookupParsed = measure(() => {
	let hits = 0;
	for (const ip of ipParsed) if (table.lookupParsed(ip)) hits++;
	return hits;
});
row('LPM lookupParsed, 150k IPs', `${fmt(lookupParsed.ms)} ms`, rate(IPS, lookupParsed.ms));

const sample = ipTexts.filter((_, index) => index % Math.floor(IPS / LINEAR_SAMPLE) === 0).slice(0, LINEAR_SAMPLE);
linearLookup(routes, sample[0]!); // parse and cache every destination once, outside the timing
const linear = measure(() => sample.map(ip => linearLookup(routes, ip)));
const linearPer150k = (linear.ms / sample.length) * IPS;
row(`linear scan, ${sample.length} IPs (measured)`, `${fmt(linear.ms)} ms`, rate(sample.length, linear.ms));
row('linear scan, 150k IPs (extrapolated)', `${fmt(linearPer150k, 0)} ms`, `from the ${sample.length}-IP sample`);
row('ratio linear / LPM (text lookups)', `${fmt(linearPer150k / lookupText.ms, 0)}x`, '');
const mismatches = sample.filter((ip, index) => table.lookup(ip) !== linear.result[index]).length;
row('LPM vs linear on the sample', mismatches === 0 ? 'agree' : `${mismatches} MISMATCHES`, '');

const index = measure(() => buildClusterIndex(nodes, pods));
row('cluster index: 300 nodes, 150k pods', `${fmt(index.ms)} ms`, '');
const prepared = measure(() => prepareNetwork({node: 'node-0', routes, interfaces: []}));
row('prepareNetwork (table + local addresses)', `${fmt(prepared.ms)} ms`, '');
const verdicts = measure(() => judgeAll(prepared.result, index.result));
const outcomes = new Map<string, number>();
for (const verdict of verdicts.result) outcomes.set(verdict.outcome, (outcomes.get(verdict.outcome) ?? 0) + 1);
row(`judgeAll, ${fmt(verdicts.result.length, 0)} pod IPs`, `${fmt(verdicts.ms)} ms`, rate(verdicts.result.length, verdicts.ms));
const perIp = measure(() => judgeAllPerIp(prepared.result, index.result));
row('judgeAllPerIp (the per-IP reference)', `${fmt(perIp.ms)} ms`, `judgeAll ${fmt(perIp.ms / verdicts.ms)}x faster`);
// judgeAll's first call on an index also works out each pod IP's facts (kept on the index): on a new index.
const firstCalls = [0, 1, 2].map(() => {
	const fresh = buildClusterIndex(nodes, pods);
	const start = performance.now();
	judgeAll(prepared.result, fresh);
	return performance.now() - start;
});
row('judgeAll, first call on a new index', `${fmt(median(firstCalls))} ms`, 'median of 3');
row('  outcomes', [...outcomes].map(([outcome, count]) => `${outcome} ${count}`).join(', '), '');

// ---- Parsers --------------------------------------------------------------------------------------------

const v4Routes = routes.filter(entry => entry.family === 4 && entry.kind !== 'throw');
const pad = (text: string, width: number): string => text.padEnd(width);
const routeNText = [
	'Kernel IP routing table',
	'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
	...v4Routes.map(entry => {
		const [network = '', length = '0'] = entry.destination.split('/');
		const reject = entry.kind === 'unreachable' || entry.kind === 'prohibit';
		const flags = reject ? '!' : `U${entry.gateway ? 'G' : ''}${length === '32' ? 'H' : ''}`;
		const gateway = reject ? '-' : (entry.gateway ?? '0.0.0.0');
		const device = reject ? '-' : (entry.interface ?? '*');
		return `${pad(network, 16)}${pad(gateway, 16)}${pad(lengthToMask(Number(length)), 16)}${pad(flags, 6)}${pad(String(entry.metric), 7)}${reject ? '-' : '0'}      0 ${device}`;
	}),
].join('\n');
const ipRouteText = routes
	.filter(entry => entry.family === 4)
	.map(entry => {
		const destination = entry.destination.endsWith('/32') ? entry.destination.slice(0, -3) : entry.destination === '0.0.0.0/0' ? 'default' : entry.destination;
		const type = entry.kind === 'unicast' ? '' : `${entry.kind} `;
		const via = entry.gateway ? ` via ${entry.gateway}` : '';
		const dev = entry.interface ? ` dev ${entry.interface}` : '';
		const proto = entry.interface?.startsWith('tunl') ? ' proto bird' : '';
		const metric = entry.metric ? ` metric ${entry.metric}` : '';
		return `${type}${destination}${via}${dev}${proto}${entry.scope ? ` scope ${entry.scope}` : ''}${metric}${entry.onlink ? ' onlink' : ''}`;
	})
	.join('\n');
const ipRouteJsonText = JSON.stringify(
	routes
		.filter(entry => entry.family === 4)
		.map(entry => ({
			...(entry.kind === 'unicast' ? {} : {type: entry.kind}),
			dst: entry.destination === '0.0.0.0/0' ? 'default' : entry.destination.endsWith('/32') ? entry.destination.slice(0, -3) : entry.destination,
			...(entry.gateway ? {gateway: entry.gateway} : {}),
			...(entry.interface ? {dev: entry.interface} : {}),
			...(entry.interface?.startsWith('tunl') ? {protocol: 'bird'} : {}),
			...(entry.scope ? {scope: entry.scope} : {}),
			...(entry.metric ? {metric: entry.metric} : {}),
			flags: entry.onlink ? ['onlink'] : [],
		})),
);
const addrLines: string[] = [
	'1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
	'    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
	'    inet 127.0.0.1/8 scope host lo',
	'       valid_lft forever preferred_lft forever',
];
for (let i = 0; i < 2_000; i++) {
	const name = `cali${(i + 0x10_000_000).toString(16).padStart(11, '0')}`;
	addrLines.push(
		`${i + 2}: ${name}@if${i % 7 + 2}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1480 qdisc noqueue state UP group default qlen 1000`,
		`    link/ether ee:ee:ee:ee:ee:ee brd ff:ff:ff:ff:ff:ff link-netnsid ${i}`,
		`    inet6 fe80::ecee:eeff:feee:${(i % 65_536).toString(16)}/64 scope link`,
		'       valid_lft forever preferred_lft forever',
	);
}
const ipAddrText = addrLines.join('\n');

const parsers: ReadonlyArray<readonly [string, string, (text: string) => {readonly warnings: readonly unknown[]}, string]> = [
	['parseRouteN', routeNText, parseRouteN, `${v4Routes.length} routes`],
	['parseIpRoute', ipRouteText, text => parseIpRoute(text), `${ipRouteText.split('\n').length} routes`],
	['parseIpRouteJson', ipRouteJsonText, text => parseIpRouteJson(text), 'same routes, ip -j'],
	['parseIpAddr', ipAddrText, parseIpAddr, '2,001 interfaces'],
];
for (const [name, text, parse, note] of parsers) {
	const bytes = Buffer.byteLength(text);
	const parsed = measure(() => parse(text));
	const megabytes = bytes / 1e6;
	row(`${name} (${fmt(megabytes, 2)} MB)`, `${fmt(megabytes / (parsed.ms / 1000), 1)} MB/s`, `${fmt(parsed.ms)} ms, ${note}, ${parsed.result.warnings.length} warnings`);
}

for (const entry of benchTrace(measure, fmt)) row(...entry);

// ---- Report ---------------------------------------------------------------------------------------------

const widths = [0, 1, 2].map(column => Math.max(...rows.map(entry => entry[column]!.length)));
console.log(`netinspect bench: medians of ${REPEATS} runs after one warm-up, node ${process.version}, one thread`);
console.log('');
for (const [what, value, note] of rows) console.log(`  ${what.padEnd(widths[0]!)}  ${value.padStart(widths[1]!)}  ${note}`);

// ---- UI ---------------------------------------------------------------------------------------------------

// The in-process hot path (React's production build, as the bundle ships), then the real bin in a terminal.
// NETINSPECT_BENCH_UI=0 leaves them out (the README's test runs the core figures only: the UI takes minutes).
console.log('');
if (process.env['NETINSPECT_BENCH_UI'] === '0') {
	console.log('UI section skipped (NETINSPECT_BENCH_UI=0)');
} else {
	process.env['NODE_ENV'] = 'production';
	const {measureUiKeys} = await import('./ui-keys.js');
	const keyFigures = await measureUiKeys();
	console.log(
		`UI in-process (test/bench/ui-keys.ts): ${keyFigures.nodes} nodes / ${keyFigures.pods} pod rows, node-0 inspected (${keyFigures.nodes + 2} routes), 2,000 pod changes/s`,
	);
	console.log(`  Enter on a node -> all pods judged and on screen  ${keyFigures.judgedMs.toFixed(0)} ms  (target <= 1 s)`);
	console.log(
		`  key -> frame (j in pods) p50 / p95 / max          ${keyFigures.keyP50.toFixed(0)} / ${keyFigures.keyP95.toFixed(0)} / ${keyFigures.keyMax.toFixed(0)} ms over ${keyFigures.keys} keys  (target p95 <= 50 ms)`,
	);
	console.log('');
	const {uiSection} = await import('./ui.js');
	for (const line of await uiSection()) console.log(line);
}

// ---- Sweep ------------------------------------------------------------------------------------------------

// `netinspect sweep` against generated labs of growing size (test/bench/sweep.ts); 5,000 nodes / 150,000 pods
// only with NETINSPECT_BENCH_BIG=1 (minutes). NETINSPECT_BENCH_SWEEP=0 leaves the section out.
console.log('');
if (process.env['NETINSPECT_BENCH_SWEEP'] === '0') {
	console.log('sweep section skipped (NETINSPECT_BENCH_SWEEP=0)');
} else {
	const {benchSweep, sweepRows} = await import('./sweep.js');
	const sizes = process.env['NETINSPECT_BENCH_BIG'] === '1' ? [100, 1000, 5000] : [100, 1000];
	const figures = [];
	for (const size of sizes) figures.push(await benchSweep(size));
	console.log(`sweep (test/bench/sweep.ts): netinspect sweep --json against the generated lab, 30 pods a node${sizes.includes(5000) ? '' : ' (5,000 nodes with NETINSPECT_BENCH_BIG=1)'}`);
	for (const line of sweepRows(figures)) console.log(line);
}

// ---- Store ------------------------------------------------------------------------------------------------

// The cluster store alone against a generated lab, beside kubectl (test/bench/store.ts; about a minute).
// NETINSPECT_BENCH_STORE=0 leaves the section out.
console.log('');
if (process.env['NETINSPECT_BENCH_STORE'] === '0') {
	console.log('store section skipped (NETINSPECT_BENCH_STORE=0)');
} else {
	const {runStoreBench} = await import('./store.js');
	await runStoreBench();
}
