import {describe, expect, it} from 'vitest';
import {buildClusterIndex} from '../../source/net/cluster-index.js';
import {parseIp, parsePrefix} from '../../source/net/ip.js';
import {clusterNode, clusterPod} from './helpers/routes.js';
import {seedNodes, seedPods} from './helpers/seed-cluster.js';

const ip = (text: string) => parseIp(text)!;

describe('buildClusterIndex', () => {
	const index = buildClusterIndex(seedNodes, seedPods);

	it('maps node addresses from InternalIP and the Calico annotations (CIDR stripped)', () => {
		expect(index.nodeAddress(ip('172.20.0.4'))).toEqual({node: 'networking-worker3', address: '172.20.0.4', source: 'internal-ip'});
		expect(index.nodeAddress(ip('192.168.223.128'))).toMatchObject({node: 'networking-control-plane', source: 'calico-ipip-tunnel'});
		expect(index.nodeAddress(ip('172.20.0.9'))).toBeNull();
		const calicoOnly = buildClusterIndex([clusterNode('c', {annotations: {'projectcalico.org/IPv4Address': '10.2.0.50/19'}})], []);
		expect(calicoOnly.nodeAddress(ip('10.2.0.50'))?.source).toBe('calico-ipv4-address');
	});

	it('prefers a pod-network pod over hostNetwork pods sharing an IP', () => {
		expect(index.podAt(ip('172.20.0.5'))?.name).toBe('calico-node-wf5n6');
		expect(index.podsAt(ip('172.20.0.5')).map(pod => pod.name)).toEqual(['calico-node-wf5n6', 'kube-proxy-8gzgz']);
		const shared = buildClusterIndex([], [clusterPod('a', 'host', 'n', ['10.0.0.1'], true), clusterPod('a', 'real', 'n', ['10.0.0.1'])]);
		expect(shared.podAt(ip('10.0.0.1'))?.name).toBe('real');
	});

	it('lists pod-network pods inside a prefix (both families)', () => {
		expect(index.podsIn(parsePrefix('192.168.175.0/26')!).map(pod => pod.name).sort()).toEqual(['coredns-558bd4d5db-k4j7g', 'hello-world-7c64bd9f6b-tpnrz']);
		expect(index.podsIn(parsePrefix('192.168.175.64/26')!)).toEqual([]);
		expect(index.podsIn(parsePrefix('172.20.0.0/16')!)).toEqual([]);
		expect(index.podsIn(parsePrefix('0.0.0.0/0')!)).toHaveLength(4);
		const v6 = buildClusterIndex([], [clusterPod('a', 'p', 'n', ['fd00::5']), clusterPod('a', 'q', 'n', ['fd01::5'])]);
		expect(v6.podsIn(parsePrefix('fd00::/64')!).map(pod => pod.name)).toEqual(['p']);
	});

	it('finds pod CIDR owners by network address and by containment (most specific)', () => {
		const flannel = buildClusterIndex(
			[clusterNode('a', {podCidrs: ['10.244.0.0/16']}), clusterNode('b', {podCidrs: ['10.244.2.0/24', 'fd00:2::/64']})],
			[],
		);
		expect(flannel.nodeBySubnetAddress(ip('10.244.2.0'))).toBe('b');
		expect(flannel.nodeBySubnetAddress(ip('10.244.2.1'))).toBeNull();
		expect(flannel.nodeByPodCidr(ip('10.244.2.77'))).toBe('b');
		expect(flannel.nodeByPodCidr(ip('10.244.3.77'))).toBe('a');
		expect(flannel.nodeByPodCidr(ip('fd00:2::1'))).toBe('b');
		expect(flannel.nodeByPodCidr(ip('10.245.0.1'))).toBeNull();
	});
});
