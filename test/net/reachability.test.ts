import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {buildClusterIndex} from '../../source/net/cluster-index.js';
import {mergeLinkKinds, parseAny} from '../../source/net/detect-format.js';
import {parseRouteN} from '../../source/net/parse-route-n.js';
import {buildRouteTable} from '../../source/net/route-table.js';
import {judge, judgeAll, prepareNetwork} from '../../source/net/reachability.js';
import type {ClusterPod, Interface, Route, Verdict} from '../../source/net/types.js';
import {fixture} from './parser-fixtures.js';
import {clusterNode, clusterPod, iface, route} from './helpers/routes.js';
import {seedNodes, seedPods, worker2Interfaces, worker2Named, worker2Numeric} from './helpers/seed-cluster.js';

function verdictsFor(routes: readonly Route[], options: {interfaces?: readonly Interface[]; pods?: readonly ClusterPod[]; node?: string | null; extra?: readonly string[]} = {}) {
	const network = prepareNetwork({node: options.node === undefined ? 'networking-worker2' : options.node, routes, interfaces: options.interfaces ?? []});
	const cluster = buildClusterIndex(seedNodes, options.pods ?? seedPods);
	const verdicts = judgeAll(network, cluster, options.extra ?? []);
	return new Map(verdicts.map(verdict => [verdict.ip, verdict]));
}

function expectSeedDoneWhen(verdicts: ReadonlyMap<string, Verdict>): void {
	const tpnrz = verdicts.get('192.168.175.5')!;
	expect(tpnrz).toMatchObject({outcome: 'local-pod', interface: 'cali52440ec1550', gateway: null});
	expect(tpnrz.interfacePod).toEqual({namespace: 'default', name: 'hello-world-7c64bd9f6b-tpnrz', node: 'networking-worker2'});
	const coredns = verdicts.get('192.168.175.1')!;
	expect(coredns).toMatchObject({outcome: 'local-pod', interface: 'cali7dac2757ae1'});
	expect(coredns.interfacePod?.name).toBe('coredns-558bd4d5db-k4j7g');
	expect(verdicts.get('192.168.21.132')).toMatchObject({outcome: 'tunnel-to-node', interface: 'tunl0', nextHopNode: 'networking-worker3'});
	expect(verdicts.get('192.168.78.132')).toMatchObject({outcome: 'tunnel-to-node', interface: 'tunl0', nextHopNode: 'networking-worker'});
	expect(verdicts.get('192.168.223.130')).toMatchObject({outcome: 'tunnel-to-node', interface: 'tunl0', nextHopNode: 'networking-control-plane'});
	for (const ip of ['192.168.175.5', '192.168.175.1', '192.168.21.132', '192.168.78.132', '192.168.223.130']) {
		const verdict = verdicts.get(ip)!;
		expect(verdict.problems).not.toContain('pod-on-other-node');
		expect(verdict.problems).not.toContain('next-hop-unknown');
		expect(verdict.problems).not.toContain('veth-name-mismatch');
		expect(verdict.problems).toContain('main-table-only');
	}
}

