import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {readCapturedNode} from '../../source/net/trace-capture.js';
import type {ClusterNode, ClusterPod} from '../../source/net/types.js';
import {parseIpRule} from '../../source/net/parse-ip-rule.js';
import {parseSysctl} from '../../source/net/parse-sysctl.js';
import {prepareTraceNetwork, trace} from '../../source/net/trace.js';
import {parseEndpointSpec, resolveEndpoint} from '../../source/net/trace-endpoint.js';
import type {Endpoint, TraceNode} from '../../source/net/trace-types.js';
import type {ClusterIndex} from '../../source/net/cluster-index.js';
import {helloOnWorker2, helloOnWorker3, seedCluster, seedNode} from './helpers/trace-seed.js';
import {clusterNode, clusterPod, iface, route} from './helpers/routes.js';
import {buildClusterIndex} from '../../source/net/cluster-index.js';

const cluster = seedCluster();

function endpoint(text: string, index: ClusterIndex = cluster): Endpoint {
	const spec = parseEndpointSpec(text, 'default');
	if (typeof spec === 'string') throw new Error(spec);
	const resolved = resolveEndpoint(spec, index);
	if (typeof resolved === 'string') throw new Error(resolved);
	return resolved;
}

function withRoutes(node: TraceNode, change: (routes: TraceNode['routes']) => TraceNode['routes']): TraceNode {
	return {...node, routes: change(node.routes)};
}

const worker2 = seedNode('networking-worker2');
const worker3 = seedNode('networking-worker3');
const source = () => endpoint(`default/${helloOnWorker2}`);
const destination = () => endpoint(`default/${helloOnWorker3}`);

