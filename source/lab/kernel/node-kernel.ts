/**
 * A lab node's kernel as data: the routes, devices, policy rules and sysctls a CNI (Calico IPIP by default,
 * or the others of ../cni.ts) and kind and docker program on a node, derived from the topology, with the
 * faults in force applied. The renderers in this folder turn it into the exact text the real tools print.
 * Pure: the same input always gives the same kernel (ifindexes, MACs and netns ids come from names).
 */
import {formatIPv6, parseIPv4, parseIPv6, parsePrefix} from '../../net/ip.js';
import type {Interface, Route} from '../../net/types.js';
import {defaultCni, type LabCni} from '../cni.js';
import type {LabNode, LabPodNetwork, LabRule, NodeKernelFaults} from '../topology-types.js';
import {cniLayout} from './cni-layouts.js';
import {applyFaults} from './kernel-faults.js';
import {address, broadcastOf, broadcastV4, canonical, linkLocalFromMac, linkOf, localTable, localV4, makeInterface, route, upFlags} from './kernel-parts.js';
import type {Device} from './kernel-parts.js';
import {stableHash} from './veth-name.js';

export {linkLocalFromMac, routeNFlags} from './kernel-parts.js';

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
	/** A VXLAN device's parameters (`ip -d link`: VNI, source address, lower device, UDP port). */
	readonly vxlan?: {readonly id: number; readonly local: string; readonly link: string; readonly port: number};
};

/** `net.ipv4.conf.<entry>.<key>` values that differ from the kernel's defaults (render-sysctl.ts has those). */
export type KernelConf = Readonly<Record<string, Readonly<Record<string, number>>>>;

export type NodeKernel = {
	readonly hostname: string;
	/**
	 * Every route of the node in both families and all tables (`table` null: main; `'local'`, `'2'`, …), in
	 * no particular order: the renderers order them as the kernel dumps them.
	 */
	readonly routes: readonly Route[];
	/** Devices in ifindex order. */
	readonly interfaces: readonly Interface[];
	/** Link-layer details per device (additive to the contract: the renderers need MACs and queues). */
	readonly links: readonly KernelLink[];
	/** IPv4 policy rules besides the kernel's three defaults (0 local, 32766 main, 32767 default). */
	readonly rules: readonly LabRule[];
	/** IPv4 sysctls per `all`, `default` and device, where they differ from the defaults. */
	readonly ipv4Conf: KernelConf;
	/**
	 * net.ipv6.conf.*.forwarding (the same everywhere on a node). 0 on the lab's IPv4 clusters: with 1 the
	 * kernel adds subnet-router anycast routes (`anycast fe80:: dev …`) to the local table.
	 */
	readonly ipv6Forwarding: number;
};

export type NodeKernelInput = {
	readonly nodes: readonly LabNode[];
	readonly pods: readonly LabPodNetwork[];
	readonly node: string;
	/** The cluster's layout; default calico-ipip. */
	readonly cni?: LabCni;
	/** Destination CIDRs removed by fault injection (any family or table; `default` allowed). */
	readonly removedRoutes?: readonly string[];
	/** Every other fault on this node's kernel. */
	readonly faults?: NodeKernelFaults;
};

/** kind's docker network: IPv6 is on by default, with this prefix and ::1 as the gateway. */
const kindIpv6Prefix = 'fc00:f853:ccd:e793::';

/** eth0's ifindex in the node netns: docker made the pair in the host netns, so it is a larger, even number. */
export function eth0Ifindex(nodeName: string): number {
	return 8 + 2 * (stableHash(nodeName) % 16);
}

function kindIpv6For(node: LabNode): {readonly global: string; readonly gateway: string} {
	const ip = parseIPv4(node.internalIp) ?? 0;
	const network = parseIPv4(parsePrefix(node.nodeNetwork)?.address ?? '') ?? 0;
	const base = parseIPv6(kindIpv6Prefix) ?? 0n;
	return {global: formatIPv6(base + BigInt((ip - network) >>> 0)), gateway: formatIPv6(base + 1n)};
}

