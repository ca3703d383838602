/**
 * `netinspect lab --cni …`: each layout's kernels print what that CNI programs (the conventions of
 * route-and-addr-formats.md §5 and the captures in test/fixtures/cni/), the net core reads them back as that
 * CNI, and every pod the API places is reached on the node it runs on (a sweep of the whole seed finds
 * nothing wrong). What a client sees is checked as text, through the command table.
 */
import {describe, expect, it} from 'vitest';
import {labCnis, type LabCni} from '../../../source/lab/cni.js';
import {deriveNodeKernel, runNodeCommand} from '../../../source/lab/kernel/index.js';
import type {NodeKernel} from '../../../source/lab/kernel/index.js';
import {generateTopology, seedTopology, withCni, type LabTopology} from '../../../source/lab/state/index.js';
import {parseIp, parsePrefix, prefixContains} from '../../../source/net/ip.js';
import type {LabPodNetwork} from '../../../source/lab/topology-types.js';
import {sweepCluster} from '../../../source/net/sweep.js';
import {labNetworks, nodeTables} from '../../net/helpers/lab-networks.js';

function cluster(cni: LabCni, base: LabTopology = seedTopology()) {
	const topology = withCni(base, cni);
	const pods: LabPodNetwork[] = topology.pods.map(pod => ({namespace: pod.namespace, name: pod.name, node: pod.node, ip: pod.ip, hostNetwork: pod.hostNetwork}));
	return {topology, pods};
}

function kernelOf(cni: LabCni, node = 'networking-worker2'): NodeKernel {
	const {topology, pods} = cluster(cni);
	return deriveNodeKernel({nodes: topology.nodes, pods, node, cni});
}

function sh(kernel: NodeKernel, command: string): string {
	const outcome = runNodeCommand(kernel, ['sh', '-c', command], 'gnu');
	expect(outcome.stderr).toBe('');
	return outcome.stdout;
}

/** worker2's `ip route`: docker's default and node-network routes, then the CNI's. */
function worker2Routes(...cni: readonly string[]): string {
	return ['default via 172.20.0.1 dev eth0 ', '172.20.0.0/16 dev eth0 proto kernel scope link src 172.20.0.5 ', ...cni].map(line => `${line}\n`).join('');
}

type Link = {readonly ifname: string; readonly mtu: number; readonly master?: string; readonly linkinfo?: {readonly info_kind?: string; readonly info_data?: Record<string, unknown>}};

function links(kernel: NodeKernel): readonly Link[] {
	return JSON.parse(sh(kernel, 'ip -d -j link')) as Link[];
}

function sweep(cni: LabCni, base?: LabTopology) {
	const {topology, pods} = cluster(cni, base);
	const tables = topology.nodes.map(node => nodeTables(topology.nodes, pods, node.name, [], {cni}));
	const {cluster: index, networks} = labNetworks(topology.nodes, pods, tables, cni);
	return {topology, pods, result: sweepCluster(index, networks)};
}

/** kindnet and aws-vpc leave no trace in the routes of a node without pods (no veth, no tunnel): the control plane. */
function detectable(cni: LabCni, podsOnNode: number): boolean {
	return (cni !== 'kindnet' && cni !== 'aws-vpc') || podsOnNode > 0;
}

describe('every layout, sweep-checked over the whole seed cluster', () => {
	for (const cni of labCnis.filter(name => name !== 'aws-vpc')) {
		it(`${cni}: read back as ${cni}, every pod reached on its own node, no problem`, () => {
			const {topology, pods, result} = sweep(cni);
			expect(result.problems).toEqual([]);
			const podsOn = (node: string) => pods.filter(pod => pod.node === node && !pod.hostNetwork).length;
			expect([...result.cni.values()]).toEqual(topology.nodes.map(node => (detectable(cni, podsOn(node.name)) ? cni : 'unknown')));
			expect(result.pods).toBe(pods.filter(pod => !pod.hostNetwork).length);
		});
	}

	for (const cni of labCnis.filter(name => name !== 'aws-vpc')) {
		it(`${cni} on a generated cluster (40 nodes, 600 pods): no problem, every pod in its node's range`, () => {
			const {topology, pods, result} = sweep(cni, generateTopology({nodes: 40, pods: 600, seed: 3}));
			expect(result.problems).toEqual([]);
			const range = new Map(topology.nodes.map(node => [node.name, parsePrefix(node.block)!]));
			for (const pod of pods.filter(candidate => !candidate.hostNetwork)) expect(prefixContains(range.get(pod.node)!, parseIp(pod.ip)!), pod.ip).toBe(true);
		});
	}

	it('aws-vpc: read back as aws-vpc; own pods on their eni veths; other nodes\' pods left to the VPC fabric (on-link), no problem', () => {
		const {topology, pods, result} = sweep('aws-vpc');
		const podsOn = (node: string) => pods.filter(pod => pod.node === node && !pod.hostNetwork).length;
		expect([...result.cni.values()]).toEqual(topology.nodes.map(node => (detectable('aws-vpc', podsOn(node.name)) ? 'aws-vpc' : 'unknown')));
		// The VPC fabric delivers a secondary IP to the ENI holding it; from the tables that is an on-link route
		// through the connected subnet, which the sweep accepts on aws-vpc nodes (and only there).
		expect(result.problems).toEqual([]);
		expect(result.pods).toBe(pods.filter(pod => !pod.hostNetwork).length);
	});
});