describe('the seed: worker2 (Calico IPIP)', () => {
	it('as printed in the seed, with truncated host names', () => {
		const verdicts = verdictsFor(worker2Named, {extra: ['192.168.223.130']});
		expectSeedDoneWhen(verdicts);
		expect(verdicts.get('192.168.21.132')!.problems).toContain('degraded-input');
		expect(verdicts.get('192.168.21.132')!.gateway).toBe('networking-work');
	});

	it('as route -n prints it, with 172.20.0.x gateways', () => {
		const verdicts = verdictsFor(worker2Numeric, {extra: ['192.168.223.130']});
		expectSeedDoneWhen(verdicts);
		expect(verdicts.get('192.168.21.132')!.gateway).toBe('172.20.0.4');
	});

	it('through parseRouteN on the seed fixtures (both spellings)', () => {
		for (const name of ['seed-worker2-route.txt', 'seed-worker2-route-n.txt']) {
			const parsed = parseRouteN(fixture(name));
			expect(parsed.routes).toHaveLength(8);
			expectSeedDoneWhen(verdictsFor(parsed.routes, {extra: ['192.168.223.130'], interfaces: worker2Interfaces}));
		}
	});

	it('the control plane table of the seed (route without -n): every worker block by its pods', () => {
		const parsed = parseRouteN(fixture('seed-control-plane-route.txt'));
		const network = prepareNetwork({node: 'networking-control-plane', routes: parsed.routes, interfaces: []});
		const verdicts = new Map(judgeAll(network, buildClusterIndex(seedNodes, seedPods), ['192.168.223.140']).map(verdict => [verdict.ip, verdict]));
		expect(verdicts.get('192.168.21.132')).toMatchObject({outcome: 'tunnel-to-node', nextHopNode: 'networking-worker3'});
		expect(verdicts.get('192.168.78.132')).toMatchObject({outcome: 'tunnel-to-node', nextHopNode: 'networking-worker'});
		expect(verdicts.get('192.168.175.5')).toMatchObject({outcome: 'tunnel-to-node', nextHopNode: 'networking-worker2'});
		expect(verdicts.get('192.168.175.1')).toMatchObject({outcome: 'tunnel-to-node', nextHopNode: 'networking-worker2'});
		expect(verdicts.get('172.20.0.2')).toMatchObject({outcome: 'local-address'});
		// An IP in its own block without a pod: dropped, but no pod claims it, so nothing is missing.
		expect(verdicts.get('192.168.223.140')).toMatchObject({outcome: 'blackhole', problems: ['main-table-only', 'degraded-input', 'blackhole-or-throw']});
	});

	it('a hello-world IP in worker2 block without a /32 is blackholed: pod missing on the node', () => {
		const ghost = clusterPod('default', 'hello-world-7c64bd9f6b-zz9zz', 'networking-worker2', ['192.168.175.9']);
		for (const routes of [worker2Named, worker2Numeric]) {
			const verdict = verdictsFor(routes, {pods: [...seedPods, ghost]}).get('192.168.175.9')!;
			expect(verdict.outcome).toBe('blackhole');
			expect(verdict.route?.destination).toBe('192.168.175.0/26');
			expect(verdict.pod?.name).toBe('hello-world-7c64bd9f6b-zz9zz');
			expect(verdict.problems).toEqual(expect.arrayContaining(['pod-missing-on-node', 'blackhole-or-throw']));
		}
	});

	it('a pod the API places elsewhere but this node routes locally or to another node', () => {
		const moved = seedPods.map(pod =>
			pod.name === 'hello-world-7c64bd9f6b-tpnrz' ? {...pod, node: 'networking-worker3'} : pod.name.endsWith('lmhxb') ? {...pod, node: 'networking-worker'} : pod,
		);
		for (const routes of [worker2Numeric, worker2Named]) {
			const verdicts = verdictsFor(routes, {pods: moved});
			expect(verdicts.get('192.168.175.5')!.outcome).toBe('local-pod');
			expect(verdicts.get('192.168.175.5')!.problems).toContain('pod-on-other-node');
		}
		// Numeric gateways say worker3; the API now says worker.
		expect(verdictsFor(worker2Numeric, {pods: moved}).get('192.168.21.132')!.problems).toContain('pod-on-other-node');
	});

	it('checks the Calico veth name against the pod the /32 route leads to', () => {
		const swapped = worker2Numeric.map(entry =>
			entry.interface === 'cali52440ec1550' ? {...entry, interface: 'cali7dac2757ae1'} : entry.interface === 'cali7dac2757ae1' ? {...entry, interface: 'cali52440ec1550'} : entry,
		);
		const verdict = verdictsFor(swapped).get('192.168.175.5')!;
		expect(verdict.outcome).toBe('local-pod');
		expect(verdict.problems).toContain('veth-name-mismatch');
	});

	it('node and tunnel addresses are local addresses; hostNetwork pods are judged once per IP', () => {
		const verdicts = verdictsFor(worker2Numeric, {interfaces: worker2Interfaces, extra: ['192.168.175.0', '172.20.0.3']});
		expect(verdicts.get('172.20.0.5')).toMatchObject({outcome: 'local-address', interface: 'eth0', route: null});
		expect(verdicts.get('172.20.0.5')!.pod?.name).toBe('calico-node-wf5n6');
		expect(verdicts.get('192.168.175.0')).toMatchObject({outcome: 'local-address', interface: 'tunl0'});
		// On-link, a node's address is its own next hop: that node.
		expect(verdicts.get('172.20.0.3')).toMatchObject({outcome: 'on-link', interface: 'eth0', nextHopNode: 'networking-worker'});
		expect(verdicts.get('172.20.0.2')).toMatchObject({outcome: 'on-link', interface: 'eth0', nextHopNode: 'networking-control-plane'});
		const all = judgeAll(prepareNetwork({node: 'networking-worker2', routes: worker2Numeric, interfaces: []}), buildClusterIndex(seedNodes, seedPods));
		expect(all.map(verdict => verdict.ip)).toEqual(['192.168.21.132', '192.168.78.132', '192.168.175.5', '172.20.0.2', '172.20.0.5', '192.168.175.1']);
	});

	it('without ip addr output, the API names the node own addresses (not its ExternalIP)', () => {
		const nodes = seedNodes.map(node => (node.name === 'networking-worker2' ? {...node, externalIps: ['172.20.0.77']} : node));
		const network = prepareNetwork({node: 'networking-worker2', routes: worker2Numeric, interfaces: []});
		const cluster = buildClusterIndex(nodes, seedPods);
		expect(judge('172.20.0.5', network, cluster)).toMatchObject({outcome: 'local-address', interface: null, route: null});
		expect(judge('192.168.175.0', network, cluster)).toMatchObject({outcome: 'local-address', interface: 'tunl0'});
		expect(judge('172.20.0.77', network, cluster)).toMatchObject({outcome: 'on-link', nextHopNode: null});
		expect(judge('172.20.0.99', network, cluster)).toMatchObject({outcome: 'on-link', nextHopNode: null});
		expect(judge('172.20.0.4', network, cluster).outcome).toBe('on-link');
		const anonymous = prepareNetwork({node: null, routes: worker2Numeric, interfaces: []});
		expect(judge('172.20.0.5', anonymous, cluster).outcome).toBe('on-link');
	});

	it('the default route is the only match for an IP outside every block', () => {
		const stray = clusterPod('default', 'stray', 'networking-worker', ['10.9.9.9']);
		const verdict = verdictsFor(worker2Numeric, {pods: [...seedPods, stray]}).get('10.9.9.9')!;
		expect(verdict).toMatchObject({outcome: 'via-default', interface: 'eth0', gateway: '172.20.0.1'});
		expect(verdict.problems).toContain('only-default-route');
	});
});

