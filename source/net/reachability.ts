/**
 * Verdicts: where one node sends one IP (route-and-addr-formats.md §6). Pure.
 *
 * Order of the rules: an address of this node (interface addresses and local-table `local` routes) is
 * `local-address`; otherwise the main table's longest-prefix match decides (route-table.ts). A `throw` match
 * falls through to `no-route` (other tables and `ip rule` are not modelled: `policy-routed` is future work).
 * For a unicast match the device decides: `cilium_host` → `cni-datapath`; a no-gateway host route to a
 * pod-side veth, or a connected route on a CNI bridge → `local-pod`; the default route → `via-default`; a
 * tunnel device → `tunnel-to-node`; a gateway that is a node's own address → `direct-to-node`; any other
 * gateway → `via-gateway`; no gateway → `on-link`.
 */
import {calicoVethName} from './calico-veth-name.js';
import type {ClusterIndex} from './cluster-index.js';
import {underlaySources} from './cluster-index.js';
import {classifyInterface} from './interface-kind.js';
import {formatIp, maxLength, parseIp, parsePrefix, type Family, type IpAddress} from './ip.js';
import {nextHopNode, type NextHopNode} from './next-hop.js';
import {buildRouteTable, type RouteTable} from './route-table.js';
import type {ClusterPod, Interface, InterfaceRole, PodRef, Problem, Route, SourceFormat, Verdict} from './types.js';

/** What one node reported: its route tables (any tables, both families) and its interfaces. */
export type NodeNetwork = {
	/** The node the output came from, when known (needed for local pods and pod-on-other-node). */
	readonly node: string | null;
	readonly routes: readonly Route[];
	readonly interfaces: readonly Interface[];
};

export type PreparedNetwork = {
	readonly node: string | null;
	readonly routes: readonly Route[];
	readonly interfaces: readonly Interface[];
	readonly table: RouteTable;
	readonly interfacesByName: ReadonlyMap<string, Interface>;
	/** Local addresses (canonical text) → the device holding them (null when only a route names it). */
	readonly localAddresses: ReadonlyMap<string, string | null>;
	/** Tables other than main and local found in the input: ignored by lookups (policy routing). */
	readonly ignoredTables: readonly string[];
	/** Families whose main table came only from `route -n` / /proc/net/route (main table only, degraded). */
	readonly routeNOnly: ReadonlySet<Family>;
};

const mainTableOnlySources: ReadonlySet<SourceFormat> = new Set(['route-n', 'route-n-busybox', 'proc-net-route']);
const degradedSources: ReadonlySet<SourceFormat> = new Set([
	'route-n',
	'route-n-busybox',
	'route-n-inet6',
	'proc-net-route',
	'ip-route-busybox',
]);

const podSideRoles: ReadonlySet<InterfaceRole> = new Set(['calico-workload', 'kindnet-workload', 'cilium-workload', 'aws-workload']);
const bridgeRoles: ReadonlySet<InterfaceRole> = new Set(['flannel-bridge', 'kubenet-bridge']);

function addressKey(ip: IpAddress): string {
	return formatIp(ip);
}

export function prepareNetwork(network: NodeNetwork): PreparedNetwork {
	const interfacesByName = new Map<string, Interface>();
	for (const device of network.interfaces) if (!interfacesByName.has(device.name)) interfacesByName.set(device.name, device);
	const localAddresses = new Map<string, string | null>();
	for (const device of network.interfaces) {
		for (const address of device.addresses) {
			const ip = parseIp(address.address);
			if (ip && !localAddresses.has(addressKey(ip))) localAddresses.set(addressKey(ip), device.name);
		}
	}
	const ignoredTables = new Set<string>();
	const sources = new Map<Family, Set<SourceFormat>>();
	for (const route of network.routes) {
		if (route.kind === 'local') {
			const prefix = parsePrefix(route.destination, route.family);
			// A local route to a whole prefix (`local 127.0.0.0/8`) marks many addresses; keep host routes only.
			const ip = prefix && prefix.length === maxLength(prefix.family) ? parseIp(prefix.address) : null;
			if (ip && !localAddresses.has(addressKey(ip))) localAddresses.set(addressKey(ip), route.interface);
			continue;
		}
		if (route.table !== null && route.table !== 'main' && route.table !== '254' && route.table !== 'local') ignoredTables.add(route.table);
		const set = sources.get(route.family) ?? new Set<SourceFormat>();
		set.add(route.source);
		sources.set(route.family, set);
	}
	const routeNOnly = new Set<Family>();
	for (const [family, set] of sources) if ([...set].every(source => mainTableOnlySources.has(source))) routeNOnly.add(family);
	return {
		node: network.node,
		routes: network.routes,
		interfaces: network.interfaces,
		table: buildRouteTable(network.routes),
		interfacesByName,
		localAddresses,
		ignoredTables: [...ignoredTables],
		routeNOnly,
	};
}

