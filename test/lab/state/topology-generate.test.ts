import {describe, expect, it} from 'vitest';
import {cidrContains} from '../../../source/net/ip.js';
import {generateTopology, podsPerBlock} from '../../../source/lab/state/topology-generate.js';

describe('generateTopology', () => {
	it('is deterministic for a seed and differs across seeds', () => {
		const a = generateTopology({nodes: 20, pods: 300, seed: 7});
		expect(JSON.stringify(generateTopology({nodes: 20, pods: 300, seed: 7}))).toBe(JSON.stringify(a));
		expect(JSON.stringify(generateTopology({nodes: 20, pods: 300, seed: 8}))).not.toBe(JSON.stringify(a));
	});

	it('makes N nodes with distinct /26 blocks and M application pods inside their node blocks', () => {
		const topology = generateTopology({nodes: 50, pods: 1000, seed: 3});
		expect(topology.nodes).toHaveLength(50);
		expect(topology.nodes[0]!.role).toBe('control-plane');
		expect(new Set(topology.nodes.map((node) => node.block)).size).toBe(50);
		expect(new Set(topology.nodes.map((node) => node.internalIp)).size).toBe(50);
		const apps = topology.pods.filter((pod) => !pod.hostNetwork);
		expect(apps).toHaveLength(1000);
		const nodes = new Map(topology.nodes.map((node) => [node.name, node]));
		for (const pod of apps) {
			const node = nodes.get(pod.node)!;
			expect(node.role).toBe('worker');
			expect(cidrContains(node.block, pod.ip)).toBe(true);
			expect(pod.ip).not.toBe(node.tunnelAddress);
		}
		expect(new Set(apps.map((pod) => pod.ip)).size).toBe(1000);
		expect(new Set(topology.pods.map((pod) => `${pod.namespace}/${pod.name}`)).size).toBe(topology.pods.length);
		expect(topology.replicaSets?.reduce((sum, replicaSet) => sum + replicaSet.replicas, 0)).toBe(1000);
		// calico-node and kube-proxy on every node.
		expect(topology.pods.filter((pod) => pod.hostNetwork)).toHaveLength(100);
	});

	it('refuses more pods than the workers blocks hold', () => {
		expect(() => generateTopology({nodes: 3, pods: 2 * podsPerBlock + 1})).toThrow(RangeError);
		expect(generateTopology({nodes: 3, pods: 2 * podsPerBlock}).pods.filter((pod) => !pod.hostNetwork)).toHaveLength(2 * podsPerBlock);
	});
});
