/**
 * Verdicts: where one node sends one IP (route-and-addr-formats.md §6). Pure.
 *
 * Order of the rules:
 * 1. `local-address`: an address on one of the node's interfaces, a local-table `local` host route, or (when
 *    the node is named) an address the API gives that node: InternalIP, Calico/Flannel address, tunnel address
 *    (not ExternalIP: clouds NAT it).
 * 2. The main table's longest-prefix match (route-table.ts). No match, or a `throw` match → `no-route` (other
 *    tables and `ip rule` are not modelled: they are listed in `ignoredTables`; `policy-routed` is future work).
 *    blackhole / unreachable / prohibit are terminal outcomes.
 * 3. A unicast match, by device and gateway: `cilium_host` → `cni-datapath`; a no-gateway host route to a
 *    pod-side veth (cali*, veth*, lxc*, eni*), or a connected route on a CNI bridge (cni0, cbr0) → `local-pod`;
 *    the default route → `via-default`; a tunnel device → `tunnel-to-node`; a gateway that is a node's own
 *    address → `direct-to-node`; any other gateway (or hidden multipath nexthops) → `via-gateway`; else `on-link`
 *    (its next-hop node is the node that owns the IP, when the API names one).
 * Problems (strings on the verdict) are listed in types.ts; `unreachable-or-prohibit` (a `route -n` `!` route)
 * and `invalid-ip` are added here.
 */
import {calicoVethName} from './calico-veth-name.js';
import type {ClusterIndex, NodeAddress, NodeAddressSource, PodAddress} from './cluster-index.js';
import {underlaySources} from './cluster-index.js';
import {classifyInterface} from './interface-kind.js';
import {formatIp, maxLength, parseIp, parsePrefix, type Family, type IpAddress} from './ip.js';
import {parseIpFast} from './ipv4-fast.js';
import {nextHopNode, type NextHopNode} from './next-hop.js';
import {degradedSources, mainTableOnlySources} from './problems.js';
import {buildRouteTable, type RouteTable} from './route-table.js';
import {lowerBound} from './sweep-pods.js';
import type {ClusterPod, Interface, InterfaceRole, Outcome, PodRef, Problem, Route, SourceFormat, Verdict} from './types.js';

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
	/**
	 * What each route's device and source imply, worked out on first use and kept (judge reads it per IP): a
	 * full BGP table has ~1M routes, of which the judged IPs use a few.
	 */
	readonly routeFacts: ReadonlyMap<Route, RouteFacts>;
};

/** Per-route facts that do not depend on the IP being judged. */
export type RouteFacts = {
	/** Prefix length of the destination, -1 when unparsable. */
	readonly length: number;
	/** Network address of the destination, null when unparsable. */
	readonly network: IpAddress | null;
	readonly role: InterfaceRole | null;
	/** The device is a tunnel (IPIP, VXLAN, Geneve, WireGuard, by link kind or name). */
	readonly tunnel: boolean;
	/** The device is a pod-side host veth (cali*, veth*, lxc*, eni*, or a veth into another netns). */
	readonly podSide: boolean;
	/** The device is a CNI bridge (cni0, cbr0). */
	readonly bridge: boolean;
	/** Problems every IP through this route has: main-table-only, degraded-input, ecmp, link-down, uncertain kind. */
	readonly problems: readonly Problem[];
};


const podSideRoles: ReadonlySet<InterfaceRole> = new Set(['calico-workload', 'kindnet-workload', 'cilium-workload', 'aws-workload']);
const bridgeRoles: ReadonlySet<InterfaceRole> = new Set(['flannel-bridge', 'kubenet-bridge']);

/** A Map key per address: the uint32 for IPv4, canonical text for IPv6. */
type AddressKey = number | string;

function keyOf(ip: IpAddress): AddressKey {
	return ip.family === 4 ? ip.value : formatIp(ip);
}

const localKeysOf = new WeakMap<PreparedNetwork, ReadonlyMap<AddressKey, string | null>>();
/** The writable side of each network's routeFacts (filled by factsFor). */
const factsCaches = new WeakMap<PreparedNetwork, Map<Route, RouteFacts>>();

