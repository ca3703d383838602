/**
 * Fast lookups over one cluster snapshot (nodes and pods as the API reports them), built once and shared by
 * every verdict: which pod owns an IP, which node an address belongs to, whose pod CIDR holds an address,
 * which pods live inside a prefix. Pure.
 */
import {formatIp, parseIp, parsePrefix, type IpAddress, type Prefix} from './ip.js';
import {parseIpFast} from './ipv4-fast.js';
import type {ClusterNode, ClusterPod} from './types.js';

/** Where a node address came from, in the order they are trusted (first wins when two nodes claim one IP). */
export type NodeAddressSource =
	| 'internal-ip'
	| 'external-ip'
	| 'calico-ipv4-address'
	| 'calico-ipv6-address'
	| 'flannel-public-ip'
	| 'flannel-public-ipv6'
	| 'calico-ipip-tunnel'
	| 'calico-vxlan-tunnel'
	| 'calico-vxlan-v6-tunnel'
	| 'calico-wireguard';

export type NodeAddress = {readonly node: string; readonly address: string; readonly source: NodeAddressSource};

/** Annotation → source, in trust order. Calico's IPv4Address/IPv6Address are CIDRs (the `/len` is stripped). */
const annotationSources: ReadonlyArray<readonly [string, NodeAddressSource]> = [
	['projectcalico.org/IPv4Address', 'calico-ipv4-address'],
	['projectcalico.org/IPv6Address', 'calico-ipv6-address'],
	['flannel.alpha.coreos.com/public-ip', 'flannel-public-ip'],
	['flannel.alpha.coreos.com/public-ipv6', 'flannel-public-ipv6'],
	['projectcalico.org/IPv4IPIPTunnelAddr', 'calico-ipip-tunnel'],
	['projectcalico.org/IPv4VXLANTunnelAddr', 'calico-vxlan-tunnel'],
	['projectcalico.org/IPv6VXLANTunnelAddr', 'calico-vxlan-v6-tunnel'],
	['projectcalico.org/IPv4WireguardInterfaceAddr', 'calico-wireguard'],
];

/** Sources that name a node's own (underlay) address rather than an overlay/tunnel address. */
export const underlaySources: ReadonlySet<NodeAddressSource> = new Set([
	'internal-ip',
	'external-ip',
	'calico-ipv4-address',
	'calico-ipv6-address',
	'flannel-public-ip',
	'flannel-public-ipv6',
]);

export type PodCidr = {readonly node: string; readonly prefix: Prefix; readonly network: IpAddress};

/** One pod IP, parsed once when the index is built. */
export type PodAddress = {readonly pod: ClusterPod; readonly text: string; readonly ip: IpAddress};

export type ClusterIndex = {
	readonly nodes: readonly ClusterNode[];
	readonly pods: readonly ClusterPod[];
	/** Every parsable pod IP (status.podIPs) in pod order, canonical text; unparsable ones are left out. */
	readonly podAddresses: readonly PodAddress[];
	node(name: string): ClusterNode | null;
	/** The node an address belongs to (InternalIP, ExternalIP, Calico and Flannel annotations). */
	nodeAddress(ip: IpAddress): NodeAddress | null;
	/** Every address the nodes announce, in trust order. */
	readonly nodeAddresses: readonly NodeAddress[];
	/** The pod that owns an IP: a pod-network pod before hostNetwork pods (which share their node's IP). */
	podAt(ip: IpAddress): ClusterPod | null;
	/** Every pod that reports this IP. */
	podsAt(ip: IpAddress): readonly ClusterPod[];
	/** Pods (not hostNetwork) with an IP inside the prefix, each once. */
	podsIn(prefix: Prefix): readonly ClusterPod[];
	/** Every node pod CIDR (spec.podCIDRs). */
	readonly podCidrs: readonly PodCidr[];
	/** The node whose pod CIDR has exactly this network address (Flannel VXLAN's gateway convention). */
	nodeBySubnetAddress(ip: IpAddress): string | null;
	/** The node whose pod CIDR contains the address (the most specific when several do). */
	nodeByPodCidr(ip: IpAddress): string | null;
};

/** A Map key per address: the uint32 itself for IPv4, canonical-ish text for IPv6. */
function keyOf(ip: IpAddress): number | string {
	return ip.family === 4 ? ip.value : `6:${ip.value.toString(16)}`;
}

function containsValue(prefix: Prefix, network: IpAddress, ip: IpAddress): boolean {
	if (ip.family !== network.family) return false;
	if (ip.family === 4 && network.family === 4) {
		if (prefix.length === 0) return true;
		const shift = 32 - prefix.length;
		return Math.floor(ip.value / 2 ** shift) === Math.floor(network.value / 2 ** shift);
	}
	const shift = BigInt(128 - prefix.length);
	return BigInt(ip.value) >> shift === BigInt(network.value) >> shift;
}

/** Parses an IP or CIDR annotation value into its address (Calico's IPv4Address is `172.20.0.2/16`). */
function annotationAddress(value: string): IpAddress | null {
	const trimmed = value.trim();
	const slash = trimmed.indexOf('/');
	return parseIp(slash === -1 ? trimmed : trimmed.slice(0, slash));
}