const noCluster = buildClusterIndex([], []);

function one(ip: string, routes: readonly Route[], interfaces: readonly Interface[] = [], cluster = noCluster, node: string | null = null): Verdict {
	return judge(ip, prepareNetwork({node, routes, interfaces}), cluster);
}

describe('judge: route kinds', () => {
	it('throw falls through to no-route; reject kinds are terminal', () => {
		const routes = [
			route('default', {gateway: '10.0.0.1', interface: 'eth0'}),
			route('203.0.113.0/24', {kind: 'throw'}),
			route('198.51.100.0/25', {kind: 'unreachable'}),
			route('198.51.100.128/25', {kind: 'prohibit'}),
			route('192.0.2.0/24', {kind: 'blackhole'}),
		];
		expect(one('203.0.113.9', routes)).toMatchObject({outcome: 'no-route', problems: []});
		expect(one('203.0.113.9', routes).route?.kind).toBe('throw');
		expect(one('198.51.100.1', routes).outcome).toBe('unreachable');
		expect(one('198.51.100.200', routes).outcome).toBe('prohibit');
		expect(one('192.0.2.1', routes)).toMatchObject({outcome: 'blackhole', problems: []});
		expect(one('8.8.8.8', routes).outcome).toBe('via-default');
		expect(one('8.8.8.8', [])).toMatchObject({outcome: 'no-route', route: null});
		expect(one('not-an-ip', routes)).toMatchObject({outcome: 'no-route', problems: ['invalid-ip']});
	});

	it('route -n: a reject is unreachable-or-prohibit, and no-route says the main table was all it saw', () => {
		const routes = [route('198.51.100.0/24', {kind: 'unreachable', kindUncertain: true, source: 'route-n'})];
		expect(one('198.51.100.1', routes).problems).toEqual(['main-table-only', 'degraded-input', 'unreachable-or-prohibit']);
		expect(one('10.0.0.1', routes).problems).toEqual(['main-table-only', 'degraded-input']);
	});

	it('ignores other tables and takes local-table local routes as local addresses', () => {
		const routes = [
			route('10.0.0.0/24', {interface: 'eth0'}),
			route('10.0.0.10', {kind: 'local', table: 'local', interface: 'eth0'}),
			route('default', {gateway: '10.0.0.1', interface: 'eth1', table: '2'}),
		];
		const network = prepareNetwork({node: null, routes, interfaces: []});
		expect(network.ignoredTables).toEqual(['2']);
		expect(judge('10.0.0.10', network, noCluster)).toMatchObject({outcome: 'local-address', interface: 'eth0'});
		expect(judge('8.8.8.8', network, noCluster).outcome).toBe('no-route');
	});
});