describe('trace on the seed (Calico IPIP)', () => {
	it('goes worker2 → tunl0 → worker3 → the destination veth, and back through tunl0', () => {
		const result = trace(source(), destination(), prepareTraceNetwork([worker2, worker3], cluster));
		expect(result.source).toEqual({ip: '192.168.175.5', pod: {namespace: 'default', name: helloOnWorker2, node: 'networking-worker2'}, node: 'networking-worker2'});
		expect(result.forward.delivered).toBe(true);
		expect(result.forward.hops).toEqual([
			{
				node: 'networking-worker2',
				in: 'cali52440ec1550',
				rule: '32766: from all lookup main',
				table: 'main',
				route: '192.168.21.128/26',
				outcome: 'tunnel-to-node',
				out: 'tunl0',
				gateway: '172.20.0.4',
				nextHopNode: 'networking-worker3',
				mtu: 1480,
				problems: [],
			},
			{
				node: 'networking-worker3',
				in: 'tunl0',
				rule: '32766: from all lookup main',
				table: 'main',
				route: '192.168.21.132/32',
				outcome: 'local-pod',
				out: 'cali6fd140eb306',
				gateway: null,
				nextHopNode: null,
				mtu: 1480,
				problems: [],
			},
		]);
		expect(result.reverse.delivered).toBe(true);
		expect(result.reverse.hops.map(hop => [hop.node, hop.in, hop.route, hop.out, hop.nextHopNode])).toEqual([
			['networking-worker3', 'cali6fd140eb306', '192.168.175.0/26', 'tunl0', 'networking-worker2'],
			['networking-worker2', 'tunl0', '192.168.175.5/32', 'cali52440ec1550', null],
		]);
		expect(result.pathMtu).toBe(1480);
		expect(result.problems).toEqual([]);
	});

	it('stops at worker3 with missing-host-route when the destination’s host route is gone', () => {
		const broken = withRoutes(worker3, routes => routes.filter(entry => entry.destination !== '192.168.21.132/32'));
		const result = trace(source(), destination(), prepareTraceNetwork([worker2, broken], cluster));
		expect(result.forward.delivered).toBe(false);
		const last = result.forward.hops.at(-1)!;
		expect(last).toMatchObject({node: 'networking-worker3', outcome: 'blackhole', route: '192.168.21.128/26', out: null});
		expect(last.problems).toEqual(expect.arrayContaining(['missing-host-route', 'blackhole']));
		// The reply leaves fine (its route is intact), so the reverse walk itself is delivered.
		expect(result.reverse.delivered).toBe(true);
		expect(result.problems).toContain('missing-host-route');
	});

	it('says not-captured when a node on the way has no tables', () => {
		const result = trace(source(), destination(), prepareTraceNetwork([worker2], cluster));
		expect(result.forward.delivered).toBe(false);
		expect(result.forward.hops.at(-1)).toMatchObject({node: 'networking-worker3', in: 'tunl0', outcome: 'not-captured'});
		expect(result.reverse.hops).toEqual([expect.objectContaining({node: 'networking-worker3', outcome: 'not-captured'})]);
	});

	it('flags a block routed to the wrong node as pod-on-other-node, and a routing loop', () => {
		const wrong = withRoutes(worker2, routes =>
			routes.map(entry => (entry.destination === '192.168.21.128/26' ? {...entry, gateway: '172.20.0.3'} : entry)),
		);
		const toWorker = trace(source(), destination(), prepareTraceNetwork([wrong, worker3], cluster));
		expect(toWorker.forward.hops[0]).toMatchObject({nextHopNode: 'networking-worker'});
		expect(toWorker.forward.hops[0]!.problems).toContain('pod-on-other-node');
		// worker3 without its pod route sends its own block back to worker2: a loop.
		const bounce = withRoutes(worker3, routes =>
			routes.filter(entry => entry.destination !== '192.168.21.132/32' && entry.destination !== '192.168.21.128/26').concat(route('192.168.21.128/26', {gateway: '172.20.0.5', interface: 'tunl0', onlink: true})),
		);
		const loop = trace(source(), destination(), prepareTraceNetwork([worker2, bounce], cluster));
		expect(loop.forward.delivered).toBe(false);
		expect(loop.forward.hops.at(-1)!.problems).toContain('loop');
	});

	it('drops at strict rp_filter when the reply would leave through another device', () => {
		// worker2 reaches worker3's block over eth0 directly; worker3 answers through tunl0, so a strict
		// rp_filter on worker2's tunl0 is fine, but on worker3 the request arrives on eth0 while the route
		// back to worker2's pods leaves through tunl0: dropped.
		const direct = withRoutes(worker2, routes =>
			routes.map(entry => (entry.destination === '192.168.21.128/26' ? {...entry, interface: 'eth0', onlink: false} : entry)),
		);
		const strict: TraceNode = {...worker3, sysctls: parseSysctl('/proc/sys/net/ipv4/conf/all/rp_filter:1\n').entries};
		const result = trace(source(), destination(), prepareTraceNetwork([direct, strict], cluster));
		expect(result.forward.hops[0]).toMatchObject({outcome: 'direct-to-node', out: 'eth0', nextHopNode: 'networking-worker3'});
		expect(result.forward.hops[1]).toMatchObject({node: 'networking-worker3', in: 'eth0'});
		expect(result.forward.hops[1]!.problems).toContain('rp-filter-drop');
		expect(result.forward.delivered).toBe(false);
		// Loose mode only needs a route back: delivered.
		const loose: TraceNode = {...worker3, sysctls: parseSysctl('/proc/sys/net/ipv4/conf/all/rp_filter:2\n').entries};
		const passed = trace(source(), destination(), prepareTraceNetwork([direct, loose], cluster));
		expect(passed.forward.delivered).toBe(true);
		expect(passed.reverse.problems).toContain('asymmetric');
	});

	it('follows a policy rule that sends the reply into another table', () => {
		const rules = parseIpRule('0:\tfrom all lookup local\n100:\tfrom 192.168.21.132 lookup 100\n32766:\tfrom all lookup main\n').rules;
		const diverted: TraceNode = {...worker3, rules, routes: [...worker3.routes, route('default', {gateway: '172.20.0.1', interface: 'eth0', table: '100'})]};
		const result = trace(source(), destination(), prepareTraceNetwork([worker2, diverted], cluster));
		expect(result.forward.delivered).toBe(true);
		expect(result.reverse.hops[0]).toMatchObject({rule: '100: from 192.168.21.132 lookup 100', table: '100', route: '0.0.0.0/0', outcome: 'via-default'});
		expect(result.reverse.delivered).toBe(false);
		expect(result.reverse.problems).toEqual(expect.arrayContaining(['via-default', 'leaves-cluster']));
	});

	it('finds the smallest MTU and a veth larger than the path (tunnel MTU above its underlay)', () => {
		const lowered = {...worker2, interfaces: worker2.interfaces.map(device => (device.name === 'eth0' ? {...device, mtu: 1400} : device))};
		const result = trace(source(), destination(), prepareTraceNetwork([lowered, worker3], cluster));
		// tunl0 says 1480, but eth0 1400 less IPIP's 20 carries 1380.
		expect(result.forward.hops[0]!.mtu).toBe(1380);
		expect(result.pathMtu).toBe(1380);
		expect(result.forward.hops[0]!.problems).toContain('mtu-mismatch');
		expect(result.problems).toContain('mtu-mismatch');
	});

	it('stops at a blackhole, no route, and a rule’s own action', () => {
		const noRoute = withRoutes(worker2, routes => routes.filter(entry => entry.destination !== '192.168.21.128/26' && entry.destination !== '0.0.0.0/0'));
		const missing = trace(source(), destination(), prepareTraceNetwork([noRoute, worker3], cluster));
		expect(missing.forward.hops[0]).toMatchObject({outcome: 'no-route', route: null});
		expect(missing.forward.hops[0]!.problems).toContain('no-route');
		const rules = parseIpRule('0:\tfrom all lookup local\n5:\tfrom all to 192.168.21.0/24 unreachable\n32766:\tfrom all lookup main\n').rules;
		const refused = trace(source(), destination(), prepareTraceNetwork([{...worker2, rules}, worker3], cluster));
		expect(refused.forward.hops[0]).toMatchObject({outcome: 'unreachable', rule: '5: from all to 192.168.21.0/24 unreachable'});
		expect(refused.forward.delivered).toBe(false);
	});

	it('does not deliver into a veth whose link is down (link-down on the last hop)', () => {
		const down: TraceNode = {
			...worker3,
			interfaces: worker3.interfaces.map(device => (device.name === 'cali6fd140eb306' ? {...device, state: 'DOWN', flags: ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP']} : device)),
		};
		const result = trace(source(), destination(), prepareTraceNetwork([worker2, down], cluster));
		expect(result.forward.hops.at(-1)).toMatchObject({node: 'networking-worker3', outcome: 'local-pod', out: 'cali6fd140eb306'});
		expect(result.forward.hops.at(-1)!.problems).toContain('link-down');
		expect(result.forward.delivered).toBe(false);
	});

	it('traces to a node and out of the cluster', () => {
		const toNode = trace(source(), endpoint('node/networking-worker3'), prepareTraceNetwork([worker2, worker3], cluster));
		expect(toNode.forward.hops.map(hop => [hop.node, hop.in, hop.outcome, hop.out])).toEqual([
			['networking-worker2', 'cali52440ec1550', 'on-link', 'eth0'],
			['networking-worker3', 'eth0', 'local-address', 'eth0'],
		]);
		expect(toNode.forward.delivered).toBe(true);
		const outside = trace(source(), endpoint('8.8.8.8'), prepareTraceNetwork([worker2, worker3], cluster));
		expect(outside.forward.hops).toHaveLength(1);
		expect(outside.forward.hops[0]).toMatchObject({outcome: 'via-default', gateway: '172.20.0.1'});
		expect(outside.forward.problems).toEqual(['leaves-cluster']);
		expect(outside.reverse.problems).toEqual(['source-node-unknown']);
	});
});

describe('trace on a bridge layout', () => {
	it('delivers between two pods of one node through the CNI bridge (Flannel) without leaving it', () => {
		const node: TraceNode = {
			name: 'n1',
			routes: [route('10.244.1.0/24', {interface: 'cni0', scope: 'link'}), route('10.244.0.0/16', {gateway: '10.244.0.0', interface: 'flannel.1', onlink: true})],
			interfaces: [iface('cni0', {mtu: 1450, addresses: ['10.244.1.1/24']}), iface('flannel.1', {mtu: 1450, linkKind: 'vxlan'})],
			rules: null,
			sysctls: null,
		};
		const index = buildClusterIndex(
			[clusterNode('n1', {internalIps: ['172.18.0.2'], podCidrs: ['10.244.1.0/24']}), clusterNode('n0', {internalIps: ['172.18.0.3'], podCidrs: ['10.244.0.0/24']})],
			[clusterPod('default', 'a', 'n1', ['10.244.1.5']), clusterPod('default', 'b', 'n1', ['10.244.1.6']), clusterPod('default', 'c', 'n0', ['10.244.0.9'])],
		);
		const network = prepareTraceNetwork([node], index);
		const local = trace(endpoint('default/a', index), endpoint('default/b', index), network);
		expect(local.forward.hops).toEqual([expect.objectContaining({node: 'n1', in: 'cni0', outcome: 'local-pod', out: 'cni0', mtu: 1450})]);
		expect(local.forward.delivered).toBe(true);
		expect(local.reverse.delivered).toBe(true);
		// To the other node: Flannel's gateway is n0's subnet address, through the VXLAN device.
		const remote = trace(endpoint('default/a', index), endpoint('default/c', index), network);
		expect(remote.forward.hops[0]).toMatchObject({outcome: 'tunnel-to-node', out: 'flannel.1', nextHopNode: 'n0'});
		expect(remote.forward.hops[1]).toMatchObject({node: 'n0', in: 'flannel.1', outcome: 'not-captured'});
	});
});

describe('trace on the captured CNI layouts (test/fixtures/cni)', () => {
	function layout(name: string, files: readonly string[]) {
		const folder = new URL(`../fixtures/cni/${name}/`, import.meta.url);
		const read = (file: string) => readFileSync(new URL(file, folder), 'utf8');
		const fixture = JSON.parse(read('cluster.json')) as {node: string; nodes: ClusterNode[]; pods: ClusterPod[]};
		const index = buildClusterIndex(fixture.nodes, fixture.pods);
		const node = readCapturedNode(fixture.node, files.map(file => ({label: file, text: read(file)})));
		expect(node.warnings).toEqual([]);
		return {index, network: prepareTraceNetwork([node.node], index)};
	}

	it('AWS VPC CNI: a secondary-ENI pod leaves through table 2 and eth1, a primary-ENI pod through main and eth0', () => {
		const {index, network} = layout('aws-vpc-cni', ['ip-j-route-table-all.json', 'ip-j-addr.json', 'ip-d-j-link.json', 'ip-j-rule.json']);
		const secondary = trace(endpoint('default/worker-5c7d9e8f6-s6t7u', index), endpoint('1.1.1.1', index), network);
		expect(secondary.forward.hops[0]).toMatchObject({in: 'enid04a61e9c7f', rule: '1536: from 10.0.1.60/32 lookup 2', table: '2', out: 'eth1'});
		const primary = trace(endpoint('default/api-6d8f7c9b5-k2l3m', index), endpoint('1.1.1.1', index), network);
		expect(primary.forward.hops[0]).toMatchObject({table: 'main', out: 'eth0'});
		// Pod to pod on the node: the `to <pod> lookup main` rule wins over the ENI table.
		const local = trace(endpoint('default/worker-5c7d9e8f6-s6t7u', index), endpoint('default/api-6d8f7c9b5-k2l3m', index), network);
		expect(local.forward.hops[0]).toMatchObject({rule: '512: from all to 10.0.1.50/32 lookup main', outcome: 'local-pod', out: 'eni8f3b0d2c1a4'});
		expect(local.forward.delivered).toBe(true);
		expect(local.reverse.hops[0]).toMatchObject({rule: '512: from all to 10.0.1.60/32 lookup main', out: 'enid04a61e9c7f'});
	});

	it('Cilium: the eBPF datapath decides, said as cni-datapath', () => {
		const {index, network} = layout('cilium-vxlan', ['ip-j-route-table-all.json', 'ip-j-addr.json', 'ip-d-j-link.json']);
		const result = trace(endpoint('default/web-7b9c6d5f8-h2j4k', index), endpoint('default/web-7b9c6d5f8-w9x1z', index), network);
		expect(result.forward.hops[0]!.outcome).toBe('cni-datapath');
		expect(result.problems).toContain('cni-datapath');
	});

	it('Calico VXLAN: out of vxlan.calico toward the block’s node', () => {
		const {index, network} = layout('calico-vxlan', ['ip-j-route-table-all.json', 'ip-j-addr.json', 'ip-d-j-link.json']);
		const result = trace(endpoint(`default/${helloOnWorker2}`, index), endpoint(`default/${helloOnWorker3}`, index), network);
		expect(result.forward.hops[0]).toMatchObject({outcome: 'tunnel-to-node', out: 'vxlan.calico', nextHopNode: 'networking-worker3'});
		expect(result.forward.hops[1]).toMatchObject({node: 'networking-worker3', in: 'vxlan.calico', outcome: 'not-captured'});
	});

	it('Calico VXLAN over IPv6: out of vxlan-v6.calico, the pods’ IPv6 addresses chosen when the source is IPv6', () => {
		const {index, network} = layout('calico-vxlan', ['ip-j-route-table-all.json', 'ip-j-6-route-table-all.json', 'ip-j-addr.json', 'ip-d-j-link.json']);
		const source = endpoint('fd00:192:168:175::5', index);
		expect(source.pod?.name).toBe(helloOnWorker2);
		const spec = parseEndpointSpec(`default/${helloOnWorker3}`, 'default');
		const destination = resolveEndpoint(spec as Exclude<typeof spec, string>, index, 6);
		expect(destination).toMatchObject({ip: 'fd00:192:168:21::4'});
		const result = trace(source, destination as Endpoint, network);
		expect(result.forward.hops[0]).toMatchObject({outcome: 'tunnel-to-node', out: 'vxlan-v6.calico', nextHopNode: 'networking-worker3'});
	});

	it('kindnet: straight to the other node’s address over eth0', () => {
		const {index, network} = layout('kindnet', ['ip-j-route-table-all.json', 'ip-j-addr.json', 'ip-d-j-link.json']);
		const result = trace(endpoint('default/web-7b9c6d5f8-h2j4k', index), endpoint('default/web-7b9c6d5f8-w9x1z', index), network);
		expect(result.forward.hops[0]).toMatchObject({outcome: 'direct-to-node', out: 'eth0', nextHopNode: 'kind-worker2'});
	});
});
