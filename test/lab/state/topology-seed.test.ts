import {describe, expect, it} from 'vitest';
import {cidrContains} from '../../../source/net/ip.js';
import {seedTopology} from '../../../source/lab/state/topology-seed.js';

describe('seedTopology', () => {
	const topology = seedTopology();
	const byName = new Map(topology.nodes.map((node) => [node.name, node]));

	it('has the seed nodes, addresses, blocks and tunnel addresses', () => {
		expect(topology.name).toBe('networking');
		expect(topology.nodes.map((node) => [node.name, node.internalIp, node.block, node.tunnelAddress, node.podCidrs[0]])).toEqual([
			['networking-control-plane', '172.20.0.2', '192.168.223.128/26', '192.168.223.128', '192.168.0.0/24'],
			['networking-worker', '172.20.0.3', '192.168.78.128/26', '192.168.78.128', '192.168.1.0/24'],
			['networking-worker2', '172.20.0.5', '192.168.175.0/26', '192.168.175.0', '192.168.2.0/24'],
			['networking-worker3', '172.20.0.4', '192.168.21.128/26', '192.168.21.128', '192.168.3.0/24'],
		]);
		expect(byName.get('networking-worker2')?.mac).toBe('02:42:ac:14:00:05');
	});

	it('places the seed pods where the seed shows them', () => {
		const where = (name: string) => topology.pods.find((pod) => pod.name === name);
		expect(where('hello-world-7c64bd9f6b-lmhxb')).toMatchObject({node: 'networking-worker3', ip: '192.168.21.132'});
		expect(where('hello-world-7c64bd9f6b-s5cfz')).toMatchObject({node: 'networking-worker', ip: '192.168.78.132'});
		expect(where('hello-world-7c64bd9f6b-tpnrz')).toMatchObject({node: 'networking-worker2', ip: '192.168.175.5'});
		expect(where('coredns-558bd4d5db-k4j7g')).toMatchObject({node: 'networking-worker2', ip: '192.168.175.1', namespace: 'kube-system'});
		expect(where('calico-node-wf5n6')).toMatchObject({node: 'networking-worker2', ip: '172.20.0.5', hostNetwork: true});
		expect(where('kube-proxy-8gzgz')).toMatchObject({node: 'networking-worker2', hostNetwork: true});
		for (const component of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
			expect(where(`${component}-networking-control-plane`)).toMatchObject({hostNetwork: true, ip: '172.20.0.2'});
		}
	});

	it('keeps every pod IP inside its node block (or the node IP for host-network pods), unique', () => {
		const ips = new Set<string>();
		for (const pod of topology.pods) {
			const node = byName.get(pod.node)!;
			if (pod.hostNetwork) expect(pod.ip).toBe(node.internalIp);
			else {
				expect(cidrContains(node.block, pod.ip), `${pod.name} ${pod.ip}`).toBe(true);
				expect(ips.has(pod.ip)).toBe(false);
				ips.add(pod.ip);
			}
		}
		// worker2 runs exactly the two workloads whose /32 routes the seed shows; the control plane none.
		const workloads = (node: string) => topology.pods.filter((pod) => pod.node === node && !pod.hostNetwork).map((pod) => pod.ip);
		expect(workloads('networking-worker2').sort()).toEqual(['192.168.175.1', '192.168.175.5']);
		expect(workloads('networking-control-plane')).toEqual([]);
	});

	it('keeps hello-world at 3 replicas through a ReplicaSet', () => {
		expect(topology.replicaSets).toEqual([expect.objectContaining({name: 'hello-world-7c64bd9f6b', replicas: 3, namespace: 'default'})]);
	});
});
