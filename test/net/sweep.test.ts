import {describe, expect, it} from 'vitest';
import {generateTopology} from '../../source/lab/state/topology-generate.js';
import type {LabPodNetwork} from '../../source/lab/topology-types.js';
import {makeRoute} from '../../source/net/route.js';
import {sweepCluster, type SweepProblem} from '../../source/net/sweep.js';
import type {Interface, Route} from '../../source/net/types.js';
import {seedNodes, seedPods} from '../lab/kernel/helpers/seed-kernel.js';
import {labNetworks, nodeTables, type NodeTables} from './helpers/lab-networks.js';

const names = seedNodes.map(node => node.name);

function seedTables(removed: Readonly<Record<string, readonly string[]>> = {}): NodeTables[] {
	return names.map(name => nodeTables(seedNodes, seedPods, name, removed[name] ?? []));
}

function sweepSeed(tables: readonly NodeTables[], pods: readonly LabPodNetwork[] = seedPods) {
	const {cluster, networks} = labNetworks(seedNodes, pods, tables);
	return sweepCluster(cluster, networks);
}

function withRoutes(tables: readonly NodeTables[], node: string, change: (routes: readonly Route[]) => readonly Route[]): NodeTables[] {
	return tables.map(table => (table.node === node ? {...table, routes: change(table.routes)} : table));
}

function withInterfaces(tables: readonly NodeTables[], node: string, change: (devices: readonly Interface[]) => readonly Interface[]): NodeTables[] {
	return tables.map(table => (table.node === node ? {...table, interfaces: change(table.interfaces)} : table));
}

const summary = (problems: readonly SweepProblem[]) => problems.map(problem => `${problem.kind} ${problem.node} ${problem.route ?? '-'} ${problem.podCount}`);

