/**
 * API objects (plain JSON: V1Node, V1Pod) → the compact rows the store keeps (NodeRow, PodRow) and the
 * ClusterNode/ClusterPod the network core reads. Every string is sanitized; IPs and CIDRs are validated
 * and canonical. Pure: no client-node, no timers.
 */
import {canonicalIp, parsePrefix} from '../net/ip.js';
import type {ClusterNode, ClusterPod} from '../net/types.js';
import {bool, list, record, stringMap, text, timestamp} from './json-fields.js';
import {intern} from './intern.js';
import {podStatusColumns} from './pod-status.js';
import type {NodeRow, PodRow, TunnelAddress} from './types.js';

const calicoTunnelAnnotations: readonly (readonly [string, TunnelAddress['kind']])[] = [
	['projectcalico.org/IPv4IPIPTunnelAddr', 'ipip'],
	['projectcalico.org/IPv4VXLANTunnelAddr', 'vxlan'],
	['projectcalico.org/IPv6VXLANTunnelAddr', 'vxlan'],
	['projectcalico.org/IPv4WireguardInterfaceAddr', 'wireguard'],
	['projectcalico.org/IPv6WireguardInterfaceAddr', 'wireguard'],
];

const flannelBackendAnnotation = 'flannel.alpha.coreos.com/backend-type';

function uniqueSorted(values: readonly string[]): readonly string[] {
	return [...new Set(values)].sort();
}

function canonicalCidr(value: string): string | null {
	return value.includes('/') ? (parsePrefix(value)?.cidr ?? null) : null;
}

/** spec.podCIDRs, else spec.podCIDR; canonical, invalid entries dropped. */
function podCidrs(spec: Readonly<Record<string, unknown>>): readonly string[] {
	const many = list(spec['podCIDRs']).map(text);
	const single = text(spec['podCIDR']);
	const values = many.length > 0 ? many : [single];
	return values.flatMap(value => {
		const cidr = value === null ? null : canonicalCidr(value);
		return cidr ? [cidr] : [];
	});
}

/** Node roles from `node-role.kubernetes.io/<role>` labels and `kubernetes.io/role`, as kubectl finds them. */
export function nodeRoles(labels: Readonly<Record<string, string>>): readonly string[] {
	const roles: string[] = [];
	for (const [key, value] of Object.entries(labels)) {
		if (key.startsWith('node-role.kubernetes.io/')) {
			const role = key.slice('node-role.kubernetes.io/'.length);
			if (role) roles.push(role);
		} else if (key === 'kubernetes.io/role' && value) {
			roles.push(value);
		}
	}
	return uniqueSorted(roles);
}

/**
 * Tunnel addresses a node advertises: Calico's IPIP/VXLAN/WireGuard annotations, and for Flannel the
 * `flannel.N` device address, which is the network address of the node's IPv4 pod CIDR.
 */
export function nodeTunnels(
	annotations: Readonly<Record<string, string>>,
	cidrs: readonly string[],
): readonly TunnelAddress[] {
	const tunnels: TunnelAddress[] = [];
	for (const [annotation, kind] of calicoTunnelAnnotations) {
		const value = annotations[annotation];
		const address = value === undefined ? null : canonicalIp(value.split('/')[0] ?? '');
		if (address) tunnels.push({kind, address});
	}
	if (annotations[flannelBackendAnnotation] !== undefined) {
		for (const cidr of cidrs) {
			const prefix = parsePrefix(cidr);
			if (prefix) tunnels.push({kind: 'flannel', address: prefix.address});
		}
	}
	return tunnels;
}

function nodeAddresses(status: Readonly<Record<string, unknown>>, type: string): readonly string[] {
	return list(status['addresses']).flatMap(entry => {
		const address = record(entry);
		if (address['type'] !== type || typeof address['address'] !== 'string') return [];
		const ip = canonicalIp(address['address']);
		return ip ? [ip] : [];
	});
}

function readyCondition(status: Readonly<Record<string, unknown>>): boolean | null {
	for (const entry of list(status['conditions'])) {
		const condition = record(entry);
		if (condition['type'] !== 'Ready') continue;
		// As kubectl's printNode: a Ready condition that is not True (False or Unknown) is NotReady.
		return condition['status'] === 'True';
	}
	return null;
}

/** The node as the network core sees it; null when it has no name. */
export function nodeToCluster(node: unknown): ClusterNode | null {
	const object = record(node);
	const metadata = record(object['metadata']);
	const name = text(metadata['name']);
	if (!name) return null;
	const status = record(object['status']);
	return {
		name,
		internalIps: nodeAddresses(status, 'InternalIP'),
		externalIps: nodeAddresses(status, 'ExternalIP'),
		podCidrs: podCidrs(record(object['spec'])),
		annotations: stringMap(metadata['annotations']),
	};
}

