/**
 * The seed's `networking` cluster (kind + Calico IPIP) as the network core sees it: four nodes with their
 * Calico annotations and blocks, the pods of Demo2, and worker2's route table in two spellings:
 * as the seed prints it (`route` without -n: truncated host names) and as `route -n` prints it.
 */
import type {ClusterNode, ClusterPod, Route} from '../../../source/net/types.js';
import {clusterNode, clusterPod, iface, route} from './routes.js';

function calicoNode(name: string, ip: string, tunnel: string, podCidr: string): ClusterNode {
	return clusterNode(name, {
		internalIps: [ip],
		podCidrs: [podCidr],
		annotations: {'projectcalico.org/IPv4Address': `${ip}/16`, 'projectcalico.org/IPv4IPIPTunnelAddr': tunnel},
	});
}

/** Calico ignores spec.podCIDR (kind still assigns 192.168.N.0/24 ranges); the blocks are /26. */
export const seedNodes: readonly ClusterNode[] = [
	calicoNode('networking-control-plane', '172.20.0.2', '192.168.223.128', '192.168.0.0/24'),
	calicoNode('networking-worker', '172.20.0.3', '192.168.78.128', '192.168.1.0/24'),
	calicoNode('networking-worker3', '172.20.0.4', '192.168.21.128', '192.168.3.0/24'),
	calicoNode('networking-worker2', '172.20.0.5', '192.168.175.0', '192.168.2.0/24'),
];

export const seedPods: readonly ClusterPod[] = [
	clusterPod('default', 'hello-world-7c64bd9f6b-lmhxb', 'networking-worker3', ['192.168.21.132']),
	clusterPod('default', 'hello-world-7c64bd9f6b-s5cfz', 'networking-worker', ['192.168.78.132']),
	clusterPod('default', 'hello-world-7c64bd9f6b-tpnrz', 'networking-worker2', ['192.168.175.5']),
	clusterPod('default', 'node-debugger-networking-control-plane-j8zww', 'networking-control-plane', ['172.20.0.2'], true),
	clusterPod('kube-system', 'calico-node-wf5n6', 'networking-worker2', ['172.20.0.5'], true),
	clusterPod('kube-system', 'coredns-558bd4d5db-k4j7g', 'networking-worker2', ['192.168.175.1']),
	clusterPod('kube-system', 'kube-proxy-8gzgz', 'networking-worker2', ['172.20.0.5'], true),
];

const named = {gatewayIsName: true, source: 'route-n', flags: 'UG'} as const;
const numeric = {source: 'route-n', flags: 'UG'} as const;
const shared: readonly Route[] = [
	route('172.20.0.0/16', {interface: 'eth0', source: 'route-n', flags: 'U'}),
	route('192.168.175.0/26', {kind: 'blackhole', kindUncertain: true, source: 'route-n', flags: 'U'}),
	route('192.168.175.1/32', {interface: 'cali7dac2757ae1', source: 'route-n', flags: 'UH'}),
	route('192.168.175.5/32', {interface: 'cali52440ec1550', source: 'route-n', flags: 'UH'}),
];

/** worker2 as the seed prints it (`route`, names cut to 15 characters). */
export const worker2Named: readonly Route[] = [
	route('default', {gateway: 'home', interface: 'eth0', ...named}),
	route('192.168.21.128/26', {gateway: 'networking-work', interface: 'tunl0', ...named}),
	route('192.168.78.128/26', {gateway: 'networking-work', interface: 'tunl0', ...named}),
	route('192.168.223.128/26', {gateway: 'networking-cont', interface: 'tunl0', ...named}),
	...shared,
];

/** worker2 as `route -n` prints it. */
export const worker2Numeric: readonly Route[] = [
	route('default', {gateway: '172.20.0.1', interface: 'eth0', ...numeric}),
	route('192.168.21.128/26', {gateway: '172.20.0.4', interface: 'tunl0', ...numeric}),
	route('192.168.78.128/26', {gateway: '172.20.0.3', interface: 'tunl0', ...numeric}),
	route('192.168.223.128/26', {gateway: '172.20.0.2', interface: 'tunl0', ...numeric}),
	...shared,
];

/** worker2's interfaces as `ip addr` would show them (tunl0 holds the IPIP tunnel address). */
export const worker2Interfaces = [
	iface('lo', {addresses: ['127.0.0.1/8']}),
	iface('eth0', {addresses: ['172.20.0.5/16']}),
	iface('tunl0', {addresses: ['192.168.175.0/32'], linkType: 'ipip', state: 'UNKNOWN', flags: ['NOARP', 'UP', 'LOWER_UP']}),
	iface('cali7dac2757ae1', {peerNetns: '1', peer: 'if4'}),
	iface('cali52440ec1550', {peerNetns: '2', peer: 'if4'}),
];