function podRef(pod: ClusterPod | null): PodRef | null {
	return pod ? {namespace: pod.namespace, name: pod.name, node: pod.node} : null;
}

function roleOf(name: string, network: PreparedNetwork): {readonly role: InterfaceRole | null; readonly tunnel: boolean; readonly veth: boolean} {
	const device = network.interfacesByName.get(name);
	const classified = classifyInterface(name, device?.linkKind ?? null, device?.linkType ?? null);
	const kind = device && device.kind !== 'other' ? device.kind : classified.kind;
	return {role: device?.role ?? classified.role, tunnel: kind === 'tunnel' || classified.kind === 'tunnel', veth: kind === 'veth'};
}

function isLinkDown(route: Route, network: PreparedNetwork): boolean {
	if (route.linkdown || route.nexthops.some(hop => hop.linkdown)) return true;
	const devices = new Set([route.interface, ...route.nexthops.map(hop => hop.interface)]);
	for (const name of devices) {
		if (name === null) continue;
		const device = network.interfacesByName.get(name);
		if (!device) continue;
		if (device.state === 'DOWN' || device.state === 'LOWERLAYERDOWN' || device.flags.includes('NO-CARRIER')) return true;
	}
	return false;
}

type Cache = Map<Route, NextHopNode | null>;

function cachedNextHop(route: Route, cluster: ClusterIndex, cache: Cache | null): NextHopNode | null {
	if (!cache) return nextHopNode(route, cluster);
	let hop = cache.get(route);
	if (hop === undefined) {
		hop = nextHopNode(route, cluster);
		cache.set(route, hop);
	}
	return hop;
}

function routeLength(route: Route): number {
	return parsePrefix(route.destination, route.family)?.length ?? -1;
}