describe('judge: CNI conventions', () => {
	it('Flannel VXLAN: the gateway is the remote subnet address; cni0 is local', () => {
		const nodes = [
			clusterNode('f1', {internalIps: ['10.0.0.11'], podCidrs: ['10.244.1.0/24']}),
			clusterNode('f2', {internalIps: ['10.0.0.12'], podCidrs: ['10.244.2.0/24']}),
		];
		const cluster = buildClusterIndex(nodes, [clusterPod('default', 'a', 'f2', ['10.244.2.7']), clusterPod('default', 'b', 'f1', ['10.244.1.5'])]);
		const routes = [
			route('10.244.2.0/24', {gateway: '10.244.2.0', interface: 'flannel.1', onlink: true}),
			route('10.244.1.0/24', {interface: 'cni0', scope: 'link'}),
		];
		const remote = one('10.244.2.7', routes, [], cluster, 'f1');
		expect(remote).toMatchObject({outcome: 'tunnel-to-node', nextHopNode: 'f2', interface: 'flannel.1', problems: []});
		expect(remote.pod?.name).toBe('a');
		expect(one('10.244.1.5', routes, [], cluster, 'f1')).toMatchObject({outcome: 'local-pod', interface: 'cni0', interfacePod: null, problems: []});
	});

	it('Calico VXLAN maps the VTEP through IPv4VXLANTunnelAddr; an unknown VTEP is next-hop-unknown', () => {
		const nodes = [clusterNode('v2', {annotations: {'projectcalico.org/IPv4VXLANTunnelAddr': '10.244.1.0'}})];
		const cluster = buildClusterIndex(nodes, []);
		const routes = [
			route('10.244.1.0/26', {gateway: '10.244.1.0', interface: 'vxlan.calico', onlink: true}),
			route('10.244.9.0/26', {gateway: '10.244.9.0', interface: 'vxlan.calico', onlink: true}),
		];
		expect(one('10.244.1.5', routes, [], cluster)).toMatchObject({outcome: 'tunnel-to-node', nextHopNode: 'v2', problems: []});
		expect(one('10.244.9.5', routes, [], cluster)).toMatchObject({outcome: 'tunnel-to-node', nextHopNode: null, problems: ['next-hop-unknown']});
	});

	it('Calico BGP and kindnet: a gateway that is a node IP on the uplink is direct-to-node; other routers are via-gateway', () => {
		const cluster = buildClusterIndex([clusterNode('k2', {internalIps: ['172.18.0.3'], podCidrs: ['10.244.1.0/24']})], []);
		const routes = [
			route('10.244.1.0/24', {gateway: '172.18.0.3', interface: 'eth0'}),
			route('10.50.0.0/16', {gateway: '172.18.0.1', interface: 'eth0'}),
			route('10.244.0.4', {interface: 'veth1a2b3c4d', scope: 'host'}),
			route('default', {gateway: '172.18.0.1', interface: 'eth0'}),
		];
		expect(one('10.244.1.9', routes, [], cluster)).toMatchObject({outcome: 'direct-to-node', nextHopNode: 'k2', interface: 'eth0'});
		expect(one('10.50.1.1', routes, [], cluster)).toMatchObject({outcome: 'via-gateway', nextHopNode: null, gateway: '172.18.0.1'});
		expect(one('10.244.0.4', routes, [], cluster)).toMatchObject({outcome: 'local-pod', interface: 'veth1a2b3c4d'});
		// kindnet has no route for its own podCIDR: an unused local IP only matches default.
		expect(one('10.244.0.99', routes, [], cluster).outcome).toBe('via-default');
	});

	it('Cilium: a remote pod CIDR (the one with an mtu) hints its node', () => {
		const cluster = buildClusterIndex(
			[clusterNode('c2', {podCidrs: ['10.240.2.0/24']}), clusterNode('c3', {podCidrs: ['10.240.3.0/24']})],
			[clusterPod('default', 'far', 'c2', ['10.240.3.4'])],
		);
		const routes = [
			route('10.240.2.0/24', {gateway: '10.240.2.230', interface: 'cilium_host'}),
			route('10.240.3.0/24', {gateway: '10.240.2.230', interface: 'cilium_host', mtu: 1450}),
		];
		const remote = one('10.240.3.4', routes, [], cluster, 'c2');
		expect(remote).toMatchObject({outcome: 'cni-datapath', nextHopNode: 'c3', problems: ['pod-on-other-node']});
		expect(one('10.240.2.4', routes, [], cluster, 'c2')).toMatchObject({outcome: 'cni-datapath', nextHopNode: null, problems: []});
	});

	it('Cilium: cilium_host is the datapath; AWS: eni /32 is a local pod, the VPC subnet is on-link', () => {
		const routes = [
			route('10.240.2.0/24', {gateway: '10.240.2.230', interface: 'cilium_host'}),
			route('10.240.3.0/24', {gateway: '10.240.2.230', interface: 'cilium_host', mtu: 1450}),
			route('192.168.40.12', {interface: 'eni0a1b2c3d4e5', scope: 'link'}),
			route('192.168.32.0/19', {interface: 'eth0'}),
		];
		expect(one('10.240.3.4', routes).outcome).toBe('cni-datapath');
		expect(one('10.240.2.4', routes).outcome).toBe('cni-datapath');
		expect(one('192.168.40.12', routes)).toMatchObject({outcome: 'local-pod', interface: 'eni0a1b2c3d4e5'});
		expect(one('192.168.40.13', routes)).toMatchObject({outcome: 'on-link', interface: 'eth0'});
	});

	it('IPv6: a /128 to a cali device is local, vxlan-v6.calico is a tunnel', () => {
		const cluster = buildClusterIndex(
			[clusterNode('n6', {annotations: {'projectcalico.org/IPv6VXLANTunnelAddr': 'fd00:10:244:1::'}})],
			[clusterPod('default', 'hello-world-7c64bd9f6b-tpnrz', 'me', ['192.168.175.5', 'fd00:10:244::5'])],
		);
		const routes = [
			route('fd00:10:244::5/128', {interface: 'cali52440ec1550'}),
			route('fd00:10:244:1::/122', {gateway: 'fd00:10:244:1::', interface: 'vxlan-v6.calico', onlink: true}),
		];
		const local = one('fd00:10:244::5', routes, [], cluster, 'me');
		expect(local).toMatchObject({outcome: 'local-pod', problems: []});
		expect(local.interfacePod?.name).toBe('hello-world-7c64bd9f6b-tpnrz');
		expect(one('fd00:10:244:1::9', routes, [], cluster)).toMatchObject({outcome: 'tunnel-to-node', nextHopNode: 'n6'});
	});
});

