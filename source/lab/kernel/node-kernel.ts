/**
 * A lab node's kernel as data: the routes and devices Calico IPIP (and kind, and docker) program on a node,
 * derived from the topology. The renderers in this folder turn it into the exact text the real tools print.
 * Pure: the same topology always gives the same kernel (ifindexes, MACs and netns ids come from names).
 */
import {makeRoute} from '../../net/route.js';
import type {Family} from '../../net/ip.js';
import {formatIPv6, lengthToMask, parseIPv4, parseIPv6, parsePrefix} from '../../net/ip.js';
import {classifyInterface} from '../../net/interface-kind.js';
import type {Interface, InterfaceAddress, Route, RouteKind} from '../../net/types.js';
import type {LabNode, LabPodNetwork} from '../topology-types.js';
import {calicoVethName, stableHash} from './veth-name.js';

/** What `ip link` knows of a device beyond the Interface type: link-layer addresses and queueing. */
export type KernelLink = {
	readonly name: string;
	/** `link/<type>` address: a MAC, or `0.0.0.0` for ipip. */
	readonly address: string;
	readonly broadcast: string;
	/** `link-netnsid` of a veth whose peer lives in another netns; null otherwise. */
	readonly linkNetnsid: number | null;
	readonly qdisc: string;
	readonly txqlen: number;
	/** IPv4 `brd` per address CIDR, for the addresses that carry one. */
	readonly inetBroadcast: Readonly<Record<string, string>>;
};

export type NodeKernel = {
	readonly hostname: string;
	/**
	 * Every route of the node in both families and both tables (`table` null: main; `'local'`: local), in no
	 * particular order: the renderers order them as the kernel dumps them.
	 */
	readonly routes: readonly Route[];
	/** Devices in ifindex order. */
	readonly interfaces: readonly Interface[];
	/** Link-layer details per device (additive to the contract: the renderers need MACs and queues). */
	readonly links: readonly KernelLink[];
};

export type NodeKernelInput = {
	readonly nodes: readonly LabNode[];
	readonly pods: readonly LabPodNetwork[];
	readonly node: string;
	/** Destination CIDRs removed by fault injection (any family or table; `default` allowed). */
	readonly removedRoutes?: readonly string[];
};

/** kind's docker network: IPv6 is on by default, with this prefix and ::1 as the gateway. */
const kindIpv6Prefix = 'fc00:f853:ccd:e793::';
const calicoVethMac = 'ee:ee:ee:ee:ee:ee';
const calicoMtu = 1480;
/** In every pod netns lo is 1 and the fallback tunl0 is 2 (ipip is loaded), so the pod's eth0 is 3. */
const podSideIfindex = 3;

type RouteFields = Partial<Route> & Pick<Route, 'family' | 'destination'>;

function route(fields: RouteFields): Route {
	return makeRoute({source: 'ip-route-json', ...fields});
}

/** `route -n` flags the kernel reports for a route (fib_flag_trans / ipv6 rt flags). */
export function routeNFlags(family: Family, kind: RouteKind, gateway: string | null, destination: string): string {
	if (kind === 'unreachable' || kind === 'prohibit') return destination.endsWith(family === 4 ? '/32' : '/128') ? '!H' : '!';
	let flags = 'U';
	if (gateway !== null) flags += 'G';
	if (family === 4 && destination.endsWith('/32')) flags += 'H';
	return flags;
}

function address(family: Family, cidr: string, scope: string, flags: readonly string[] = []): InterfaceAddress {
	const slash = cidr.indexOf('/');
	return {
		family,
		address: cidr.slice(0, slash),
		prefixLength: Number(cidr.slice(slash + 1)),
		cidr,
		peer: null,
		scope,
		flags,
	};
}

/** The EUI-64 link-local address the kernel gives a device with this MAC. */
export function linkLocalFromMac(mac: string): string {
	const bytes = mac.split(':').map(part => Number.parseInt(part, 16));
	const [b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0] = bytes;
	const words = [(b0 ^ 2) * 256 + b1, b2 * 256 + 0xff, 0xfe * 256 + b3, b4 * 256 + b5];
	let value = 0xfe80n << 112n;
	for (const [i, word] of words.entries()) value |= BigInt(word) << BigInt((3 - i) * 16);
	return formatIPv6(value);
}

function broadcastOf(cidr: string): string {
	const prefix = parsePrefix(cidr);
	const network = prefix ? parseIPv4(prefix.address) : null;
	if (!prefix || network === null) return '';
	const mask = parseIPv4(lengthToMask(prefix.length)) ?? 0;
	const value = (network | (~mask >>> 0)) >>> 0;
	return [24, 16, 8, 0].map(shift => (value >>> shift) & 255).join('.');
}

/** eth0's ifindex in the node netns: docker made the pair in the host netns, so it is a larger, even number. */
export function eth0Ifindex(nodeName: string): number {
	return 8 + 2 * (stableHash(nodeName) % 16);
}

