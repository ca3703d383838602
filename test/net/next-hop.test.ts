import {describe, expect, it} from 'vitest';
import {buildClusterIndex} from '../../source/net/cluster-index.js';
import {nextHopNode, nodeForGateway, nodeForGatewayName} from '../../source/net/next-hop.js';
import {clusterNode, clusterPod, route} from './helpers/routes.js';
import {seedNodes, seedPods} from './helpers/seed-cluster.js';

const seed = buildClusterIndex(seedNodes, seedPods);

describe('nodeForGateway', () => {
	it('maps node IPs, tunnel addresses, Flannel subnets and pod CIDRs, in that order', () => {
		expect(nodeForGateway('172.20.0.3', seed)).toEqual({node: 'networking-worker', match: 'node-address', source: 'internal-ip'});
		const cluster = buildClusterIndex(
			[
				clusterNode('f', {podCidrs: ['10.244.2.0/24'], annotations: {'flannel.alpha.coreos.com/public-ip': '10.0.0.12'}}),
				clusterNode('c', {podCidrs: ['10.240.2.0/24'], annotations: {'projectcalico.org/IPv4VXLANTunnelAddr': '10.244.9.0'}}),
			],
			[],
		);
		expect(nodeForGateway('10.0.0.12', cluster)).toMatchObject({node: 'f', source: 'flannel-public-ip'});
		expect(nodeForGateway('10.244.9.0', cluster)).toMatchObject({node: 'c', source: 'calico-vxlan-tunnel'});
		expect(nodeForGateway('10.244.2.0', cluster)).toMatchObject({node: 'f', match: 'pod-cidr-network'});
		expect(nodeForGateway('10.240.2.230', cluster)).toMatchObject({node: 'c', match: 'pod-cidr'});
		expect(nodeForGateway('10.9.9.9', cluster)).toBeNull();
	});

	it('never maps link-local gateways or names', () => {
		const cluster = buildClusterIndex([clusterNode('x', {internalIps: ['169.254.1.1'], podCidrs: ['0.0.0.0/0']})], []);
		expect(nodeForGateway('169.254.1.1', cluster)).toBeNull();
		expect(nodeForGateway('fe80::1', cluster)).toBeNull();
		expect(nodeForGateway('networking-work', cluster)).toBeNull();
	});
});

describe('nodeForGatewayName (route without -n)', () => {
	it('infers the seed workers from where their pods run', () => {
		expect(nodeForGatewayName('networking-work', '192.168.21.128/26', seed)).toMatchObject({node: 'networking-worker3', match: 'pods-in-destination'});
		expect(nodeForGatewayName('networking-work', '192.168.78.128/26', seed)).toMatchObject({node: 'networking-worker', match: 'pods-in-destination'});
	});

	it('without pods in the block: the tunnel address in the block, or the only matching name', () => {
		expect(nodeForGatewayName('networking-cont', '192.168.223.128/26', seed)).toMatchObject({node: 'networking-control-plane', match: 'tunnel-address-in-destination'});
		expect(nodeForGatewayName('networking-work', '192.168.175.0/26', buildClusterIndex(seedNodes, []))).toMatchObject({node: 'networking-worker2'});
		const noTunnels = buildClusterIndex(seedNodes.map(node => ({...node, annotations: {}})), []);
		expect(nodeForGatewayName('networking-cont', '192.168.223.128/26', noTunnels)).toMatchObject({node: 'networking-control-plane', match: 'name'});
		expect(nodeForGatewayName('networking-work', '192.168.21.128/26', noTunnels)).toBeNull();
	});

	it('gives up when the pods of the block disagree or run on a node the name does not match', () => {
		const split = [...seedPods, clusterPod('default', 'other', 'networking-worker', ['192.168.21.140'])];
		expect(nodeForGatewayName('networking-work', '192.168.21.128/26', buildClusterIndex(seedNodes, split))).toBeNull();
		expect(nodeForGatewayName('networking-cont', '192.168.21.128/26', seed)).toBeNull();
		expect(nodeForGatewayName('home', '0.0.0.0/0', seed)).toBeNull();
	});

	it('accepts a full name and an FQDN', () => {
		expect(nodeForGatewayName('networking-worker2', '10.0.0.0/8', seed)).toMatchObject({node: 'networking-worker2', match: 'name'});
		expect(nodeForGatewayName('networking-worker2.kind', '10.0.0.0/8', seed)).toMatchObject({node: 'networking-worker2'});
	});
});

describe('nextHopNode', () => {
	it('dispatches on gatewayIsName and needs a gateway', () => {
		expect(nextHopNode(route('192.168.21.128/26', {gateway: '172.20.0.4', interface: 'tunl0'}), seed)?.node).toBe('networking-worker3');
		expect(nextHopNode(route('192.168.21.128/26', {gateway: 'networking-work', gatewayIsName: true, interface: 'tunl0'}), seed)?.node).toBe('networking-worker3');
		expect(nextHopNode(route('192.168.175.5', {interface: 'cali52440ec1550'}), seed)).toBeNull();
	});
});