function isLinkDown(route: Route, interfacesByName: ReadonlyMap<string, Interface>): boolean {
	if (route.linkdown || route.nexthops.some(hop => hop.linkdown)) return true;
	const devices = new Set([route.interface, ...route.nexthops.map(hop => hop.interface)]);
	for (const name of devices) {
		if (name === null) continue;
		const device = interfacesByName.get(name);
		if (!device) continue;
		if (device.state === 'DOWN' || device.state === 'LOWERLAYERDOWN' || device.flags.includes('NO-CARRIER')) return true;
	}
	return false;
}

function factsOf(route: Route, interfacesByName: ReadonlyMap<string, Interface>): RouteFacts {
	const problems: Problem[] = [];
	if (mainTableOnlySources.has(route.source)) problems.push('main-table-only');
	if (degradedSources.has(route.source) || route.gatewayIsName) problems.push('degraded-input');
	// BusyBox prints a multipath route without its nexthops: unicast with neither device nor gateway, which a
	// single-path kernel route never is.
	const hiddenNexthops = route.kind === 'unicast' && route.interface === null && route.gateway === null && route.nexthops.length === 0;
	if (route.nexthops.length > 1 || hiddenNexthops) problems.push('ecmp');
	if (isLinkDown(route, interfacesByName)) problems.push('link-down');
	if (route.kindUncertain && route.kind === 'blackhole') problems.push('blackhole-or-throw');
	if (route.kindUncertain && (route.kind === 'unreachable' || route.kind === 'prohibit')) problems.push('unreachable-or-prohibit');
	const prefix = parsePrefix(route.destination, route.family);
	const length = prefix?.length ?? -1;
	const network = prefix ? parseIp(prefix.address) : null;
	const name = route.interface;
	if (name === null) return {length, network, role: null, tunnel: false, podSide: false, bridge: false, problems};
	const device = interfacesByName.get(name);
	const classified = classifyInterface(name, device?.linkKind ?? null, device?.linkType ?? null);
	const kind = device && device.kind !== 'other' ? device.kind : classified.kind;
	const role = device?.role ?? classified.role;
	const veth = kind === 'veth' || classified.kind === 'veth';
	return {
		length,
		network,
		role,
		tunnel: kind === 'tunnel' || classified.kind === 'tunnel',
		podSide: (role !== null && podSideRoles.has(role)) || (veth && (device?.peerNetns ?? null) !== null),
		bridge: role !== null && bridgeRoles.has(role),
		problems,
	};
}

/** The route's facts, worked out once per prepared network. */
function factsFor(route: Route, network: PreparedNetwork): RouteFacts {
	const cache = factsCaches.get(network);
	let facts = cache?.get(route);
	if (facts === undefined) {
		facts = factsOf(route, network.interfacesByName);
		cache?.set(route, facts);
	}
	return facts;
}

export function prepareNetwork(network: NodeNetwork): PreparedNetwork {
	const interfacesByName = new Map<string, Interface>();
	for (const device of network.interfaces) if (!interfacesByName.has(device.name)) interfacesByName.set(device.name, device);
	const localKeys = new Map<AddressKey, string | null>();
	const localAddresses = new Map<string, string | null>();
	const addLocal = (ip: IpAddress | null, device: string | null): void => {
		if (!ip || localKeys.has(keyOf(ip))) return;
		localKeys.set(keyOf(ip), device);
		localAddresses.set(formatIp(ip), device);
	};
	for (const device of network.interfaces) for (const address of device.addresses) addLocal(parseIp(address.address), device.name);
	const ignoredTables = new Set<string>();
	const sources = new Map<Family, Set<SourceFormat>>();
	for (const route of network.routes) {
		if (route.kind === 'local') {
			const prefix = parsePrefix(route.destination, route.family);
			// A local route to a whole prefix (`local 127.0.0.0/8`) marks many addresses; keep host routes only.
			if (prefix && prefix.length === maxLength(prefix.family)) addLocal(parseIp(prefix.address), route.interface);
			continue;
		}
		if (route.table !== null && route.table !== 'main' && route.table !== '254' && route.table !== 'local') ignoredTables.add(route.table);
		const set = sources.get(route.family) ?? new Set<SourceFormat>();
		set.add(route.source);
		sources.set(route.family, set);
	}
	const routeNOnly = new Set<Family>();
	for (const [family, set] of sources) if ([...set].every(source => mainTableOnlySources.has(source))) routeNOnly.add(family);
	const routeFacts = new Map<Route, RouteFacts>();
	const prepared: PreparedNetwork = {
		node: network.node,
		routes: network.routes,
		interfaces: network.interfaces,
		table: buildRouteTable(network.routes),
		interfacesByName,
		localAddresses,
		ignoredTables: [...ignoredTables],
		routeNOnly,
		routeFacts,
	};
	localKeysOf.set(prepared, localKeys);
	factsCaches.set(prepared, routeFacts);
	return prepared;
}