function makeInterface(fields: Omit<Interface, 'kind' | 'role' | 'altnames' | 'source' | 'master'>): Interface {
	const {kind, role} = classifyInterface(fields.name, fields.linkKind, fields.linkType);
	return {...fields, master: null, kind, role, altnames: [], source: 'ip-addr-json'};
}

type Workload = {readonly pod: LabPodNetwork; readonly veth: string; readonly ifindex: number};

/** Stable ifindexes for the node's workload veths: from the veth name, probing past taken numbers. */
function workloads(pods: readonly LabPodNetwork[], taken: ReadonlySet<number>): readonly Workload[] {
	const used = new Set(taken);
	const named = pods
		.map(pod => ({pod, veth: calicoVethName(pod.namespace, pod.name)}))
		.sort((a, b) => (a.veth < b.veth ? -1 : a.veth > b.veth ? 1 : 0));
	const result: Workload[] = [];
	for (const entry of named) {
		let ifindex = 40 + (stableHash(entry.veth) % 960);
		while (used.has(ifindex)) ifindex = ifindex >= 999 ? 40 : ifindex + 1;
		used.add(ifindex);
		result.push({...entry, ifindex});
	}
	return result.sort((a, b) => a.ifindex - b.ifindex);
}

function kindIpv6For(node: LabNode): {readonly global: string; readonly gateway: string} {
	const ip = parseIPv4(node.internalIp) ?? 0;
	const network = parseIPv4(parsePrefix(node.nodeNetwork)?.address ?? '') ?? 0;
	const base = parseIPv6(kindIpv6Prefix) ?? 0n;
	return {global: formatIPv6(base + BigInt((ip - network) >>> 0)), gateway: formatIPv6(base + 1n)};
}

