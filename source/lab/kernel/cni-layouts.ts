/**
 * What each CNI adds to a node's kernel beyond lo and eth0 (route-and-addr-formats.md §5, the captures in
 * test/fixtures/cni/): its devices, the routes to other nodes' pod ranges, to its own pods, the local-table
 * entries of its addresses, policy rules and the sysctls it writes. Pure.
 */
import {parsePrefix, formatIPv4, parseIPv4} from '../../net/ip.js';
import type {Route} from '../../net/types.js';
import {calicoVxlan, cniMtu, flannelBridge, flannelVxlan, stableMac, vtepMac, type LabCni} from '../cni.js';
import type {LabNode, LabPodNetwork, LabRule} from '../topology-types.js';
import {
	address,
	broadcastOf,
	broadcastV4,
	canonical,
	linkLocalFromMac,
	linkOf,
	localV4,
	makeInterface,
	route,
	upFlags,
	type Device,
} from './kernel-parts.js';
import {stableHash, vethName} from './veth-name.js';

/**
 * Device ifindexes after eth0 (docker's pair, eth0Index + 1 is its peer's, which `ip -6 addr` would resolve
 * against a local device of that number): aws-vpc's eth1 at +2 (peer +3), tunnels at +3, the bridge at +5.
 */
export type LayoutInput = {
	readonly layout: LabCni;
	readonly self: LabNode;
	readonly others: readonly LabNode[];
	/** This node's pods with their own network namespace. */
	readonly pods: readonly LabPodNetwork[];
	readonly eth0Index: number;
	/** The node a route for `owner`'s pod range leads to (the owner itself unless a fault says otherwise). */
	readonly routeTarget: (owner: LabNode) => LabNode;
	/** Whether this node still blackholes `owner`'s block (a stale route for a block that moved). */
	readonly staleFor: (owner: LabNode) => boolean;
};

export type Layout = {
	readonly devices: readonly Device[];
	/** IPv4 routes of the main table (besides default and the node network) and of numbered tables. */
	readonly routes: readonly Route[];
	/** IPv4 local-table entries of the layout's addresses. */
	readonly local: readonly Route[];
	readonly rules: readonly LabRule[];
	/** sysctl overrides per `net.ipv4.conf.<name>` (device names may end in `*`). */
	readonly conf: Readonly<Record<string, Readonly<Record<string, number>>>>;
	/** Whether eth0 carries kind's global IPv6 address and default route (kind-based layouts). */
	readonly kindIpv6: boolean;
	/** The MTU of eth0. */
	readonly uplinkMtu: number;
};

const calicoVethMac = 'ee:ee:ee:ee:ee:ee';

type Workload = {readonly pod: LabPodNetwork; readonly veth: string; readonly ifindex: number};

function vethPrefix(layout: LabCni): string {
	if (layout === 'aws-vpc') return 'eni';
	if (layout === 'flannel' || layout === 'kindnet') return 'veth';
	return 'cali';
}

