/**
 * The seed's `networking` cluster as the kernel tests need it, built here from the brief's numbers (so the
 * kernel tests do not depend on lab/state's topology; one test cross-checks against it).
 */
import type {LabNode, LabPodNetwork} from '../../../../source/lab/topology-types.js';

function mac(ip: string): string {
	return ['02', '42', ...ip.split('.').map(octet => Number(octet).toString(16).padStart(2, '0'))].join(':');
}

function node(name: string, internalIp: string, block: string, podCidr: string): LabNode {
	return {
		name,
		role: name.endsWith('control-plane') ? 'control-plane' : 'worker',
		internalIp,
		nodeNetwork: '172.20.0.0/16',
		gateway: '172.20.0.1',
		podCidrs: [podCidr],
		block,
		tunnelAddress: block.split('/')[0]!,
		mac: mac(internalIp),
		ready: true,
		kubeletVersion: 'v1.32.2',
	};
}

export const seedNodes: readonly LabNode[] = [
	node('networking-control-plane', '172.20.0.2', '192.168.223.128/26', '192.168.0.0/24'),
	node('networking-worker', '172.20.0.3', '192.168.78.128/26', '192.168.1.0/24'),
	node('networking-worker2', '172.20.0.5', '192.168.175.0/26', '192.168.2.0/24'),
	node('networking-worker3', '172.20.0.4', '192.168.21.128/26', '192.168.3.0/24'),
];

function pod(namespace: string, name: string, nodeName: string, ip: string, hostNetwork = false): LabPodNetwork {
	return {namespace, name, node: nodeName, ip, hostNetwork};
}

/** The pods of the seed's Demo2 listing (and the host-network pods that must not get a veth). */
export const seedPods: readonly LabPodNetwork[] = [
	pod('default', 'hello-world-7c64bd9f6b-lmhxb', 'networking-worker3', '192.168.21.132'),
	pod('default', 'hello-world-7c64bd9f6b-s5cfz', 'networking-worker', '192.168.78.132'),
	pod('default', 'hello-world-7c64bd9f6b-tpnrz', 'networking-worker2', '192.168.175.5'),
	pod('kube-system', 'coredns-558bd4d5db-k4j7g', 'networking-worker2', '192.168.175.1'),
	pod('kube-system', 'calico-node-wf5n6', 'networking-worker2', '172.20.0.5', true),
	pod('kube-system', 'kube-proxy-8gzgz', 'networking-worker2', '172.20.0.5', true),
	pod('default', 'node-debugger-networking-control-plane-j8zww', 'networking-control-plane', '172.20.0.2', true),
];

/**
 * The seed's `route` tables in `-n` form: `home` and `networking-*` replaced by their 172.20.0.x addresses,
 * `default` by 0.0.0.0. Row order is the kernel's (by destination): the seed lists worker2's
 * 192.168.223.128 row before 192.168.175.0, which no kernel prints (fib trie dumps are sorted by key; see
 * namespace-parity.test.ts, which runs the real `route -n` on these routes).
 */
export const seedRouteN: Readonly<Record<string, string>> = {
	'networking-control-plane': [
		'Kernel IP routing table',
		'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
		'0.0.0.0         172.20.0.1      0.0.0.0         UG    0      0        0 eth0',
		'172.20.0.0      0.0.0.0         255.255.0.0     U     0      0        0 eth0',
		'192.168.21.128  172.20.0.4      255.255.255.192 UG    0      0        0 tunl0',
		'192.168.78.128  172.20.0.3      255.255.255.192 UG    0      0        0 tunl0',
		'192.168.175.0   172.20.0.5      255.255.255.192 UG    0      0        0 tunl0',
		'192.168.223.128 0.0.0.0         255.255.255.192 U     0      0        0 *',
		'',
	].join('\n'),
	'networking-worker2': [
		'Kernel IP routing table',
		'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
		'0.0.0.0         172.20.0.1      0.0.0.0         UG    0      0        0 eth0',
		'172.20.0.0      0.0.0.0         255.255.0.0     U     0      0        0 eth0',
		'192.168.21.128  172.20.0.4      255.255.255.192 UG    0      0        0 tunl0',
		'192.168.78.128  172.20.0.3      255.255.255.192 UG    0      0        0 tunl0',
		'192.168.175.0   0.0.0.0         255.255.255.192 U     0      0        0 *',
		'192.168.175.1   0.0.0.0         255.255.255.255 UH    0      0        0 cali7dac2757ae1',
		'192.168.175.5   0.0.0.0         255.255.255.255 UH    0      0        0 cali52440ec1550',
		'192.168.223.128 172.20.0.2      255.255.255.192 UG    0      0        0 tunl0',
		'',
	].join('\n'),
};
