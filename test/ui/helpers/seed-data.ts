/**
 * The seed's `networking` cluster as plain rows (what the kube store would hand the app), and
 * networking-worker2's `route -n` and interfaces as its debug pod would report them. Test data only.
 */
import type {ClusterSnapshot, NodeRow, PodRow, ProbeState} from '../../../source/kube/types.js';
import {calicoVethName} from '../../../source/net/calico-veth-name.js';
import {parseRouteN} from '../../../source/net/parse-route-n.js';
import type {Interface} from '../../../source/net/types.js';
import {iface as buildInterface, type InterfaceOptions} from '../../net/helpers/routes.js';

/** A fixed clock for frames that do not drift: 2025-01-01T00:00:00Z. */
export const fixedNow = Date.UTC(2025, 0, 1);

function nodeRow(name: string, role: string, internalIp: string, block: string, podCidr: string): NodeRow {
	const tunnel = block.split('/')[0] ?? '';
	return {
		name,
		ready: true,
		unschedulable: false,
		roles: [role],
		internalIp,
		externalIp: null,
		podCidrs: [podCidr],
		tunnels: [{kind: 'ipip', address: tunnel}],
		cluster: {
			name,
			internalIps: [internalIp],
			externalIps: [],
			podCidrs: [podCidr],
			annotations: {
				'projectcalico.org/IPv4Address': `${internalIp}/16`,
				'projectcalico.org/IPv4IPIPTunnelAddr': tunnel,
			},
		},
	};
}

export const seedNodeRows: readonly NodeRow[] = [
	nodeRow('networking-control-plane', 'control-plane', '172.20.0.2', '192.168.223.128/26', '192.168.0.0/24'),
	nodeRow('networking-worker', 'worker', '172.20.0.3', '192.168.78.128/26', '192.168.1.0/24'),
	nodeRow('networking-worker2', 'worker', '172.20.0.5', '192.168.175.0/26', '192.168.2.0/24'),
	nodeRow('networking-worker3', 'worker', '172.20.0.4', '192.168.21.128/26', '192.168.3.0/24'),
];

export function podRow(namespace: string, name: string, node: string, ip: string, hostNetwork = false): PodRow {
	return {
		namespace,
		name,
		uid: `uid-${namespace}-${name}`,
		ips: [ip],
		node,
		phase: 'Running',
		status: 'Running',
		ready: '1/1',
		restarts: 0,
		hostNetwork,
		hostIp: seedNodeRows.find(row => row.name === node)?.internalIp ?? null,
		createdAt: fixedNow - 36 * 60_000,
		cluster: {namespace, name, node, ips: [ip], hostNetwork, phase: 'Running'},
	};
}

export const seedPodRows: readonly PodRow[] = [
	podRow('default', 'hello-world-7c64bd9f6b-lmhxb', 'networking-worker3', '192.168.21.132'),
	podRow('default', 'hello-world-7c64bd9f6b-s5cfz', 'networking-worker', '192.168.78.132'),
	podRow('default', 'hello-world-7c64bd9f6b-tpnrz', 'networking-worker2', '192.168.175.5'),
	podRow('kube-system', 'calico-kube-controllers-6b7b9c649d-rq4zt', 'networking-worker3', '192.168.21.129'),
	podRow('kube-system', 'calico-node-wf5n6', 'networking-worker2', '172.20.0.5', true),
	podRow('kube-system', 'coredns-558bd4d5db-9qv2w', 'networking-worker', '192.168.78.129'),
	podRow('kube-system', 'coredns-558bd4d5db-k4j7g', 'networking-worker2', '192.168.175.1'),
];

export const helloWorker2Veth = calicoVethName('default', 'hello-world-7c64bd9f6b-tpnrz');
export const corednsWorker2Veth = calicoVethName('kube-system', 'coredns-558bd4d5db-k4j7g');

export const worker2RouteN = `Kernel IP routing table
Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
0.0.0.0         172.20.0.1      0.0.0.0         UG    0      0        0 eth0
172.20.0.0      0.0.0.0         255.255.0.0     U     0      0        0 eth0
192.168.21.128  172.20.0.4      255.255.255.192 UG    0      0        0 tunl0
192.168.78.128  172.20.0.3      255.255.255.192 UG    0      0        0 tunl0
192.168.223.128 172.20.0.2      255.255.255.192 UG    0      0        0 tunl0
192.168.175.0   0.0.0.0         255.255.255.192 U     0      0        0 *
192.168.175.1   0.0.0.0         255.255.255.255 UH    0      0        0 ${corednsWorker2Veth}
192.168.175.5   0.0.0.0         255.255.255.255 UH    0      0        0 ${helloWorker2Veth}
`;

export const worker2Routes = parseRouteN(worker2RouteN).routes;

/** The net tests' builder, with the link type these captures have (ether unless given). */
function iface(name: string, options: InterfaceOptions): Interface {
	return buildInterface(name, {linkType: 'ether', ...options});
}

export const worker2Interfaces: readonly Interface[] = [
	iface('lo', {index: 1, kind: 'loopback', role: 'loopback', state: 'UNKNOWN', mtu: 65536, linkType: 'loopback', addresses: ['127.0.0.1/8']}),
	iface('tunl0', {index: 2, kind: 'tunnel', role: 'calico-ipip', state: 'UNKNOWN', mtu: 1480, linkType: 'ipip', peer: 'NONE', addresses: ['192.168.175.0/32']}),
	iface(corednsWorker2Veth, {index: 4, kind: 'veth', role: 'calico-workload', peer: 'if3', peerIndex: 3, peerNetns: '1'}),
	iface(helloWorker2Veth, {index: 5, kind: 'veth', role: 'calico-workload', peer: 'if3', peerIndex: 3, peerNetns: '2'}),
	iface('eth0', {index: 9, kind: 'physical', role: 'uplink', peer: 'if10', peerIndex: 10, addresses: ['172.20.0.5/16']}),
];

export function liveSnapshot(overrides: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
	return {
		nodes: seedNodeRows,
		pods: seedPodRows,
		connection: {status: 'live', since: fixedNow - 12_000, error: null, fix: null, attempts: 0},
		limits: [],
		loading: {nodes: null, pods: null},
		version: 1,
		...overrides,
	};
}

export function readyProbe(overrides: Partial<ProbeState> = {}): ProbeState {
	return {
		node: 'networking-worker2',
		phase: 'ready',
		message: '',
		failure: null,
		podName: 'netinspect-debug-networking-worker2-x7k2p',
		image: 'busybox:1.37.0',
		routes: worker2Routes,
		routeChanges: [],
		interfaces: worker2Interfaces,
		warnings: [],
		refreshedAt: fixedNow - 2000,
		paused: false,
		...overrides,
	};
}