/** Stable ifindexes for the node's workload veths: from the veth name, probing past taken numbers. */
function workloads(layout: LabCni, pods: readonly LabPodNetwork[], taken: ReadonlySet<number>): readonly Workload[] {
	const used = new Set(taken);
	const named = pods
		.map(pod => ({pod, veth: vethName(vethPrefix(layout), pod.namespace, pod.name)}))
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

/** The pod side of a workload veth: eth0 after lo (and after tunl0 where the ipip module is loaded). */
function podSideIndex(layout: LabCni): number {
	return layout === 'calico-ipip' ? 3 : 2;
}

function workloadDevices(layout: LabCni, local: readonly Workload[], master: string | null, extra: (workload: Workload) => ReturnType<typeof address>[]): Device[] {
	const mtu = cniMtu[layout];
	return local.map((workload, rank) => {
		const mac = layout.startsWith('calico') ? calicoVethMac : stableMac(workload.veth);
		return {
			device: makeInterface({
				name: workload.veth,
				index: workload.ifindex,
				peer: `if${podSideIndex(layout)}`,
				peerIndex: podSideIndex(layout),
				peerNetns: String(rank + 1),
				flags: [...upFlags],
				state: 'UP',
				mtu,
				linkType: 'ether',
				linkKind: 'veth',
				master,
				addresses: [...extra(workload), address(6, `${linkLocalFromMac(mac)}/64`, 'link')],
			}),
			link: linkOf(workload.veth, {address: mac, linkNetnsid: rank + 1}),
		};
	});
}

function vxlanDevice(name: string, index: number, self: LabNode, layout: LabCni, vni: number, port: number): Device {
	const mac = vtepMac(self.name, layout);
	return {
		device: makeInterface({
			name,
			index,
			peer: null,
			peerIndex: null,
			peerNetns: null,
			flags: [...upFlags],
			state: 'UNKNOWN',
			mtu: cniMtu[layout],
			linkType: 'ether',
			linkKind: 'vxlan',
			addresses: [address(4, `${self.tunnelAddress}/32`, 'global'), address(6, `${linkLocalFromMac(mac)}/64`, 'link')],
		}),
		link: linkOf(name, {address: mac, vxlan: {id: vni, local: self.internalIp, link: 'eth0', port}}),
	};
}

function tunl0(self: LabNode): Device {
	return {
		device: makeInterface({
			name: 'tunl0',
			index: 2,
			peer: 'NONE',
			peerIndex: null,
			peerNetns: null,
			flags: ['NOARP', 'UP', 'LOWER_UP'],
			state: 'UNKNOWN',
			mtu: cniMtu['calico-ipip'],
			linkType: 'ipip',
			linkKind: 'ipip',
			addresses: [address(4, `${self.tunnelAddress}/32`, 'global')],
		}),
		link: linkOf('tunl0', {address: '0.0.0.0', broadcast: '0.0.0.0'}),
	};
}

/** The route on this node for another node's pod range, as the layout programs it (ranges are canonical CIDRs). */
function remoteRoute(input: LayoutInput, owner: LabNode): Route | null {
	const destination = owner.block;
	const target = input.routeTarget(owner);
	const misrouted = target.name !== owner.name;
	switch (input.layout) {
		case 'calico-ipip':
			return route({family: 4, destination, gateway: target.internalIp, interface: 'tunl0', protocol: 'bird', onlink: true});
		case 'calico-vxlan':
			return route({family: 4, destination, gateway: target.tunnelAddress, interface: calicoVxlan.device, protocol: '80', onlink: true});
		case 'calico-bgp':
			return route({family: 4, destination, gateway: target.internalIp, interface: 'eth0', protocol: 'bird'});
		case 'flannel':
			return route({family: 4, destination, gateway: target.tunnelAddress, interface: flannelVxlan.device, onlink: true});
		case 'kindnet':
			return route({family: 4, destination, gateway: target.internalIp, interface: 'eth0'});
		case 'aws-vpc':
			// The VPC fabric delivers other nodes' pod IPs: no per-node route, unless a fault put one there.
			return misrouted ? route({family: 4, destination, gateway: target.internalIp, interface: 'eth0'}) : null;
	}
}

function blackholeProtocol(layout: LabCni): string | null {
	if (layout === 'calico-ipip' || layout === 'calico-bgp') return 'bird';
	return layout === 'calico-vxlan' ? '80' : null;
}

function remoteRoutes(input: LayoutInput): Route[] {
	const routes: Route[] = [];
	for (const owner of input.others) {
		if (input.staleFor(owner)) {
			routes.push(route({family: 4, destination: owner.block, kind: 'blackhole', protocol: blackholeProtocol(input.layout)}));
			continue;
		}
		const next = remoteRoute(input, owner);
		if (next) routes.push(next);
	}
	return routes;
}

const forwarding = {forwarding: 1};
/** k8s nodes forward (which turns all.accept_redirects off); kube-proxy (iptables) lets NodePorts answer on 127.0.0.1. */
const nodeConf = {all: {...forwarding, accept_redirects: 0, route_localnet: 1}, default: forwarding, '*': forwarding};
/** Felix on workload interfaces (`configureInterface`): strict RPF, proxy ARP for 169.254.1.1, localnet. */
const calicoConf = {...nodeConf, 'cali*': {...forwarding, rp_filter: 1, proxy_arp: 1, route_localnet: 1}};

function calicoLayout(input: LayoutInput, taken: Set<number>): Layout {
	const {layout, self} = input;
	const tunnel: Device[] = [];
	const local: Route[] = [];
	if (layout === 'calico-ipip') {
		tunnel.push(tunl0(self));
		local.push(localV4(self.tunnelAddress, 'tunl0'));
	} else if (layout === 'calico-vxlan') {
		tunnel.push(vxlanDevice(calicoVxlan.device, input.eth0Index + 3, self, layout, calicoVxlan.vni, calicoVxlan.port));
		local.push(localV4(self.tunnelAddress, calicoVxlan.device));
	}
	for (const device of tunnel) taken.add(device.device.index ?? 0);
	const pods = workloads(layout, input.pods, taken);
	const proto = layout === 'calico-vxlan' ? '80' : null;
	return {
		devices: [...tunnel, ...workloadDevices(layout, pods, null, () => [])],
		routes: [
			...remoteRoutes(input),
			route({family: 4, destination: canonical(self.block), kind: 'blackhole', protocol: blackholeProtocol(layout)}),
			...pods.map(workload => route({family: 4, destination: `${workload.pod.ip}/32`, interface: workload.veth, protocol: proto, scope: 'link'})),
		],
		local,
		rules: [],
		conf: calicoConf,
		kindIpv6: true,
		uplinkMtu: 1500,
	};
}

function offsetIp(cidr: string, offset: number): string {
	return formatIPv4((parseIPv4(parsePrefix(cidr)?.address ?? '') ?? 0) + offset);
}

function flannelLayout(input: LayoutInput, taken: Set<number>): Layout {
	const {self} = input;
	const vxlan = vxlanDevice(flannelVxlan.device, input.eth0Index + 3, self, 'flannel', flannelVxlan.vni, flannelVxlan.port);
	taken.add(input.eth0Index + 3);
	const devices: Device[] = [vxlan];
	const routes = remoteRoutes(input);
	const local: Route[] = [localV4(self.tunnelAddress, flannelVxlan.device)];
	// The bridge plugin makes cni0 with the first pod; a node without pods has none.
	if (input.pods.length > 0) {
		const index = input.eth0Index + 5;
		taken.add(index);
		const gateway = offsetIp(self.block, 1);
		const length = parsePrefix(self.block)?.length ?? 24;
		const cidr = `${gateway}/${length}`;
		const mac = stableMac(`${self.name}/${flannelBridge}`);
		devices.push({
			device: makeInterface({
				name: flannelBridge,
				index,
				peer: null,
				peerIndex: null,
				peerNetns: null,
				flags: [...upFlags],
				state: 'UP',
				mtu: cniMtu.flannel,
				linkType: 'ether',
				linkKind: 'bridge',
				addresses: [address(4, cidr, 'global'), address(6, `${linkLocalFromMac(mac)}/64`, 'link')],
			}),
			link: linkOf(flannelBridge, {address: mac, inetBroadcast: {[cidr]: broadcastOf(cidr)}}),
		});
		routes.push(route({family: 4, destination: canonical(self.block), interface: flannelBridge, protocol: 'kernel', scope: 'link', preferredSource: gateway}));
		local.push(localV4(gateway, flannelBridge), broadcastV4(broadcastOf(cidr), gateway, flannelBridge));
		devices.push(...workloadDevices('flannel', workloads('flannel', input.pods, taken), flannelBridge, () => []));
	}
	return {devices, routes, local, rules: [], conf: nodeConf, kindIpv6: true, uplinkMtu: 1500};
}

function kindnetLayout(input: LayoutInput, taken: Set<number>): Layout {
	const {self} = input;
	const gateway = offsetIp(self.block, 1);
	const pods = workloads('kindnet', input.pods, taken);
	return {
		devices: workloadDevices('kindnet', pods, null, () => [address(4, `${gateway}/32`, 'global')]),
		routes: [
			...remoteRoutes(input),
			...pods.map(workload => route({family: 4, destination: `${workload.pod.ip}/32`, interface: workload.veth, scope: 'host'})),
		],
		local: pods.map(workload => localV4(gateway, workload.veth)),
		rules: [],
		conf: nodeConf,
		kindIpv6: true,
		uplinkMtu: 1500,
	};
}

/** Which ENI holds a pod's secondary IP: even offsets in the node's range are eth0's, odd ones eth1's. */
export function awsEniOf(node: LabNode, podIp: string): 'eth0' | 'eth1' {
	const base = parseIPv4(parsePrefix(node.block)?.address ?? '') ?? 0;
	return ((parseIPv4(podIp) ?? 0) - base) % 2 === 0 ? 'eth0' : 'eth1';
}

/** The route table aws-node gives the secondary ENI (device number + 1). */
export const awsSecondaryTable = '2';

function awsLayout(input: LayoutInput, taken: Set<number>): Layout {
	const {self} = input;
	const eth1Index = input.eth0Index + 2;
	taken.add(eth1Index);
	const length = parsePrefix(self.nodeNetwork)?.length ?? 16;
	const cidr = `${self.tunnelAddress}/${length}`;
	const mac = stableMac(`${self.name}/eth1`);
	const eth1: Device = {
		device: makeInterface({
			name: 'eth1',
			index: eth1Index,
			peer: `if${eth1Index + 1}`,
			peerIndex: eth1Index + 1,
			peerNetns: '0',
			flags: [...upFlags],
			state: 'UP',
			mtu: cniMtu['aws-vpc'],
			linkType: 'ether',
			linkKind: 'veth',
			addresses: [address(4, cidr, 'global', ['noprefixroute']), address(6, `${linkLocalFromMac(mac)}/64`, 'link')],
		}),
		link: linkOf('eth1', {address: mac, linkNetnsid: 0, inetBroadcast: {[cidr]: broadcastOf(cidr)}}),
	};
	const pods = workloads('aws-vpc', input.pods, taken);
	const table = {table: awsSecondaryTable} as const;
	const byIp = [...pods].sort((a, b) => (parseIPv4(a.pod.ip) ?? 0) - (parseIPv4(b.pod.ip) ?? 0));
	return {
		devices: [eth1, ...workloadDevices('aws-vpc', pods, null, () => [])],
		routes: [
			...remoteRoutes(input),
			...pods.map(workload => route({family: 4, destination: `${workload.pod.ip}/32`, interface: workload.veth, scope: 'link'})),
			route({family: 4, destination: '0.0.0.0/0', gateway: self.gateway, interface: 'eth1', ...table}),
			route({family: 4, destination: `${self.gateway}/32`, interface: 'eth1', scope: 'link', ...table}),
		],
		local: [localV4(self.tunnelAddress, 'eth1'), broadcastV4(broadcastOf(cidr), self.tunnelAddress, 'eth1')],
		rules: [
			...byIp.map(workload => ({priority: 512, from: null, to: workload.pod.ip, iif: null, fwmark: null, table: 'main'})),
			{priority: 1024, from: null, to: null, iif: null, fwmark: '0x80/0x80', table: 'main'},
			...byIp
				.filter(workload => awsEniOf(self, workload.pod.ip) === 'eth1')
				.map(workload => ({priority: 1536, from: workload.pod.ip, to: null, iif: null, fwmark: null, table: awsSecondaryTable})),
		],
		// aws-node: loose RPF on the primary ENI, so replies through secondary ENIs are not dropped.
		conf: {...nodeConf, eth0: {...forwarding, rp_filter: 2}},
		kindIpv6: false,
		uplinkMtu: cniMtu['aws-vpc'],
	};
}

export function cniLayout(input: LayoutInput, taken: Set<number>): Layout {
	switch (input.layout) {
		case 'calico-ipip':
		case 'calico-vxlan':
		case 'calico-bgp':
			return calicoLayout(input, taken);
		case 'flannel':
			return flannelLayout(input, taken);
		case 'kindnet':
			return kindnetLayout(input, taken);
		case 'aws-vpc':
			return awsLayout(input, taken);
	}
}
