/**
 * judgeAll (batched: per-index IP facts, IPv4 routes by a merge walk over sorted addresses) gives exactly the
 * verdicts of judgeAllPerIp (one index lookup and one longest-prefix search per IP), in the same order: on the
 * seed, on generated clusters of every lab CNI layout with kernel faults, and on random route tables with
 * overlapping prefixes, terminal kinds, shared and duplicate IPs, IPv6 and extra IPs.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {labCnis} from '../../source/lab/cni.js';
import {generateTopology} from '../../source/lab/state/topology-generate.js';
import type {LabPodNetwork, NodeKernelFaults} from '../../source/lab/topology-types.js';
import {buildClusterIndex} from '../../source/net/cluster-index.js';
import {makeRoute} from '../../source/net/route.js';
import {judgeAll, judgeAllPerIp, prepareNetwork, type PreparedNetwork} from '../../source/net/reachability.js';
import type {ClusterIndex} from '../../source/net/cluster-index.js';
import type {ClusterNode, ClusterPod, Interface, Route, RouteKind} from '../../source/net/types.js';
import {seedNodes, seedPods} from '../lab/kernel/helpers/seed-kernel.js';
import {labNetworks, nodeTables} from './helpers/lab-networks.js';

const eth0: Interface = {
	name: 'eth0', index: 2, peer: null, peerIndex: null, peerNetns: null, flags: ['UP'], state: 'UP', mtu: 1500, master: null,
	linkType: 'ether', linkKind: null, kind: 'physical', role: null, altnames: [], source: 'ip-addr',
	addresses: [{family: 4, address: '172.20.0.5', prefixLength: 16, cidr: '172.20.0.5/16', peer: null, scope: 'global', flags: []}],
};

/** Both ways, twice (the second judgeAll reuses the index's cached facts), compared field by field. */
function expectSame(network: PreparedNetwork, cluster: ClusterIndex, extraIps: readonly string[] = []): number {
	const reference = judgeAllPerIp(network, cluster, extraIps);
	expect(judgeAll(network, cluster, extraIps)).toStrictEqual(reference);
	expect(judgeAll(network, cluster, extraIps)).toStrictEqual(reference);
	return reference.length;
}