export function buildClusterIndex(nodes: readonly ClusterNode[], pods: readonly ClusterPod[]): ClusterIndex {
	const nodesByName = new Map<string, ClusterNode>();
	for (const node of nodes) if (!nodesByName.has(node.name)) nodesByName.set(node.name, node);

	const nodeAddresses: NodeAddress[] = [];
	const addressByKey = new Map<number | string, NodeAddress>();
	const addAddress = (node: string, ip: IpAddress | null, source: NodeAddressSource): void => {
		if (!ip) return;
		const entry: NodeAddress = {node, address: formatIp(ip), source};
		nodeAddresses.push(entry);
		const key = keyOf(ip);
		if (!addressByKey.has(key)) addressByKey.set(key, entry);
	};
	// Trust order across the whole cluster: every node's InternalIP before anyone's tunnel address.
	for (const node of nodes) for (const text of node.internalIps) addAddress(node.name, parseIp(text.trim()), 'internal-ip');
	for (const node of nodes) for (const text of node.externalIps) addAddress(node.name, parseIp(text.trim()), 'external-ip');
	for (const [annotation, source] of annotationSources) {
		for (const node of nodes) {
			const value = node.annotations[annotation];
			if (value !== undefined) addAddress(node.name, annotationAddress(value), source);
		}
	}

	const podCidrs: PodCidr[] = [];
	const subnetByKey = new Map<number | string, string>();
	for (const node of nodes) {
		for (const text of node.podCidrs) {
			const prefix = parsePrefix(text.trim());
			const network = prefix ? parseIp(prefix.address) : null;
			if (!prefix || !network) continue;
			podCidrs.push({node: node.name, prefix, network});
			const key = keyOf(network);
			if (!subnetByKey.has(key)) subnetByKey.set(key, node.name);
		}
	}

	const podsByKey = new Map<number | string, ClusterPod[]>();
	const podAddresses: PodAddress[] = [];
	for (const pod of pods) {
		for (const text of pod.ips) {
			const ip = parseIpFast(text.trim());
			if (!ip) continue;
			podAddresses.push({pod, text: ip.family === 4 ? text.trim() : formatIp(ip), ip});
			const key = keyOf(ip);
			const list = podsByKey.get(key);
			if (!list) podsByKey.set(key, [pod]);
			else if (!list.includes(pod)) list.push(pod);
		}
	}

	// Sorted pod-network IPs, built on first use (only named gateways need "pods inside this block").
	let sorted: {readonly v4: Float64Array; readonly v4Pods: readonly ClusterPod[]; readonly v6: ReadonlyArray<readonly [bigint, ClusterPod]>} | null = null;
	const sortedPods = () => {
		if (sorted) return sorted;
		const v4: Array<readonly [number, ClusterPod]> = [];
		const v6: Array<readonly [bigint, ClusterPod]> = [];
		for (const {pod, ip} of podAddresses) {
			if (pod.hostNetwork) continue;
			if (ip.family === 4) v4.push([ip.value, pod]);
			else v6.push([ip.value, pod]);
		}
		v4.sort((a, b) => a[0] - b[0]);
		sorted = {v4: Float64Array.from(v4, entry => entry[0]), v4Pods: v4.map(entry => entry[1]), v6};
		return sorted;
	};

	const podsAt = (ip: IpAddress): readonly ClusterPod[] => podsByKey.get(keyOf(ip)) ?? [];

	return {
		nodes,
		pods,
		podAddresses,
		node: name => nodesByName.get(name) ?? null,
		nodeAddress: ip => addressByKey.get(keyOf(ip)) ?? null,
		nodeAddresses,
		podAt(ip) {
			const list = podsAt(ip);
			return list.find(pod => !pod.hostNetwork) ?? list[0] ?? null;
		},
		podsAt,
		podsIn(prefix) {
			const network = parseIp(prefix.address);
			if (!network) return [];
			const {v4, v4Pods, v6} = sortedPods();
			const found: ClusterPod[] = [];
			if (network.family === 4) {
				const size = 2 ** (32 - prefix.length);
				const start = network.value;
				let low = 0;
				let high = v4.length;
				while (low < high) {
					const middle = (low + high) >>> 1;
					if (v4[middle]! < start) low = middle + 1;
					else high = middle;
				}
				for (let i = low; i < v4.length && v4[i]! < start + size; i++) found.push(v4Pods[i]!);
			} else {
				for (const [value, pod] of v6) if (containsValue(prefix, network, {family: 6, value})) found.push(pod);
			}
			return [...new Set(found)];
		},
		podCidrs,
		nodeBySubnetAddress: ip => subnetByKey.get(keyOf(ip)) ?? null,
		nodeByPodCidr(ip) {
			let best: PodCidr | null = null;
			for (const cidr of podCidrs) {
				if (containsValue(cidr.prefix, cidr.network, ip) && (!best || cidr.prefix.length > best.prefix.length)) best = cidr;
			}
			return best?.node ?? null;
		},
	};
}