describe('judge: modifiers', () => {
	it('link-down from the route or the interface state', () => {
		const routes = [route('10.0.0.5', {interface: 'calidown0000000'}), route('10.0.0.6', {interface: 'cali1', linkdown: true}), route('10.0.0.7', {interface: 'cali2'})];
		const interfaces = [iface('calidown0000000', {state: 'LOWERLAYERDOWN', flags: ['NO-CARRIER', 'UP']}), iface('cali2')];
		expect(one('10.0.0.5', routes, interfaces).problems).toContain('link-down');
		expect(one('10.0.0.6', routes, interfaces).problems).toContain('link-down');
		expect(one('10.0.0.7', routes, interfaces).problems).not.toContain('link-down');
	});

	it('ecmp for multipath routes', () => {
		const hop = (gateway: string) => ({gateway, interface: 'eth0', weight: 1, onlink: false, linkdown: false});
		const routes = [route('172.17.0.0/16', {gateway: '10.0.0.60', interface: 'eth0', nexthops: [hop('10.0.0.60'), hop('10.0.0.61')]})];
		expect(one('172.17.1.1', routes)).toMatchObject({outcome: 'via-gateway', problems: ['ecmp']});
	});

	it('a named gateway that matches no node is next-hop-unknown', () => {
		const routes = [route('10.1.0.0/16', {gateway: 'some-router', gatewayIsName: true, interface: 'eth0', source: 'route-n'})];
		const verdict = one('10.1.2.3', routes, [], buildClusterIndex(seedNodes, seedPods));
		expect(verdict.outcome).toBe('via-gateway');
		expect(verdict.problems).toEqual(expect.arrayContaining(['next-hop-unknown', 'degraded-input']));
	});
});