function judgeParsed(text: string, ip: IpAddress, network: PreparedNetwork, cluster: ClusterIndex, cache: Cache | null): Verdict {
	const owner = cluster.podAt(ip);
	const pod = podRef(owner);
	const problems: Problem[] = [];
	const add = (problem: Problem): void => {
		if (!problems.includes(problem)) problems.push(problem);
	};
	const podElsewhere = (node: string | null): void => {
		if (pod?.node && node && pod.node !== node) add('pod-on-other-node');
	};
	const base = {ip: text, pod, interfacePod: null, nextHopNode: null, gateway: null};

	const localDevice = network.localAddresses.get(addressKey(ip));
	if (localDevice !== undefined) {
		if (owner && !owner.hostNetwork) podElsewhere(network.node);
		return {...base, outcome: 'local-address', route: null, interface: localDevice, problems};
	}

	const route = network.table.lookupParsed(ip);
	if (!route || route.kind === 'throw') {
		if (network.routeNOnly.has(ip.family)) {
			add('main-table-only');
			add('degraded-input');
		}
		return {...base, outcome: 'no-route', route, interface: null, problems};
	}

	if (mainTableOnlySources.has(route.source)) add('main-table-only');
	if (degradedSources.has(route.source) || route.gatewayIsName) add('degraded-input');
	if (route.nexthops.length > 1) add('ecmp');
	if (isLinkDown(route, network)) add('link-down');

	if (route.kind === 'blackhole' || route.kind === 'unreachable' || route.kind === 'prohibit') {
		if (route.kindUncertain) add(route.kind === 'blackhole' ? 'blackhole-or-throw' : 'unreachable-or-prohibit');
		if (route.kind === 'blackhole' && owner && !owner.hostNetwork && routeLength(route) > 0) {
			// The IP falls into a block this node drops (Calico's own block): no pod route exists here.
			if (pod?.node && network.node && pod.node !== network.node) add('pod-on-other-node');
			else add('pod-missing-on-node');
		}
		return {...base, outcome: route.kind, route, interface: route.interface, gateway: route.gateway, problems};
	}

	const device = route.interface;
	const gateway = route.gateway;
	const role = device ? roleOf(device, network) : null;
	const length = routeLength(route);
	const common = {...base, route, interface: device, gateway};

	if (role?.role === 'cilium-host') {
		return {...common, outcome: 'cni-datapath', problems};
	}

	const hostRoute = length === maxLength(ip.family);
	const podSide = role !== null && ((role.role !== null && podSideRoles.has(role.role)) || (role.veth && (network.interfacesByName.get(device!)?.peerNetns ?? null) !== null));
	if (device && gateway === null && hostRoute && podSide) {
		podElsewhere(network.node);
		const interfacePod = owner && !owner.hostNetwork ? pod : null;
		if (interfacePod && device.startsWith('cali') && calicoVethName(interfacePod.namespace, interfacePod.name) !== device) add('veth-name-mismatch');
		return {...common, outcome: 'local-pod', interfacePod, problems};
	}
	if (device && gateway === null && role?.role && bridgeRoles.has(role.role)) {
		podElsewhere(network.node);
		return {...common, outcome: 'local-pod', problems};
	}

	const hop = gateway === null ? null : cachedNextHop(route, cluster, cache);
	if (length === 0) {
		if (owner && !owner.hostNetwork) add('only-default-route');
		return {...common, outcome: 'via-default', nextHopNode: hop?.node ?? null, problems};
	}
	if (role?.tunnel) {
		if (!hop) add('next-hop-unknown');
		podElsewhere(hop?.node ?? null);
		return {...common, outcome: 'tunnel-to-node', nextHopNode: hop?.node ?? null, problems};
	}
	if (gateway !== null) {
		const isNode = hop !== null && (hop.source === null ? route.gatewayIsName : underlaySources.has(hop.source));
		if (isNode) {
			podElsewhere(hop.node);
			return {...common, outcome: 'direct-to-node', nextHopNode: hop.node, problems};
		}
		if (route.gatewayIsName) add('next-hop-unknown');
		return {...common, outcome: 'via-gateway', nextHopNode: hop?.node ?? null, problems};
	}
	return {...common, outcome: 'on-link', problems};
}

/** The verdict for one IP literal seen from the prepared node. */
export function judge(ip: string, network: PreparedNetwork, cluster: ClusterIndex): Verdict {
	return judgeWith(ip, network, cluster, null);
}

function judgeWith(text: string, network: PreparedNetwork, cluster: ClusterIndex, cache: Cache | null): Verdict {
	const ip = parseIp(text.trim());
	if (!ip) {
		return {ip: text, outcome: 'no-route', route: null, interface: null, gateway: null, nextHopNode: null, pod: null, interfacePod: null, problems: ['invalid-ip']};
	}
	return judgeParsed(formatIp(ip), ip, network, cluster, cache);
}

/**
 * Verdicts for every pod IP in the cluster (status.podIPs, in pod order), then the extra IPs; each distinct
 * IP once (hostNetwork pods share their node's IP; the verdict names the pod-network pod if there is one).
 */
export function judgeAll(network: PreparedNetwork, cluster: ClusterIndex, extraIps: readonly string[] = []): Verdict[] {
	const cache: Cache = new Map();
	const seen = new Set<string | number>();
	const verdicts: Verdict[] = [];
	const visit = (text: string): void => {
		const ip = parseIp(text.trim());
		const key = ip ? (ip.family === 4 ? ip.value : formatIp(ip)) : `?${text}`;
		if (seen.has(key)) return;
		seen.add(key);
		verdicts.push(ip ? judgeParsed(formatIp(ip), ip, network, cluster, cache) : judgeWith(text, network, cluster, cache));
	};
	for (const pod of cluster.pods) for (const ip of pod.ips) visit(ip);
	for (const ip of extraIps) visit(ip);
	return verdicts;
}