function loopback(): Device {
	return {
		device: makeInterface({
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
		link: linkOf('lo', {address: '00:00:00:00:00:00', broadcast: '00:00:00:00:00:00'}),
	};
}

function eth0(self: LabNode, index: number, mtu: number, v6: {readonly global: string} | null): Device {
	const cidr = `${self.internalIp}/${parsePrefix(self.nodeNetwork)?.length ?? 16}`;
	return {
		device: makeInterface({
			name: 'eth0',
			index,
			peer: `if${index + 1}`,
			peerIndex: index + 1,
			peerNetns: '0',
			flags: [...upFlags],
			state: 'UP',
			mtu,
			linkType: 'ether',
			linkKind: 'veth',
			addresses: [
				address(4, cidr, 'global'),
				...(v6 ? [address(6, `${v6.global}/64`, 'global', ['nodad'])] : []),
				address(6, `${linkLocalFromMac(self.mac)}/64`, 'link'),
			],
		}),
		link: linkOf('eth0', {address: self.mac, linkNetnsid: 0, inetBroadcast: {[cidr]: broadcastOf(cidr)}}),
	};
}

/**
 * Devices in the order they got their link-local address: ifindex order, except that a bridge gets its
 * carrier (and so its address) only when its first port comes up, right after that port.
 */
function linkLocalOrder(devices: readonly Interface[]): readonly Interface[] {
	const withLinkLocal = devices.filter(device => device.addresses.some(entry => entry.family === 6 && entry.scope === 'link'));
	const bridges = new Set(withLinkLocal.filter(device => withLinkLocal.some(port => port.master === device.name)).map(device => device.name));
	const ordered: Interface[] = [];
	for (const device of withLinkLocal) {
		if (bridges.has(device.name)) continue;
		ordered.push(device);
		const bridge = device.master === null ? undefined : withLinkLocal.find(candidate => candidate.name === device.master && bridges.has(candidate.name));
		if (bridge && !ordered.includes(bridge)) ordered.push(bridge);
	}
	return ordered;
}

/** The IPv6 routes every device with a link-local address gets, and those of kind's IPv6 on eth0. */
function ipv6Routes(devices: readonly Interface[], kind: {readonly global: string; readonly gateway: string} | null): Route[] {
	const withLinkLocal = linkLocalOrder(devices);
	const routes: Route[] = [];
	if (kind) routes.push(route({family: 6, destination: canonical(`${kind.global}/64`), interface: 'eth0', protocol: 'kernel', metric: 256}));
	for (const device of withLinkLocal) routes.push(route({family: 6, destination: 'fe80::/64', interface: device.name, protocol: 'kernel', metric: 256}));
	if (kind) routes.push(route({family: 6, destination: '::/0', gateway: kind.gateway, interface: 'eth0', metric: 1024}));
	routes.push(route({family: 6, destination: '::1/128', kind: 'local', interface: 'lo', ...localTable}));
	for (const device of devices) {
		for (const entry of device.addresses) {
			if (entry.family === 6 && device.name !== 'lo') {
				routes.push(route({family: 6, destination: `${entry.address}/128`, kind: 'local', interface: device.name, ...localTable}));
			}
		}
	}
	for (const device of withLinkLocal) {
		routes.push(route({family: 6, destination: 'ff00::/8', kind: 'multicast', interface: device.name, metric: 256, ...localTable}));
	}
	return routes;
}

export function deriveNodeKernel(input: NodeKernelInput): NodeKernel {
	const self = input.nodes.find(candidate => candidate.name === input.node);
	if (!self) throw new Error(`deriveNodeKernel: no node named ${JSON.stringify(input.node)}`);
	const faults = input.faults ?? {};
	const layoutName = faults.layout ?? input.cni ?? defaultCni;
	const byName = new Map(input.nodes.map(node => [node.name, node]));
	const misrouted = faults.misroutedBlocks ?? {};
	const stale = new Set(faults.staleBlocks ?? []);
	const eth0Index = eth0Ifindex(self.name);
	const taken = new Set([1, 2, eth0Index]);
	const layout = cniLayout(
		{
			layout: layoutName,
			self,
			others: input.nodes.filter(candidate => candidate.name !== self.name),
			pods: input.pods.filter(pod => pod.node === self.name && !pod.hostNetwork),
			eth0Index,
			routeTarget: owner => byName.get(misrouted[owner.name] ?? '') ?? owner,
			staleFor: owner => stale.has(owner.name),
		},
		taken,
	);
	const v6 = layout.kindIpv6 ? kindIpv6For(self) : null;
	const uplink = eth0(self, eth0Index, layout.uplinkMtu, v6);
	const devices = [loopback(), uplink, ...layout.devices].sort((a, b) => (a.device.index ?? 0) - (b.device.index ?? 0));
	const interfaces = devices.map(entry => entry.device);
	const eth0Cidr = uplink.device.addresses[0]!.cidr;

	const v4: Route[] = [
		route({family: 4, destination: '0.0.0.0/0', gateway: self.gateway, interface: 'eth0'}),
		route({family: 4, destination: canonical(self.nodeNetwork), interface: 'eth0', protocol: 'kernel', scope: 'link', preferredSource: self.internalIp}),
		...layout.routes,
		route({family: 4, destination: '127.0.0.0/8', kind: 'local', interface: 'lo', scope: 'host', preferredSource: '127.0.0.1', ...localTable}),
		localV4('127.0.0.1', 'lo'),
		broadcastV4('127.255.255.255', '127.0.0.1', 'lo'),
		localV4(self.internalIp, 'eth0'),
		broadcastV4(broadcastOf(eth0Cidr), self.internalIp, 'eth0'),
		...layout.local,
	];
	const kernel: NodeKernel = {
		hostname: self.name,
		routes: [...v4, ...ipv6Routes(interfaces, v6)],
		interfaces,
		links: devices.map(entry => entry.link),
		rules: layout.rules,
		ipv4Conf: layout.conf,
		ipv6Forwarding: 0,
	};
	return applyFaults(kernel, {...faults, removedRoutes: [...(input.removedRoutes ?? []), ...(faults.removedRoutes ?? [])]});
}