describe('judgeAll gives the per-IP verdicts', () => {
	it('on the seed cluster, from every node, with extra IPs (invalid, duplicate, IPv6, a node address)', () => {
		const {cluster, networks} = labNetworks(seedNodes, seedPods, seedNodes.map(node => nodeTables(seedNodes, seedPods, node.name)));
		const extras = ['not-an-ip', seedPods[0]!.ip, ' 10.96.0.1 ', '10.96.0.1', 'fd00::1', seedNodes[0]!.internalIp, 'not-an-ip'];
		for (const network of networks) expect(expectSame(network, cluster, extras)).toBeGreaterThan(seedPods.length / 2);
	});

	const topology = generateTopology({nodes: 60, pods: 1500, seed: 7});
	const pods: LabPodNetwork[] = topology.pods.map(pod => ({namespace: pod.namespace, name: pod.name, node: pod.node, ip: pod.ip, hostNetwork: pod.hostNetwork}));
	const [a, b, c, d] = [topology.nodes[3]!, topology.nodes[17]!, topology.nodes[29]!, topology.nodes[44]!];
	const faults: ReadonlyArray<readonly [string, NodeKernelFaults, readonly string[]]> = [
		['healthy', {}, []],
		['removed routes (a block, the default)', {removedRoutes: [b.block, 'default']}, []],
		['removed by the caller', {}, [c.block]],
		['wrong node', {misroutedBlocks: {[b.name]: c.name, [d.name]: b.name}}, []],
		['stale blocks (blackholes)', {staleBlocks: [b.name, c.name]}, []],
		['MTU', {mtus: {tunl0: 1440, 'cali*': 1500}}, []],
		['VXLAN among IPIP', {layout: 'calico-vxlan'}, []],
	];

	for (const cni of labCnis) {
		it(`on a generated cluster (${topology.nodes.length} nodes, ${pods.length} pods, ${cni}) with kernel faults`, () => {
			const cluster = labNetworks(topology.nodes, pods, [], cni).cluster;
			for (const [, fault, removed] of faults) {
				for (const node of [a, topology.nodes[0]!]) {
					const network = prepareNetwork(nodeTables(topology.nodes, pods, node.name, removed, {cni, faults: fault}));
					expect(expectSame(network, cluster, [a.internalIp, 'bad'])).toBeGreaterThan(pods.length / 2);
				}
			}
		});
	}

	it('on random route tables (nested and overlapping prefixes, throw/blackhole/unreachable, metrics, IPv6) and random pods', () => {
		const kinds: readonly RouteKind[] = ['unicast', 'unicast', 'unicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'local'];
		// Few distinct octets, so pods sit on range edges (a network's first and last address) often.
		const v4 = fc.tuple(fc.constantFrom(10, 192), fc.constantFrom(0, 1), fc.constantFrom(0, 1, 255), fc.constantFrom(0, 1, 63, 64, 127, 128, 255));
		const text = ([w, x, y, z]: readonly [number, number, number, number]) => `${w}.${x}.${y}.${z}`;
		const route = fc.record({
			address: v4,
			length: fc.constantFrom(0, 8, 14, 16, 24, 26, 30, 32),
			kind: fc.constantFrom(...kinds),
			device: fc.constantFrom(null, 'eth0', 'tunl0', 'cali1234567890a', 'cni0', 'cilium_host', 'vxlan.calico'),
			gateway: fc.constantFrom(null, '172.20.0.1', '172.20.0.5', '10.0.0.9'),
			metric: fc.integer({min: 0, max: 2}),
		});
		const pod = fc.record({address: v4, node: fc.constantFrom('n1', 'n2', null), hostNetwork: fc.boolean(), six: fc.boolean()});
		fc.assert(
			fc.property(fc.array(route, {maxLength: 30}), fc.array(pod, {minLength: 1, maxLength: 60}), (specs, podSpecs) => {
				const routes: Route[] = specs.map(spec => makeRoute({
					family: 4,
					destination: spec.length === 0 ? 'default' : `${text(spec.address)}/${spec.length}`,
					source: 'ip-route',
					kind: spec.kind,
					interface: spec.device,
					gateway: spec.kind === 'unicast' ? spec.gateway : null,
					metric: spec.metric,
					table: spec.kind === 'local' ? 'local' : null,
					mtu: spec.device === 'cilium_host' && spec.metric === 1 ? 1430 : null,
				}));
				routes.push(makeRoute({family: 6, destination: 'fd00::/64', source: 'ip-route', interface: 'eth0'}));
				const nodes: ClusterNode[] = [
					{name: 'n1', internalIps: ['172.20.0.5'], externalIps: [], podCidrs: ['10.1.0.0/16'], annotations: {}},
					{name: 'n2', internalIps: ['10.0.0.9'], externalIps: [], podCidrs: ['10.2.0.0/16'], annotations: {}},
				];
				const clusterPods: ClusterPod[] = podSpecs.map((spec, index) => ({
					namespace: 'ns',
					name: `p${index}`,
					node: spec.node,
					ips: spec.six ? [text(spec.address), `fd00::${index % 7}`] : [text(spec.address)],
					hostNetwork: spec.hostNetwork,
					phase: 'Running',
				}));
				const cluster = buildClusterIndex(nodes, clusterPods);
				const network = prepareNetwork({
					node: 'n1',
					routes,
					interfaces: [eth0],
				});
				expectSame(network, cluster, ['10.0.0.9', 'x', text(podSpecs[0]!.address)]);
			}),
			{numRuns: 200},
		);
	});
});