describe('sweepCluster on the seed cluster (tables printed by the lab kernels, read by the parsers)', () => {
	it('finds nothing wrong with a healthy cluster, and judged every node', () => {
		const result = sweepSeed(seedTables());
		expect(result.problems).toEqual([]);
		expect(result.pods).toBe(4);
		expect([...result.cni.values()]).toEqual(['calico-ipip', 'calico-ipip', 'calico-ipip', 'calico-ipip']);
	});

	it('a route missing on one node: only the default route takes the other node\'s pods (missing-route there, nowhere else)', () => {
		const result = sweepSeed(seedTables({'networking-worker2': ['192.168.21.128/26']}));
		expect(summary(result.problems)).toEqual(['missing-route networking-worker2 0.0.0.0/0 1']);
		const [problem] = result.problems;
		expect(problem!.pods).toEqual([{namespace: 'default', name: 'hello-world-7c64bd9f6b-lmhxb', node: 'networking-worker3'}]);
		expect(problem!.block).toBe('192.168.21.128/26');
		expect(problem!.expected).toBe('a route to networking-worker3');
		expect(problem!.actual).toBe('default via 172.20.0.1 dev eth0 (the default route)');
	});

	it('a pod whose host route is gone on its own node falls into the node\'s blackhole block (missing-host-route)', () => {
		const result = sweepSeed(seedTables({'networking-worker2': ['192.168.175.5/32']}));
		expect(summary(result.problems)).toEqual(['missing-host-route networking-worker2 192.168.175.0/26 1']);
		expect(result.problems[0]!.actual).toBe('blackhole 192.168.175.0/26');
		expect(result.problems[0]!.pods[0]!.name).toBe('hello-world-7c64bd9f6b-tpnrz');
	});

	it('a block routed to the wrong node (wrong-node on that node only)', () => {
		const tables = withRoutes(seedTables(), 'networking-control-plane', routes =>
			routes.map(route => (route.destination === '192.168.21.128/26' ? {...route, gateway: '172.20.0.3'} : route)),
		);
		const result = sweepSeed(tables);
		expect(summary(result.problems)).toEqual(['wrong-node networking-control-plane 192.168.21.128/26 1']);
		expect(result.problems[0]!.actual).toBe('192.168.21.128/26 via 172.20.0.3 dev tunl0 → networking-worker');
	});

	it('a block blackholed on a second node: that node drops its pods (blackhole) and the block has two owners', () => {
		const tables = withRoutes(seedTables(), 'networking-worker', routes =>
			routes.map(route => (route.destination === '192.168.21.128/26' ? makeRoute({family: 4, destination: '192.168.21.128/26', kind: 'blackhole', source: 'ip-route-json'}) : route)),
		);
		const result = sweepSeed(tables);
		expect(summary(result.problems)).toEqual(['blackhole networking-worker 192.168.21.128/26 1', 'block-conflict networking-worker 192.168.21.128/26 0']);
	});

	it('a tunnel with another MTU on one node (mtu-mismatch there), and one too big for its uplink', () => {
		const tables = withInterfaces(seedTables(), 'networking-worker3', devices => devices.map(device => (device.name === 'tunl0' ? {...device, mtu: 1500} : device)));
		const result = sweepSeed(tables);
		expect(summary(result.problems)).toEqual(['mtu-exceeds-uplink networking-worker3 - 0', 'mtu-mismatch networking-worker3 - 0']);
		expect(result.problems[0]!.expected).toBe('tunl0 mtu ≤ 1480 (eth0 mtu 1500 − 20 for ipip)');
		expect(result.problems[1]!.actual).toBe('tunl0 mtu 1500');
	});

	it('a node that still tunnels over VXLAN among IPIP nodes (cni-mismatch on it)', () => {
		let tables = withRoutes(seedTables(), 'networking-worker', routes => routes.map(route => (route.interface === 'tunl0' ? {...route, interface: 'vxlan.calico', onlink: true} : route)));
		tables = withInterfaces(tables, 'networking-worker', devices =>
			devices.map(device => (device.name === 'tunl0' ? {...device, name: 'vxlan.calico', linkKind: 'vxlan', role: 'calico-vxlan', mtu: 1450} : device)),
		);
		const kinds = sweepSeed(tables).problems.filter(problem => problem.kind === 'cni-mismatch');
		expect(kinds).toEqual([expect.objectContaining({node: 'networking-worker', expected: 'calico-ipip (as on 3 nodes)', actual: 'calico-vxlan'})]);
	});

	it('an IP borrowed from another node\'s block with no /32 anywhere: reported once, not as wrong-node on every node', () => {
		const borrowed: LabPodNetwork = {namespace: 'default', name: 'borrower', node: 'networking-worker2', ip: '192.168.21.140', hostNetwork: false};
		const pods = [...seedPods, borrowed];
		const tables = names.map(name => nodeTables(seedNodes, pods, name));
		const result = sweepSeed(tables, pods);
		expect(summary(result.problems)).toEqual(['blackhole networking-worker3 192.168.21.128/26 1', 'unrouted-borrowed-ip networking-worker2 - 1']);
		expect(result.problems[1]!.actual).toBe('block 192.168.21.128/26 is routed to its owner networking-worker3 on 2 nodes');
	});
});

describe('sweepCluster on a generated cluster of 200 nodes', () => {
	const topology = generateTopology({nodes: 200, pods: 3000, seed: 7});
	const pods: LabPodNetwork[] = topology.pods.map(pod => ({namespace: pod.namespace, name: pod.name, node: pod.node, ip: pod.ip, hostNetwork: pod.hostNetwork}));
	const healthy = topology.nodes.map(node => nodeTables(topology.nodes, pods, node.name));

	it('finds nothing on the healthy cluster, judging per route and run (far fewer verdicts than nodes × pods)', () => {
		const {cluster, networks} = labNetworks(topology.nodes, pods, healthy);
		const result = sweepCluster(cluster, networks);
		expect(result.problems).toEqual([]);
		expect(result.pods).toBe(pods.filter(pod => !pod.hostNetwork).length);
		expect(result.judged).toBeLessThan(topology.nodes.length * result.pods / 10);
	});

	it('one missing route on one node is exactly one problem, on that node', () => {
		const victim = topology.nodes[57]!;
		const target = topology.nodes[120]!;
		const tables = healthy.map(table => (table.node === victim.name ? nodeTables(topology.nodes, pods, victim.name, [target.block]) : table));
		const {cluster, networks} = labNetworks(topology.nodes, pods, tables);
		const result = sweepCluster(cluster, networks);
		expect(result.problems.map(problem => [problem.kind, problem.node, problem.block])).toEqual([['missing-route', victim.name, target.block]]);
		expect(result.problems[0]!.podCount).toBe(pods.filter(pod => pod.node === target.name && !pod.hostNetwork).length);
	});
});