describe('what `ip route`, `ip rule` and `ip -d -j link` show on networking-worker2', () => {
	it('calico-ipip (the default): the seed, unchanged', () => {
		const kernel = deriveNodeKernel({nodes: cluster('calico-ipip').topology.nodes, pods: cluster('calico-ipip').pods, node: 'networking-worker2'});
		expect(sh(kernel, 'ip route')).toContain('192.168.21.128/26 via 172.20.0.4 dev tunl0 proto bird onlink \n');
		expect(sh(kernel, 'ip route')).toBe(sh(kernelOf('calico-ipip'), 'ip route'));
	});

	it('calico-vxlan: remote blocks via their VTEP on vxlan.calico (proto 80, onlink), MTU 1450 on the tunnel and the veths', () => {
		const kernel = kernelOf('calico-vxlan');
		expect(sh(kernel, 'ip route')).toBe(
			worker2Routes(
				'192.168.21.128/26 via 192.168.21.128 dev vxlan.calico proto 80 onlink ',
				'192.168.78.128/26 via 192.168.78.128 dev vxlan.calico proto 80 onlink ',
				'blackhole 192.168.175.0/26 proto 80 ',
				'192.168.175.1 dev cali7dac2757ae1 proto 80 scope link ',
				'192.168.175.5 dev cali52440ec1550 proto 80 scope link ',
				'192.168.223.128/26 via 192.168.223.128 dev vxlan.calico proto 80 onlink ',
			),
		);
		const devices = links(kernel);
		const vxlan = devices.find(device => device.ifname === 'vxlan.calico')!;
		expect(vxlan.mtu).toBe(1450);
		expect(vxlan.linkinfo).toEqual(expect.objectContaining({info_kind: 'vxlan', info_data: expect.objectContaining({id: 4096, port: 4789, local: '172.20.0.5', link: 'eth0'})}));
		expect(devices.filter(device => device.ifname.startsWith('cali')).map(device => device.mtu)).toEqual([1450, 1450]);
		expect(devices.some(device => device.ifname === 'tunl0')).toBe(false);
	});

	it('calico-bgp: remote blocks via the node IPs on eth0, proto bird; no tunnel; veths at 1500', () => {
		const kernel = kernelOf('calico-bgp');
		const routes = sh(kernel, 'ip route');
		expect(routes).toContain('192.168.21.128/26 via 172.20.0.4 dev eth0 proto bird \n');
		expect(routes).toContain('192.168.223.128/26 via 172.20.0.2 dev eth0 proto bird \n');
		expect(routes).toContain('blackhole 192.168.175.0/26 proto bird \n');
		expect(routes).toContain('192.168.175.5 dev cali52440ec1550 scope link \n');
		expect(links(kernel).map(device => [device.ifname, device.linkinfo?.info_kind ?? null, device.mtu])).toEqual([
			['lo', null, 65536],
			['eth0', 'veth', 1500],
			['cali7dac2757ae1', 'veth', 1500],
			['cali52440ec1550', 'veth', 1500],
		]);
	});

	it('flannel: cni0 bridge with the podCIDR, flannel.1 VXLAN (VNI 1, port 8472) to the other podCIDRs, no per-pod routes', () => {
		const kernel = kernelOf('flannel');
		expect(sh(kernel, 'ip route')).toBe(
			worker2Routes(
				'192.168.0.0/24 via 192.168.0.0 dev flannel.1 onlink ',
				'192.168.1.0/24 via 192.168.1.0 dev flannel.1 onlink ',
				'192.168.2.0/24 dev cni0 proto kernel scope link src 192.168.2.1 ',
				'192.168.3.0/24 via 192.168.3.0 dev flannel.1 onlink ',
			),
		);
		const devices = links(kernel);
		expect(devices.find(device => device.ifname === 'flannel.1')?.linkinfo?.info_data).toEqual(expect.objectContaining({id: 1, port: 8472}));
		expect(devices.find(device => device.ifname === 'cni0')).toEqual(expect.objectContaining({mtu: 1450, linkinfo: {info_kind: 'bridge'}}));
		const ports = devices.filter(device => device.ifname.startsWith('veth'));
		expect(ports.map(device => [device.master, device.mtu])).toEqual([['cni0', 1450], ['cni0', 1450]]);
		expect(sh(kernel, 'ip addr')).toMatch(/^\d+: veth[0-9a-f]{8}@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP group default qlen 1000$/m);
		// A node without pods has no bridge yet (the bridge plugin makes it with the first pod).
		expect(sh(kernelOf('flannel', 'networking-control-plane'), 'ip route')).not.toContain('cni0');
	});

	it('kindnet: other podCIDRs via the node IPs, a scope-host route and the /32 gateway per veth, no route for its own podCIDR', () => {
		const kernel = kernelOf('kindnet');
		const routes = sh(kernel, 'ip route');
		expect(routes).toContain('192.168.3.0/24 via 172.20.0.4 dev eth0 \n');
		expect(routes).toMatch(/^192\.168\.2\.6 dev veth[0-9a-f]{8} scope host $/m);
		expect(routes).not.toContain('192.168.2.0/24');
		expect(sh(kernel, 'ip -4 addr')).toMatch(/inet 192\.168\.2\.1\/32 scope global veth[0-9a-f]{8}\n/);
		expect(sh(kernel, 'ip route show table local')).toMatch(/^local 192\.168\.2\.1 dev veth[0-9a-f]{8} proto kernel scope host src 192\.168\.2\.1 $/m);
	});

	it('aws-vpc: eni veths, rules to/from the pods, the secondary ENI\'s table 2, MTU 9001, loose rp_filter on eth0', () => {
		// networking-worker's range is 172.20.128.64/26: .64 is eth1's own address, odd offsets are eth1's pods.
		const kernel = kernelOf('aws-vpc', 'networking-worker');
		const {pods} = cluster('aws-vpc');
		const mine = pods.filter(pod => pod.node === 'networking-worker' && !pod.hostNetwork).map(pod => pod.ip).sort();
		expect(mine).toEqual(['172.20.128.65', '172.20.128.68']);
		expect(sh(kernel, 'ip rule')).toBe(
			[
				'0:\tfrom all lookup local',
				'512:\tfrom all to 172.20.128.65 lookup main',
				'512:\tfrom all to 172.20.128.68 lookup main',
				'1024:\tfrom all fwmark 0x80/0x80 lookup main',
				'1536:\tfrom 172.20.128.65 lookup 2',
				'32766:\tfrom all lookup main',
				'32767:\tfrom all lookup default',
				'',
			].join('\n'),
		);
		expect(JSON.parse(sh(kernel, 'ip -j rule'))).toContainEqual({priority: 1536, src: '172.20.128.65', table: '2'});
		expect(sh(kernel, 'ip route show table 2')).toBe('default via 172.20.0.1 dev eth1 \n172.20.0.1 dev eth1 scope link \n');
		const all = sh(kernel, 'ip route show table all');
		expect(all.indexOf('default via 172.20.0.1 dev eth1 table 2')).toBe(0);
		expect(sh(kernel, 'ip route')).toMatch(/^172\.20\.128\.65 dev eni[0-9a-f]{11} scope link \n172\.20\.128\.68 dev eni[0-9a-f]{11} scope link $/m);
		expect(sh(kernel, 'ip addr')).toContain('inet 172.20.128.64/16 brd 172.20.255.255 scope global noprefixroute eth1\n');
		expect(links(kernel).filter(device => device.ifname !== 'lo').map(device => device.mtu)).toEqual([9001, 9001, 9001, 9001]);
		expect(sh(kernel, 'cat /proc/sys/net/ipv4/conf/eth0/rp_filter /proc/sys/net/ipv4/conf/eth1/rp_filter')).toBe('2\n0\n');
	});
});