describe('every format of one real capture agrees (ns-* fixtures), except where a format cannot know', () => {
	const interfacesOf = (name: string): readonly Interface[] => {
		const parsed = parseAny(fixture(name));
		if (parsed.kind !== 'interfaces') throw new Error(`${name} is not interface output`);
		return parsed.result.interfaces;
	};
	const interfaces = mergeLinkKinds([...interfacesOf('ns-ip-j-addr.json')], [...interfacesOf('ns-ip-d-j-link.json')]);
	const cluster = buildClusterIndex(
		[
			clusterNode('w3', {internalIps: ['172.20.0.4'], annotations: {'projectcalico.org/IPv4VXLANTunnelAddr': '192.168.21.128'}}),
			clusterNode('w1', {internalIps: ['172.20.0.3']}),
		],
		[],
	);
	/** ip -j route show table all, the format that knows most: [outcome, interface, nextHopNode, problems]. */
	const truth4: Record<string, readonly [string, string | null, string | null, readonly string[]]> = {
		'192.168.175.5': ['local-pod', 'cali52440ec1550', null, []],
		'192.168.175.9': ['local-pod', 'calidown0000000', null, ['link-down']],
		'192.168.175.20': ['blackhole', null, null, []],
		'192.168.21.130': ['tunnel-to-node', 'vxlan.calico', 'w3', []],
		'192.168.78.130': ['direct-to-node', 'eth0', 'w1', []],
		'198.51.100.1': ['unreachable', null, null, []],
		'198.51.100.200': ['prohibit', null, null, []],
		'203.0.113.200': ['no-route', null, null, []],
		'172.17.5.5': ['via-gateway', 'eth0', null, ['ecmp']],
		'10.244.1.7': ['local-pod', 'cni0', null, []],
		'10.98.1.1': ['on-link', 'eth0', null, []],
		'172.20.0.50': ['local-address', 'eth0', null, []],
		'192.168.175.0': ['local-address', 'vxlan.calico', null, []],
		'8.8.8.8': ['via-default', 'eth0', null, []],
		'10.9.1.1': ['via-default', 'eth0', null, []], // the table-100 route is not the main table
	};
	/** What `route -n` and /proc/net/route cannot know: throw vs blackhole, prohibit vs unreachable, nexthops. */
	const routeNView: Record<string, readonly [string, string | null, string | null, readonly string[]]> = {
		'198.51.100.200': ['unreachable', null, null, ['unreachable-or-prohibit']],
		'198.51.100.1': ['unreachable', null, null, ['unreachable-or-prohibit']],
		'203.0.113.200': ['blackhole', null, null, ['blackhole-or-throw']],
		'192.168.175.20': ['blackhole', null, null, ['blackhole-or-throw']],
		'172.17.5.5': ['via-gateway', 'eth0', null, []],
	};
	/** BusyBox `ip route` prints a multipath route without its nexthops. */
	const busyboxView: Record<string, readonly [string, string | null, string | null, readonly string[]]> = {
		'172.17.5.5': ['via-gateway', null, null, ['ecmp']],
	};
	const cases: ReadonlyArray<readonly [string, Record<string, readonly [string, string | null, string | null, readonly string[]]>]> = [
		['ns-ip-j-route-table-all.json', {}],
		['ns-ip-j-route.json', {}],
		['ns-ip-route.txt', {}],
		['ns-ip-route-table-all.txt', {}],
		['ns-busybox-ip-route.txt', busyboxView],
		['ns-route-n.txt', routeNView],
		['ns-busybox-route-n.txt', routeNView],
		['ns-proc-net-route.txt', routeNView],
	];
	const formatNoise = new Set(['main-table-only', 'degraded-input']);

	for (const [name, exceptions] of cases) {
		it(`IPv4 through ${name}`, () => {
			const parsed = parseAny(fixture(name));
			if (parsed.kind !== 'routes') throw new Error(`${name} is not a route table`);
			const network = prepareNetwork({node: 'w2', routes: parsed.result.routes, interfaces});
			for (const [ip, expected] of Object.entries({...truth4, ...exceptions})) {
				const verdict = judge(ip, network, cluster);
				const seen = [verdict.outcome, verdict.interface, verdict.nextHopNode, verdict.problems.filter(problem => !formatNoise.has(problem))];
				expect(seen, `${ip} via ${name}`).toEqual([...expected]);
			}
		});
	}

	it('IPv6 through every format (route -n -A inet6 prints every reject as a blackhole-or-throw)', () => {
		const truth6: Record<string, readonly [string, string | null]> = {
			'fd00:1::9': ['on-link', 'eth0'],
			'fd00:2::1': ['via-gateway', 'eth0'],
			'fd00:192:168:223::81': ['blackhole', null],
			'fd00:dead::1': ['unreachable', null],
			'fd00:1::5': ['local-address', 'eth0'],
			'2001:db8::1': ['no-route', null],
		};
		const names = ['ns-ip-j-6-route-table-all.json', 'ns-ip-j-6-route.json', 'ns-ip-6-route.txt', 'ns-ip-6-route-table-all.txt', 'ns-busybox-ip-6-route.txt', 'ns-route-n-inet6.txt', 'ns-busybox-route-n-inet6.txt'];
		for (const name of names) {
			const parsed = parseAny(fixture(name));
			if (parsed.kind !== 'routes') throw new Error(`${name} is not a route table`);
			const network = prepareNetwork({node: 'w2', routes: parsed.result.routes, interfaces});
			for (const [ip, [outcome, device]] of Object.entries(truth6)) {
				const verdict = judge(ip, network, cluster);
				if (name.includes('route-n') && ip === 'fd00:dead::1') {
					expect(verdict.outcome, `${ip} via ${name}`).toBe('blackhole');
					expect(verdict.problems).toContain('blackhole-or-throw');
					continue;
				}
				expect([verdict.outcome, verdict.interface], `${ip} via ${name}`).toEqual([outcome, device]);
			}
		}
	});
});

