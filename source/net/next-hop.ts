/**
 * Which node a route's gateway is. Pure.
 *
 * An IP gateway maps, in this order, to: a node address (InternalIP, ExternalIP, Calico IPv4Address/IPv6Address,
 * Flannel public-ip, Calico IPIP/VXLAN/WireGuard tunnel addresses), the node whose pod CIDR's network address it
 * is (Flannel VXLAN: `10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink`), or the node whose pod CIDR contains
 * it (Cilium's router IP). Link-local gateways (169.254.0.0/16, fe80::/10) mean nothing without their device and
 * map to no node.
 *
 * A gateway that is a host name (`route` without `-n` cuts names to 15 characters, so the seed prints
 * `networking-work` for three workers) matches the nodes whose name starts with it. When the API has pods inside
 * the route's destination, they decide: all on one matching node → that node, else unknown. Without such pods:
 * a matching node whose tunnel address or pod CIDR lies in the destination, else the only matching node.
 */
import {parseIp, parsePrefix, type IpAddress, type Prefix} from './ip.js';
import type {ClusterIndex, NodeAddressSource} from './cluster-index.js';
import type {Route} from './types.js';

export type NextHopMatch =
	| 'node-address' // the gateway is one of the node's addresses (see `source`)
	| 'pod-cidr-network' // the gateway is the network address of the node's pod CIDR (Flannel VXLAN)
	| 'pod-cidr' // the gateway lies inside the node's pod CIDR
	| 'pods-in-destination' // named gateway: the API's pods inside the destination all run on this node
	| 'tunnel-address-in-destination' // named gateway: the node's tunnel address lies in the destination
	| 'pod-cidr-of-destination' // named gateway: the node's pod CIDR contains the destination
	| 'name'; // named gateway: the only node whose name matches

export type NextHopNode = {
	readonly node: string;
	readonly match: NextHopMatch;
	/** For `node-address`: which address matched. */
	readonly source: NodeAddressSource | null;
};

function isLinkLocal(ip: IpAddress): boolean {
	if (ip.family === 4) return ip.value >>> 16 === 0xa9fe;
	return ip.value >> 118n === 0x3fan;
}

/** The node behind an IP gateway, or null. */
export function nodeForGateway(gateway: string, cluster: ClusterIndex): NextHopNode | null {
	const ip = parseIp(gateway);
	if (!ip || isLinkLocal(ip)) return null;
	const address = cluster.nodeAddress(ip);
	if (address) return {node: address.node, match: 'node-address', source: address.source};
	const subnet = cluster.nodeBySubnetAddress(ip);
	if (subnet) return {node: subnet, match: 'pod-cidr-network', source: null};
	const owner = cluster.nodeByPodCidr(ip);
	if (owner) return {node: owner, match: 'pod-cidr', source: null};
	return null;
}

const tunnelSources: ReadonlySet<NodeAddressSource> = new Set([
	'calico-ipip-tunnel',
	'calico-vxlan-tunnel',
	'calico-vxlan-v6-tunnel',
	'calico-wireguard',
]);

function nameMatches(nodeName: string, gateway: string): boolean {
	return nodeName === gateway || nodeName.startsWith(gateway) || gateway.startsWith(`${nodeName}.`);
}

function inPrefix(prefix: Prefix, text: string): boolean {
	const network = parseIp(prefix.address);
	const ip = parseIp(text);
	if (!network || !ip || network.family !== ip.family) return false;
	if (ip.family === 4 && network.family === 4) {
		const shift = 32 - prefix.length;
		return prefix.length === 0 || Math.floor(ip.value / 2 ** shift) === Math.floor(network.value / 2 ** shift);
	}
	const shift = BigInt((ip.family === 4 ? 32 : 128) - prefix.length);
	return BigInt(ip.value) >> shift === BigInt(network.value) >> shift;
}

function single(names: ReadonlySet<string>): string | null {
	if (names.size !== 1) return null;
	const [only] = names;
	return only ?? null;
}

/** The node behind a gateway that is a (possibly truncated) host name, given the route's destination. */
export function nodeForGatewayName(gateway: string, destination: string, cluster: ClusterIndex): NextHopNode | null {
	const name = gateway.trim();
	if (name === '') return null;
	const exact = cluster.node(name);
	if (exact) return {node: exact.name, match: 'name', source: null};
	const candidates = new Set(cluster.nodes.filter(node => nameMatches(node.name, name)).map(node => node.name));
	if (candidates.size === 0) return null;
	const prefix = parsePrefix(destination);
	if (prefix && prefix.length > 0) {
		const pods = cluster.podsIn(prefix);
		if (pods.length > 0) {
			const hosts = new Set(pods.map(pod => pod.node ?? ''));
			const host = single(hosts);
			return host && candidates.has(host) ? {node: host, match: 'pods-in-destination', source: null} : null;
		}
		const tunnels = new Set(
			cluster.nodeAddresses
				.filter(entry => tunnelSources.has(entry.source) && candidates.has(entry.node) && inPrefix(prefix, entry.address))
				.map(entry => entry.node),
		);
		const tunnel = single(tunnels);
		if (tunnel) return {node: tunnel, match: 'tunnel-address-in-destination', source: null};
		const network = parseIp(prefix.address);
		const cidrOwner = network ? cluster.nodeByPodCidr(network) : null;
		if (cidrOwner && candidates.has(cidrOwner)) return {node: cidrOwner, match: 'pod-cidr-of-destination', source: null};
	}
	const only = single(candidates);
	return only ? {node: only, match: 'name', source: null} : null;
}

/** The node a route's (first) gateway leads to, or null when it has none or it maps to no node. */
export function nextHopNode(route: Route, cluster: ClusterIndex): NextHopNode | null {
	if (route.gateway === null) return null;
	return route.gatewayIsName ? nodeForGatewayName(route.gateway, route.destination, cluster) : nodeForGateway(route.gateway, cluster);
}
