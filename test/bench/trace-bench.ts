/**
 * The trace section of `npm run bench`: a Calico IPIP cluster of 5,000 nodes (one /26 block each, so every
 * node's main table holds 5,000 routes plus its local pods), a trace between pods on two nodes. Measured
 * apart: building the cluster index, preparing the two nodes' tables (once per probe), and the trace itself
 * (forward and reverse) once the tables are in, as wall time and process CPU time.
 */
import {performance} from 'node:perf_hooks';
import {buildClusterIndex} from '../../source/net/cluster-index.js';
import {formatIPv4} from '../../source/net/ip.js';
import {makeRoute} from '../../source/net/route.js';
import {prepareTraceNetwork, trace} from '../../source/net/trace.js';
import type {TraceNode} from '../../source/net/trace-types.js';
import type {ClusterNode, ClusterPod, Route} from '../../source/net/types.js';
import {iface} from '../net/helpers/routes.js';

const NODES = 5_000;
const PODS_PER_NODE = 10;

type Measure = <T>(run: () => T) => {readonly ms: number; readonly result: T};
type Row = readonly [string, string, string];

const nodeIp = (index: number): string => formatIPv4(((10 << 24) | (1 << 16)) + index + 2);
const block = (index: number): number => ((100 << 24) | (64 << 16)) + index * 64;
const podIp = (node: number, pod: number): string => formatIPv4(block(node) + pod + 1);
const veth = (node: number, pod: number): string => `cali${(node * PODS_PER_NODE + pod).toString(16).padStart(11, '0')}`;

function nodeTables(index: number): TraceNode {
	const routes: Route[] = [
		makeRoute({family: 4, destination: '0.0.0.0/0', gateway: '10.1.0.1', interface: 'eth0', source: 'ip-route-json'}),
		makeRoute({family: 4, destination: '10.1.0.0/16', interface: 'eth0', scope: 'link', source: 'ip-route-json'}),
	];
	for (let n = 0; n < NODES; n++) {
		const destination = `${formatIPv4(block(n))}/26`;
		routes.push(
			n === index
				? makeRoute({family: 4, destination, kind: 'blackhole', source: 'ip-route-json'})
				: makeRoute({family: 4, destination, gateway: nodeIp(n), interface: 'tunl0', onlink: true, source: 'ip-route-json'}),
		);
	}
	const interfaces = [iface('eth0', {mtu: 1500}), iface('tunl0', {mtu: 1480, linkKind: 'ipip'})];
	for (let p = 0; p < PODS_PER_NODE; p++) {
		routes.push(makeRoute({family: 4, destination: `${podIp(index, p)}/32`, interface: veth(index, p), scope: 'link', source: 'ip-route-json'}));
		interfaces.push(iface(veth(index, p), {mtu: 1480, linkKind: 'veth'}));
	}
	return {name: `node-${index}`, routes, interfaces, rules: null, sysctls: null};
}

function once<T>(run: () => T): {readonly ms: number; readonly result: T} {
	const start = performance.now();
	const result = run();
	return {ms: performance.now() - start, result};
}

export function benchTrace(measure: Measure, fmt: (value: number, digits?: number) => string): Row[] {
	const nodes: ClusterNode[] = [];
	const pods: ClusterPod[] = [];
	for (let n = 0; n < NODES; n++) {
		nodes.push({
			name: `node-${n}`,
			internalIps: [nodeIp(n)],
			externalIps: [],
			podCidrs: [],
			annotations: {'projectcalico.org/IPv4Address': `${nodeIp(n)}/16`, 'projectcalico.org/IPv4IPIPTunnelAddr': formatIPv4(block(n))},
		});
		for (let p = 0; p < PODS_PER_NODE; p++) pods.push({namespace: 'default', name: `pod-${n}-${p}`, node: `node-${n}`, ips: [podIp(n, p)], hostNetwork: false, phase: 'Running'});
	}
	const from = nodeTables(17);
	const to = nodeTables(4_321);
	// Building the index and preparing tables happen once per change: timed once each (the trace is the median).
	const index = once(() => buildClusterIndex(nodes, pods));
	const network = once(() => prepareTraceNetwork([from, to], index.result));
	const source = {ip: podIp(17, 3), pod: {namespace: 'default', name: 'pod-17-3', node: 'node-17'}, node: 'node-17'};
	const destination = {ip: podIp(4_321, 5), pod: {namespace: 'default', name: 'pod-4321-5', node: 'node-4321'}, node: 'node-4321'};
	const traced = measure(() => trace(source, destination, network.result));
	if (!traced.result.forward.delivered || !traced.result.reverse.delivered) throw new Error('bench trace: the generated path should be delivered');
	// CPU time of one trace, averaged over many (a single trace is below the clock's resolution).
	const runs = 1_000;
	const cpuStart = process.cpuUsage();
	for (let i = 0; i < runs; i++) trace(source, destination, network.result);
	const cpu = process.cpuUsage(cpuStart);
	const cpuMs = (cpu.user + cpu.system) / 1000 / runs;
	const routesPerNode = from.routes.length;
	return [
		[`trace: cluster index, ${NODES.toLocaleString('en-US')} nodes / ${(NODES * PODS_PER_NODE).toLocaleString('en-US')} pods`, `${fmt(index.ms)} ms`, 'once per cluster change (one run)'],
		[`trace: prepare 2 nodes × ${routesPerNode.toLocaleString('en-US')} routes`, `${fmt(network.ms)} ms`, 'once per probe (one run)'],
		['trace: one trace, both directions (wall)', `${fmt(traced.ms, 3)} ms`, `${traced.result.forward.hops.length}+${traced.result.reverse.hops.length} hops`],
		['trace: one trace, both directions (CPU)', `${fmt(cpuMs, 3)} ms`, `mean of ${runs} traces once the tables are in`],
	];
}