describe('judgeAll on random networks and clusters', () => {
	const devices = [null, 'eth0', 'tunl0', 'vxlan.calico', 'flannel.1', 'cilium_host', 'cni0', 'cbr0', 'cali0123456789a', 'veth1234abcd', 'lxc0123456789ab', 'eni0a1b2c3d4e5', 'weird0'];
	const address = fc.tuple(fc.constantFrom(10, 172, 192), fc.integer({min: 0, max: 3}), fc.integer({min: 0, max: 3}), fc.integer({min: 0, max: 255})).map(parts => parts.join('.'));
	const gateway = fc.oneof(fc.constant(null), address, fc.constantFrom('169.254.1.1', 'n-0', 'n-', 'home', 'fe80::1'));
	const routeArb = fc
		.record({
			ip: address,
			length: fc.constantFrom(0, 8, 16, 24, 26, 30, 32),
			gateway,
			device: fc.constantFrom(...devices),
			kind: fc.constantFrom('unicast', 'unicast', 'unicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'local' as const),
			kindUncertain: fc.boolean(),
			linkdown: fc.boolean(),
			source: fc.constantFrom('ip-route', 'route-n', 'ip-route-busybox', 'ip-route-json' as const),
		})
		.map(({ip, length, gateway: via, device, kind, kindUncertain, linkdown, source}) =>
			route(`${ip}/${length}`, {gateway: via, gatewayIsName: via !== null && !/^[\d.:a-f]+$/.test(via), interface: device, kind, kindUncertain, linkdown, source}),
		);
	const nodeArb = fc.record({ip: address, tunnel: fc.option(address), cidr: fc.option(address)});
	const podArb = fc.record({ips: fc.array(fc.oneof(address, fc.constant('garbage'), fc.constant('fd00::1')), {maxLength: 2}), node: fc.integer({min: -1, max: 3}), hostNetwork: fc.boolean()});

	it('never throws, judges each distinct IP once, and keeps its invariants', () => {
		fc.assert(
			fc.property(fc.array(routeArb, {maxLength: 25}), fc.array(nodeArb, {maxLength: 4}), fc.array(podArb, {maxLength: 20}), fc.array(address, {maxLength: 3}), (routes, nodeSpecs, podSpecs, extra) => {
				const nodes = nodeSpecs.map((spec, index) =>
					clusterNode(`n-${index}`, {
						internalIps: [spec.ip],
						podCidrs: spec.cidr ? [`${spec.cidr}/24`] : [],
						annotations: spec.tunnel ? {'projectcalico.org/IPv4IPIPTunnelAddr': spec.tunnel} : {},
					}),
				);
				const pods = podSpecs.map((spec, index) => clusterPod('ns', `p-${index}`, spec.node < 0 ? null : `n-${spec.node}`, spec.ips, spec.hostNetwork));
				const network = prepareNetwork({node: 'n-0', routes, interfaces: []});
				const cluster = buildClusterIndex(nodes, pods);
				const verdicts = judgeAll(network, cluster, extra);
				const ips = verdicts.map(verdict => verdict.ip);
				expect(new Set(ips).size).toBe(ips.length);
				const table = buildRouteTable(routes);
				const names = new Set(nodes.map(node => node.name));
				for (const verdict of verdicts) {
					expect(new Set(verdict.problems).size).toBe(verdict.problems.length);
					if (verdict.nextHopNode !== null) expect(names.has(verdict.nextHopNode)).toBe(true);
					if (verdict.outcome === 'local-pod') expect(verdict.interface).not.toBeNull();
					if (verdict.outcome === 'tunnel-to-node' && verdict.nextHopNode === null) expect(verdict.problems).toContain('next-hop-unknown');
					if (verdict.outcome !== 'local-address' && !verdict.problems.includes('invalid-ip')) expect(verdict.route).toBe(table.lookup(verdict.ip));
					if (verdict.route?.kind === 'throw') expect(verdict.outcome).toBe('no-route');
				}
			}),
			{numRuns: 300},
		);
	});
});