export function nodeToRow(node: unknown): NodeRow | null {
	const cluster = nodeToCluster(node);
	if (!cluster) return null;
	const object = record(node);
	const metadata = record(object['metadata']);
	const spec = record(object['spec']);
	return {
		name: cluster.name,
		ready: readyCondition(record(object['status'])),
		unschedulable: bool(spec['unschedulable']),
		roles: nodeRoles(stringMap(metadata['labels'])),
		internalIp: cluster.internalIps[0] ?? null,
		externalIp: cluster.externalIps[0] ?? null,
		podCidrs: cluster.podCidrs,
		tunnels: nodeTunnels(cluster.annotations, cluster.podCidrs),
		cluster,
	};
}

/** A node address many pods share: canonical and interned, or null. */
function internIp(value: string | null): string | null {
	const ip = value === null ? null : canonicalIp(value);
	return ip === null ? null : intern(ip);
}

/** status.podIPs, else status.podIP; canonical, invalid entries dropped, order kept. */
function podIps(status: Readonly<Record<string, unknown>>): readonly string[] {
	const many = list(status['podIPs']).map(entry => record(entry)['ip']);
	const values = many.length > 0 ? many : [status['podIP']];
	const ips: string[] = [];
	for (const value of values) {
		const ip = typeof value === 'string' ? canonicalIp(value) : null;
		if (ip && !ips.includes(ip)) ips.push(ip);
	}
	return ips;
}

/** The pod as the network core sees it; null when it has no name. */
export function podToCluster(pod: unknown): ClusterPod | null {
	const object = record(pod);
	const metadata = record(object['metadata']);
	const name = text(metadata['name']);
	if (!name) return null;
	const spec = record(object['spec']);
	const status = record(object['status']);
	const node = text(spec['nodeName']);
	const phase = text(status['phase']);
	return {
		namespace: intern(text(metadata['namespace']) ?? 'default'),
		name,
		node: node ? intern(node) : null,
		ips: podIps(status),
		hostNetwork: bool(spec['hostNetwork']),
		phase: phase ? intern(phase) : null,
	};
}

export function podToRow(pod: unknown): PodRow | null {
	const cluster = podToCluster(pod);
	if (!cluster) return null;
	const metadata = record(record(pod)['metadata']);
	const status = record(record(pod)['status']);
	const columns = podStatusColumns(pod);
	return {
		namespace: cluster.namespace,
		name: cluster.name,
		uid: text(metadata['uid']) ?? '',
		ips: cluster.ips,
		node: cluster.node,
		phase: cluster.phase,
		status: intern(columns.status),
		ready: intern(columns.ready),
		restarts: columns.restarts,
		hostNetwork: cluster.hostNetwork,
		hostIp: internIp(text(status['hostIP'])),
		createdAt: timestamp(metadata['creationTimestamp']),
		cluster,
	};
}

/**
 * Node rows as far as pods tell them (for users who may not list nodes): each `spec.nodeName` with the
 * `status.hostIP` its pods report as InternalIP; readiness, roles, pod CIDRs and tunnels stay unknown.
 * Sorted by name.
 */
export function nodesFromPods(pods: readonly PodRow[]): readonly NodeRow[] {
	const hostIps = new Map<string, string | null>();
	for (const pod of pods) {
		if (pod.node === null) continue;
		if (!hostIps.has(pod.node) || (hostIps.get(pod.node) === null && pod.hostIp !== null)) hostIps.set(pod.node, pod.hostIp);
	}
	return [...hostIps.keys()].sort().map(name => {
		const internalIp = hostIps.get(name) ?? null;
		return {
			name,
			ready: null,
			unschedulable: false,
			roles: [],
			internalIp,
			externalIp: null,
			podCidrs: [],
			tunnels: [],
			cluster: {name, internalIps: internalIp === null ? [] : [internalIp], externalIps: [], podCidrs: [], annotations: {}},
		};
	});
}

/** `Ready`, `NotReady,SchedulingDisabled`, `Unknown`: the STATUS column of `kubectl get nodes`. */
export function nodeStatusText(row: NodeRow): string {
	const base = row.ready === true ? 'Ready' : row.ready === false ? 'NotReady' : 'Unknown';
	return row.unschedulable ? `${base},SchedulingDisabled` : base;
}

/** Items of `kubectl get … -o json` output: a List (`items`), a bare array, or one object. */
function itemsOf(value: unknown): readonly unknown[] {
	if (Array.isArray(value)) return value;
	const object = record(value);
	if (Array.isArray(object['items'])) return object['items'];
	return object['metadata'] === undefined ? [] : [value];
}

/** `kubectl get nodes -o json` (or one node, or an array) → ClusterNodes; nameless items are skipped. */
export function clusterNodesFromList(value: unknown): readonly ClusterNode[] {
	return itemsOf(value).flatMap(item => {
		const node = nodeToCluster(item);
		return node ? [node] : [];
	});
}

/** `kubectl get pods -A -o json` (or one pod, or an array) → ClusterPods; nameless items are skipped. */
export function clusterPodsFromList(value: unknown): readonly ClusterPod[] {
	return itemsOf(value).flatMap(item => {
		const pod = podToCluster(item);
		return pod ? [pod] : [];
	});
}
