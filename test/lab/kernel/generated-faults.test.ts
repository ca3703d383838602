/**
 * Issue 10's faults on a generated cluster (150 nodes, 2,000 pods): each one, injected through the kernel
 * faults on one node, is found by the sweep as exactly that problem on exactly that node, and a healthy
 * cluster shows none. The tables are what the nodes' kernels print, read back by the parsers.
 */
import {describe, expect, it} from 'vitest';
import {generateTopology} from '../../../source/lab/state/topology-generate.js';
import type {LabPodNetwork, NodeKernelFaults} from '../../../source/lab/topology-types.js';
import {sweepCluster} from '../../../source/net/sweep.js';
import {labNetworks, nodeTables, type NodeTables} from '../../net/helpers/lab-networks.js';

const topology = generateTopology({nodes: 150, pods: 2000, seed: 11});
const pods: LabPodNetwork[] = topology.pods.map(pod => ({namespace: pod.namespace, name: pod.name, node: pod.node, ip: pod.ip, hostNetwork: pod.hostNetwork}));
const healthy: readonly NodeTables[] = topology.nodes.map(node => nodeTables(topology.nodes, pods, node.name));
const [, a, b, c] = [topology.nodes[0]!, topology.nodes[41]!, topology.nodes[97]!, topology.nodes[130]!];
const podsOn = (node: string) => pods.filter(pod => pod.node === node && !pod.hostNetwork);

/** Kind, node, block and pod count of each problem (texts checked where they say what the fault changed). */
function sweepKinds(node: string, faults: NodeKernelFaults) {
	return sweepWith(node, faults).map(({kind, node: where, block, podCount}) => ({kind, node: where, block, podCount}));
}

function sweepWith(node: string, faults: NodeKernelFaults, removed: readonly string[] = []) {
	const tables = healthy.map(table => (table.node === node ? nodeTables(topology.nodes, pods, node, removed, {faults}) : table));
	const {cluster, networks} = labNetworks(topology.nodes, pods, tables);
	return sweepCluster(cluster, networks).problems.map(problem => ({kind: problem.kind, node: problem.node, block: problem.block, podCount: problem.podCount, expected: problem.expected, actual: problem.actual}));
}

describe(`kernel faults on a generated cluster (${topology.nodes.length} nodes, ${pods.length} pods), found by the sweep`, () => {
	it('a healthy cluster: no problem', () => {
		expect(podsOn(b.name).length).toBeGreaterThan(0);
		expect(sweepKinds(a.name, {})).toEqual([]);
	});

	it('a block routed to the wrong node: wrong-node on that node, for the block\'s pods', () => {
		expect(sweepKinds(a.name, {misroutedBlocks: {[b.name]: c.name}})).toEqual([{kind: 'wrong-node', node: a.name, block: b.block, podCount: podsOn(b.name).length}]);
	});

	it('a missing route on one node: missing-route there (only the default route takes the block)', () => {
		expect(sweepKinds(a.name, {removedRoutes: [b.block]})).toEqual([{kind: 'missing-route', node: a.name, block: b.block, podCount: podsOn(b.name).length}]);
	});

	it('a stale route for a block that moved: the old owner still blackholes it (blackhole, and the block has two owners)', () => {
		expect(sweepKinds(a.name, {staleBlocks: [b.name]})).toEqual([
			{kind: 'blackhole', node: a.name, block: b.block, podCount: podsOn(b.name).length},
			{kind: 'block-conflict', node: a.name, block: b.block, podCount: 0},
		]);
	});

	it('a node with a different MTU on its tunnel: mtu-mismatch on that node (against the cluster, and its veths now too big)', () => {
		expect(sweepWith(a.name, {mtus: {tunl0: 1440}}).map(({kind, node, expected, actual}) => [kind, node, expected, actual])).toEqual([
			['mtu-mismatch', a.name, 'tunl0 mtu 1480 (as on most nodes)', 'tunl0 mtu 1440'],
			['mtu-mismatch', a.name, 'pod veths mtu ≤ tunl0 mtu 1440', 'pod veths mtu 1480'],
		]);
	});

	it('a node still on VXLAN among IPIP nodes: cni-mismatch on that node (its VXLAN MTU differs too)', () => {
		const problems = sweepWith(a.name, {layout: 'calico-vxlan'});
		expect(problems.filter(problem => problem.kind === 'cni-mismatch').map(({node, expected, actual}) => [node, expected, actual])).toEqual([
			[a.name, `calico-ipip (as on ${topology.nodes.length - 1} nodes)`, 'calico-vxlan'],
		]);
		// Its devices differ as VXLAN's do: the tunnel is vxlan.calico at 1450, not tunl0 at 1480.
		expect(problems.every(problem => problem.node === a.name && (problem.kind === 'cni-mismatch' || problem.kind === 'mtu-mismatch'))).toBe(true);
	});

	it('a pod\'s host route dropped on its own node: missing-host-route there', () => {
		const victim = podsOn(b.name)[0]!;
		expect(sweepKinds(b.name, {removedRoutes: [`${victim.ip}/32`]})).toEqual([{kind: 'missing-host-route', node: b.name, block: b.block, podCount: 1}]);
	});
});