function podRef(pod: ClusterPod | null): PodRef | null {
	return pod ? {namespace: pod.namespace, name: pod.name, node: pod.node} : null;
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

function verdict(
	ip: string,
	outcome: Outcome,
	route: Route | null,
	nextHop: string | null,
	pod: PodRef | null,
	interfacePod: PodRef | null,
	problems: readonly Problem[],
	device: string | null = route?.interface ?? null,
	gateway: string | null = route?.gateway ?? null,
): Verdict {
	return {ip, outcome, route, interface: device, gateway, nextHopNode: nextHop, pod, interfacePod, problems};
}

/** The device that holds a node's tunnel address, by CNI convention. */
const tunnelDevices: Readonly<Partial<Record<NodeAddressSource, string>>> = {
	'calico-ipip-tunnel': 'tunl0',
	'calico-vxlan-tunnel': 'vxlan.calico',
	'calico-vxlan-v6-tunnel': 'vxlan-v6.calico',
	'calico-wireguard': 'wireguard.cali',
};

/** True when the API places a pod-network pod on a known node other than `node`. */
function elsewhere(owner: ClusterPod | null, node: string | null): boolean {
	return owner !== null && !owner.hostNetwork && owner.node !== null && node !== null && owner.node !== node;
}

/** Copy-on-write append: route-level problem lists are shared between verdicts. */
function plus(problems: readonly Problem[], problem: Problem): readonly Problem[] {
	return problems.includes(problem) ? problems : [...problems, problem];
}

const noProblems: readonly Problem[] = [];
const noLocalKeys: ReadonlyMap<AddressKey, string | null> = new Map();

/** What the cluster index says about one IP, whatever node judges it (judgeAll works it out once per index). */
type IpFacts = {
	readonly owner: ClusterPod | null;
	readonly pod: PodRef | null;
	/** The node address it is, when it is one. */
	readonly own: NodeAddress | null;
};

function ipFacts(ip: IpAddress, cluster: ClusterIndex): IpFacts {
	const owner = cluster.podAt(ip);
	return {owner, pod: podRef(owner), own: cluster.nodeAddress(ip)};
}

function judgeParsed(text: string, ip: IpAddress, network: PreparedNetwork, cluster: ClusterIndex, cache: Cache | null): Verdict {
	const facts = ipFacts(ip, cluster);
	return localVerdict(text, ip, network, facts) ?? judgeMatch(text, ip, network.table.lookupParsed(ip), network, cluster, cache, facts);
}

/** `local-address` when the IP is one of the node's own (by its interfaces, local routes or the API), else null. */
function localVerdict(text: string, ip: IpAddress, network: PreparedNetwork, {owner, pod, own}: IpFacts): Verdict | null {
	const localDevice = (localKeysOf.get(network) ?? noLocalKeys).get(keyOf(ip));
	if (localDevice !== undefined) {
		const problems = elsewhere(owner, network.node) ? ['pod-on-other-node'] : noProblems;
		return verdict(text, 'local-address', null, null, pod, null, problems, localDevice);
	}

	if (network.node !== null && own && own.node === network.node && own.source !== 'external-ip') {
		// The API says this address is the node's own (ExternalIP excepted: clouds NAT it), so the kernel
		// delivers it locally even when no `ip addr` output was given.
		return verdict(text, 'local-address', null, null, pod, null, noProblems, tunnelDevices[own.source] ?? null);
	}
	return null;
}

/** The verdict for a route some lookup chose (the main table's here; trace.ts passes policy routing's). */
function judgeMatch(
	text: string,
	ip: IpAddress,
	route: Route | null,
	network: PreparedNetwork,
	cluster: ClusterIndex,
	cache: Cache | null,
	{owner, pod, own}: IpFacts,
): Verdict {
	const podNetworkPod = owner !== null && !owner.hostNetwork;
	if (!route || route.kind === 'throw') {
		const problems = network.routeNOnly.has(ip.family) ? ['main-table-only', 'degraded-input'] : noProblems;
		return verdict(text, 'no-route', route, null, pod, null, problems, null, null);
	}
	const facts = factsFor(route, network);
	let problems = facts.problems;

	if (route.kind === 'blackhole' || route.kind === 'unreachable' || route.kind === 'prohibit') {
		if (route.kind === 'blackhole' && podNetworkPod && facts.length > 0) {
			// The IP falls into a block this node drops (Calico's own block): no pod route exists here.
			problems = plus(problems, elsewhere(owner, network.node) ? 'pod-on-other-node' : 'pod-missing-on-node');
		}
		return verdict(text, route.kind, route, null, pod, null, problems);
	}

	const gateway = route.gateway;
	if (facts.role === 'cilium-host') {
		// eBPF forwards; routes do not name the next hop. Only remote pod CIDRs carry an `mtu` (tunnel MTU), so
		// with one the node whose pod CIDR holds the destination is the hint.
		const remote = route.mtu !== null && facts.network !== null ? cluster.nodeByPodCidr(facts.network) : null;
		const hint = remote !== null && remote !== network.node ? remote : null;
		if (elsewhere(owner, hint)) problems = plus(problems, 'pod-on-other-node');
		return verdict(text, 'cni-datapath', route, hint, pod, null, problems);
	}

	if (gateway === null && route.interface !== null && facts.length === maxLength(ip.family) && facts.podSide) {
		if (elsewhere(owner, network.node)) problems = plus(problems, 'pod-on-other-node');
		const interfacePod = podNetworkPod ? pod : null;
		if (interfacePod && route.interface.startsWith('cali') && calicoVethName(interfacePod.namespace, interfacePod.name) !== route.interface) {
			problems = plus(problems, 'veth-name-mismatch');
		}
		return verdict(text, 'local-pod', route, null, pod, interfacePod, problems);
	}
	if (gateway === null && route.interface !== null && facts.bridge) {
		if (elsewhere(owner, network.node)) problems = plus(problems, 'pod-on-other-node');
		return verdict(text, 'local-pod', route, null, pod, null, problems);
	}

	const hop = gateway === null ? null : cachedNextHop(route, cluster, cache);
	const hopNode = hop?.node ?? null;
	if (facts.length === 0) {
		if (podNetworkPod) problems = plus(problems, 'only-default-route');
		return verdict(text, 'via-default', route, hopNode, pod, null, problems);
	}
	if (facts.tunnel) {
		if (!hop) problems = plus(problems, 'next-hop-unknown');
		if (elsewhere(owner, hopNode)) problems = plus(problems, 'pod-on-other-node');
		return verdict(text, 'tunnel-to-node', route, hopNode, pod, null, problems);
	}
	if (gateway !== null) {
		if (hop !== null && (hop.source === null ? route.gatewayIsName : underlaySources.has(hop.source))) {
			if (elsewhere(owner, hop.node)) problems = plus(problems, 'pod-on-other-node');
			return verdict(text, 'direct-to-node', route, hop.node, pod, null, problems);
		}
		if (route.gatewayIsName) problems = plus(problems, 'next-hop-unknown');
		return verdict(text, 'via-gateway', route, hopNode, pod, null, problems);
	}
	// No gateway and no device: a multipath route whose nexthops the format hid (see factsOf).
	if (route.interface === null) return verdict(text, 'via-gateway', route, null, pod, null, problems);
	// On-link, the IP is its own next hop: another node's address names that node.
	const onLinkNode = own?.node ?? null;
	return verdict(text, 'on-link', route, onLinkNode === network.node ? null : onLinkNode, pod, null, problems);
}

/**
 * The verdict for an IP given the route another lookup chose (policy routing: a rule's table), or a local
 * address; `route` null means no table had a route. Same outcomes and problems as judge.
 */
export function judgeWithRoute(ip: IpAddress, route: Route | null, network: PreparedNetwork, cluster: ClusterIndex): Verdict {
	const facts = ipFacts(ip, cluster);
	const text = formatIp(ip);
	return localVerdict(text, ip, network, facts) ?? judgeMatch(text, ip, route, network, cluster, null, facts);
}

/**
 * A judge for many already-parsed IPs seen from one prepared node (the sweep: one IP per run of pods), sharing
 * one next-hop cache per route as judgeAll does; `text` is the IP's canonical text.
 */
export function createJudge(network: PreparedNetwork, cluster: ClusterIndex): (text: string, ip: IpAddress) => Verdict {
	const cache: Cache = new Map();
	return (text, ip) => judgeParsed(text, ip, network, cluster, cache);
}

/** The verdict for one IP literal seen from the prepared node. */
export function judge(ip: string, network: PreparedNetwork, cluster: ClusterIndex): Verdict {
	return judgeWith(ip, network, cluster, null);
}

function judgeWith(text: string, network: PreparedNetwork, cluster: ClusterIndex, cache: Cache | null): Verdict {
	const ip = parseIpFast(text.trim());
	if (!ip) {
		return {ip: text, outcome: 'no-route', route: null, interface: null, gateway: null, nextHopNode: null, pod: null, interfacePod: null, problems: ['invalid-ip']};
	}
	return judgeParsed(canonicalText(text, ip), ip, network, cluster, cache);
}

/** Strict dotted-quad parsing only accepts canonical IPv4 text, so it is reused as is. */
function canonicalText(text: string, ip: IpAddress): string {
	return ip.family === 4 ? text.trim() : formatIp(ip);
}

/** Each distinct pod IP of a cluster index, in pod order, with what the index says about it: built once per index. */
type PodIpPlan = {
	readonly texts: readonly string[];
	readonly ips: readonly IpAddress[];
	readonly facts: readonly IpFacts[];
	/** Canonical text of the IPv6 ones (IPv4 ones are found in v4Values). */
	readonly v6Keys: ReadonlySet<string>;
	/** Positions (into the arrays above) of the IPv4 addresses in ascending order, and those addresses. */
	readonly v4Order: Int32Array;
	readonly v4Values: Float64Array;
};

const plans = new WeakMap<ClusterIndex, PodIpPlan>();
const packedPositions = 2 ** 21;

/** Positions of the IPv4 entries of `addresses`, ordered by address, then position. */
function ascendingV4(addresses: readonly PodAddress[]): Int32Array {
	const positions: number[] = [];
	for (let j = 0; j < addresses.length; j++) if (addresses[j]!.ip.family === 4) positions.push(j);
	const value = (j: number): number => (addresses[j]!.ip as IpAddress & {family: 4}).value;
	const order = new Int32Array(positions.length);
	if (addresses.length <= packedPositions) {
		// (address, position) packed into one double (address × 2^21 + position < 2^53: exact), so the engine's
		// numeric sort does it without a comparator.
		const packed = new Float64Array(positions.length);
		for (let i = 0; i < positions.length; i++) packed[i] = value(positions[i]!) * packedPositions + positions[i]!;
		packed.sort();
		for (let i = 0; i < packed.length; i++) order[i] = packed[i]! % packedPositions;
	} else {
		positions.sort((a, b) => value(a) - value(b) || a - b);
		for (let i = 0; i < positions.length; i++) order[i] = positions[i]!;
	}
	return order;
}

function podIpPlan(cluster: ClusterIndex): PodIpPlan {
	const known = plans.get(cluster);
	if (known) return known;
	const addresses = cluster.podAddresses;
	// Duplicates (hostNetwork pods on their node's IP) are adjacent in address order; the first in pod order wins.
	const sorted = ascendingV4(addresses);
	const repeated = new Uint8Array(addresses.length);
	for (let i = 1; i < sorted.length; i++) {
		if ((addresses[sorted[i]!]!.ip.value as number) === (addresses[sorted[i - 1]!]!.ip.value as number)) repeated[sorted[i]!] = 1;
	}
	const v6Keys = new Set<string>();
	const texts: string[] = [];
	const ips: IpAddress[] = [];
	const facts: IpFacts[] = [];
	const positionOf = new Int32Array(addresses.length);
	for (let j = 0; j < addresses.length; j++) {
		const {text, ip} = addresses[j]!;
		if (repeated[j] === 1) continue;
		if (ip.family === 6) {
			const key = formatIp(ip);
			if (v6Keys.has(key)) continue;
			v6Keys.add(key);
		}
		positionOf[j] = ips.length;
		texts.push(text);
		ips.push(ip);
		facts.push(ipFacts(ip, cluster));
	}
	const v4Order = new Int32Array(sorted.length);
	const v4Values = new Float64Array(sorted.length);
	let count = 0;
	for (let i = 0; i < sorted.length; i++) {
		const j = sorted[i]!;
		if (repeated[j] === 1) continue;
		v4Order[count] = positionOf[j]!;
		v4Values[count] = addresses[j]!.ip.value as number;
		count++;
	}
	const plan: PodIpPlan = {texts, ips, facts, v6Keys, v4Order: v4Order.subarray(0, count), v4Values: v4Values.subarray(0, count)};
	plans.set(cluster, plan);
	return plan;
}

/**
 * Work out what judgeAll needs from the cluster index alone (each distinct pod IP, its pod and node address,
 * the IPv4 ones sorted), ahead of any node's tables; judgeAll does it on first use otherwise.
 */
export function preparePodIps(cluster: ClusterIndex): void {
	podIpPlan(cluster);
}

/** True when a pod IP of the plan has this key. */
function planHas(plan: PodIpPlan, key: AddressKey): boolean {
	if (typeof key === 'string') return plan.v6Keys.has(key);
	const values = plan.v4Values;
	const low = lowerBound(values, key);
	return low < values.length && values[low] === key;
}

/**
 * Verdicts for every pod IP in the cluster (status.podIPs, in pod order), then the extra IPs; each distinct
 * IP once (hostNetwork pods share their node's IP; the verdict names the pod-network pod if there is one).
 * The same verdicts as judgeAllPerIp, faster: what the cluster index says about each IP is worked out once per
 * index (podIpPlan), and the IPv4 routes come from one merge walk over the addresses in ascending order.
 */
export function judgeAll(network: PreparedNetwork, cluster: ClusterIndex, extraIps: readonly string[] = []): Verdict[] {
	const cache: Cache = new Map();
	const plan = podIpPlan(cluster);
	const {texts, ips, facts, v4Order, v4Values} = plan;
	const routes: Array<Route | null | undefined> = new Array<Route | null | undefined>(ips.length);
	const ascending: Array<Route | null> = new Array<Route | null>(v4Values.length);
	network.table.lookupAscendingV4(v4Values, ascending);
	for (let i = 0; i < v4Order.length; i++) routes[v4Order[i]!] = ascending[i]!;
	const verdicts: Verdict[] = new Array<Verdict>(ips.length);
	for (let i = 0; i < ips.length; i++) {
		const text = texts[i]!;
		const ip = ips[i]!;
		const ipFact = facts[i]!;
		const route = ip.family === 4 ? routes[i]! : network.table.lookupParsed(ip);
		verdicts[i] = localVerdict(text, ip, network, ipFact) ?? judgeMatch(text, ip, route, network, cluster, cache, ipFact);
	}
	const seen = new Set<AddressKey>();
	for (const text of extraIps) {
		const ip = parseIpFast(text.trim());
		const key = ip ? keyOf(ip) : `?${text}`;
		if (planHas(plan, key) || seen.has(key)) continue;
		seen.add(key);
		verdicts.push(ip ? judgeParsed(canonicalText(text, ip), ip, network, cluster, cache) : judgeWith(text, network, cluster, cache));
	}
	return verdicts;
}

/**
 * judgeAll one IP at a time (an index lookup and a longest-prefix search each): the reference the equivalence
 * test and the bench hold judgeAll to.
 */
export function judgeAllPerIp(network: PreparedNetwork, cluster: ClusterIndex, extraIps: readonly string[] = []): Verdict[] {
	const cache: Cache = new Map();
	const seen = new Set<AddressKey>();
	const verdicts: Verdict[] = [];
	for (const {text, ip} of cluster.podAddresses) {
		const key = keyOf(ip);
		if (seen.has(key)) continue;
		seen.add(key);
		verdicts.push(judgeParsed(text, ip, network, cluster, cache));
	}
	for (const text of extraIps) {
		const ip = parseIpFast(text.trim());
		const key = ip ? keyOf(ip) : `?${text}`;
		if (seen.has(key)) continue;
		seen.add(key);
		verdicts.push(ip ? judgeParsed(canonicalText(text, ip), ip, network, cluster, cache) : judgeWith(text, network, cluster, cache));
	}
	return verdicts;
}