export function deriveNodeKernel(input: NodeKernelInput): NodeKernel {
	const self = input.nodes.find(candidate => candidate.name === input.node);
	if (!self) throw new Error(`deriveNodeKernel: no node named ${JSON.stringify(input.node)}`);
	const nodeLength = parsePrefix(self.nodeNetwork)?.length ?? 16;
	const nodeNetwork = parsePrefix(self.nodeNetwork)?.cidr ?? self.nodeNetwork;
	const eth0Cidr = `${self.internalIp}/${nodeLength}`;
	const eth0Index = eth0Ifindex(self.name);
	const v6 = kindIpv6For(self);
	const eth0LinkLocal = linkLocalFromMac(self.mac);
	const caliLinkLocal = linkLocalFromMac(calicoVethMac);
	const local = workloads(
		input.pods.filter(pod => pod.node === self.name && !pod.hostNetwork),
		new Set([1, 2, eth0Index]),
	);

	const interfaces: Interface[] = [
		makeInterface({
			name: 'lo',
			index: 1,
			peer: null,
			peerIndex: null,
			peerNetns: null,
			flags: ['LOOPBACK', 'UP', 'LOWER_UP'],
			state: 'UNKNOWN',
			mtu: 65536,
			linkType: 'loopback',
			linkKind: null,
			addresses: [address(4, '127.0.0.1/8', 'host'), address(6, '::1/128', 'host')],
		}),
		makeInterface({
			name: 'tunl0',
			index: 2,
			peer: 'NONE',
			peerIndex: null,
			peerNetns: null,
			flags: ['NOARP', 'UP', 'LOWER_UP'],
			state: 'UNKNOWN',
			mtu: calicoMtu,
			linkType: 'ipip',
			linkKind: 'ipip',
			addresses: [address(4, `${self.tunnelAddress}/32`, 'global')],
		}),
		makeInterface({
			name: 'eth0',
			index: eth0Index,
			peer: `if${eth0Index + 1}`,
			peerIndex: eth0Index + 1,
			peerNetns: '0',
			flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
			state: 'UP',
			mtu: 1500,
			linkType: 'ether',
			linkKind: 'veth',
			addresses: [
				address(4, eth0Cidr, 'global'),
				address(6, `${v6.global}/64`, 'global', ['nodad']),
				address(6, `${eth0LinkLocal}/64`, 'link'),
			],
		}),
		...local.map((workload, rank) =>
			makeInterface({
				name: workload.veth,
				index: workload.ifindex,
				peer: `if${podSideIfindex}`,
				peerIndex: podSideIfindex,
				peerNetns: String(rank + 1),
				flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
				state: 'UP',
				mtu: calicoMtu,
				linkType: 'ether',
				linkKind: 'veth',
				addresses: [address(6, `${caliLinkLocal}/64`, 'link')],
			}),
		),
	].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));

	const links: KernelLink[] = interfaces.map(device => {
		const base = {name: device.name, qdisc: 'noqueue', txqlen: 1000, inetBroadcast: {}};
		if (device.name === 'lo') return {...base, address: '00:00:00:00:00:00', broadcast: '00:00:00:00:00:00', linkNetnsid: null};
		if (device.name === 'tunl0') return {...base, address: '0.0.0.0', broadcast: '0.0.0.0', linkNetnsid: null};
		if (device.name === 'eth0') {
			return {
				...base,
				address: self.mac,
				broadcast: 'ff:ff:ff:ff:ff:ff',
				linkNetnsid: 0,
				inetBroadcast: {[eth0Cidr]: broadcastOf(eth0Cidr)},
			};
		}
		return {...base, address: calicoVethMac, broadcast: 'ff:ff:ff:ff:ff:ff', linkNetnsid: Number(device.peerNetns)};
	});

	const others = input.nodes.filter(candidate => candidate.name !== self.name);
	const v4Main: Route[] = [
		route({family: 4, destination: '0.0.0.0/0', gateway: self.gateway, interface: 'eth0'}),
		route({
			family: 4,
			destination: nodeNetwork,
			interface: 'eth0',
			protocol: 'kernel',
			scope: 'link',
			preferredSource: self.internalIp,
		}),
		...others.map(other =>
			route({
				family: 4,
				destination: parsePrefix(other.block)?.cidr ?? other.block,
				gateway: other.internalIp,
				interface: 'tunl0',
				protocol: 'bird',
				onlink: true,
			}),
		),
		route({family: 4, destination: parsePrefix(self.block)?.cidr ?? self.block, kind: 'blackhole', protocol: 'bird'}),
		...local.map(workload =>
			route({family: 4, destination: `${workload.pod.ip}/32`, interface: workload.veth, scope: 'link'}),
		),
	];
	const localTable = {table: 'local', protocol: 'kernel'} as const;
	const v4Local: Route[] = [
		route({family: 4, destination: '127.0.0.0/8', kind: 'local', interface: 'lo', scope: 'host', preferredSource: '127.0.0.1', ...localTable}),
		route({family: 4, destination: '127.0.0.1/32', kind: 'local', interface: 'lo', scope: 'host', preferredSource: '127.0.0.1', ...localTable}),
		route({family: 4, destination: '127.255.255.255/32', kind: 'broadcast', interface: 'lo', scope: 'link', preferredSource: '127.0.0.1', ...localTable}),
		route({family: 4, destination: `${self.internalIp}/32`, kind: 'local', interface: 'eth0', scope: 'host', preferredSource: self.internalIp, ...localTable}),
		route({family: 4, destination: `${broadcastOf(eth0Cidr)}/32`, kind: 'broadcast', interface: 'eth0', scope: 'link', preferredSource: self.internalIp, ...localTable}),
		route({family: 4, destination: `${self.tunnelAddress}/32`, kind: 'local', interface: 'tunl0', scope: 'host', preferredSource: self.tunnelAddress, ...localTable}),
	];
	const v6Devices = ['eth0', ...local.map(workload => workload.veth)];
	const v6Main: Route[] = [
		route({family: 6, destination: parsePrefix(`${v6.global}/64`)?.cidr ?? '::/64', interface: 'eth0', protocol: 'kernel', metric: 256}),
		...v6Devices.map(device => route({family: 6, destination: 'fe80::/64', interface: device, protocol: 'kernel', metric: 256})),
		route({family: 6, destination: '::/0', gateway: v6.gateway, interface: 'eth0', metric: 1024}),
	];
	const v6Local: Route[] = [
		route({family: 6, destination: '::1/128', kind: 'local', interface: 'lo', ...localTable}),
		route({family: 6, destination: `${v6.global}/128`, kind: 'local', interface: 'eth0', ...localTable}),
		route({family: 6, destination: `${eth0LinkLocal}/128`, kind: 'local', interface: 'eth0', ...localTable}),
		...local.map(workload => route({family: 6, destination: `${caliLinkLocal}/128`, kind: 'local', interface: workload.veth, ...localTable})),
		...v6Devices.map(device =>
			route({family: 6, destination: 'ff00::/8', kind: 'multicast', interface: device, metric: 256, ...localTable}),
		),
	];
	const removed = new Set((input.removedRoutes ?? []).flatMap(text => removalKeys(text)));
	const routes = [...v4Main, ...v4Local, ...v6Main, ...v6Local]
		.filter(candidate => !removed.has(candidate.destination))
		.map(candidate => ({...candidate, flags: routeNFlags(candidate.family, candidate.kind, candidate.gateway, candidate.destination)}));
	return {hostname: self.name, routes, interfaces, links};
}

/** `default`, `A/L` and bare host addresses all name a destination; host bits are cleared like `ip` does. */
function removalKeys(text: string): readonly string[] {
	if (text === 'default') return ['0.0.0.0/0', '::/0'];
	const prefix = parsePrefix(text);
	return prefix ? [prefix.cidr] : [text];
}
