/**
 * `ip addr` text, `ip -j addr` and `ip -d -j link` as iproute2 6.1 prints them, and `ip addr` as BusyBox 1.35
 * prints it (route-and-addr-formats.md §3, §4.3; checked against the real tools in namespace-parity.test.ts,
 * except tunl0, whose ipip kind the test machine cannot create). Pure.
 */
import type {Family} from '../../net/ip.js';
import type {Interface, InterfaceAddress} from '../../net/types.js';
import type {KernelLink, NodeKernel} from './node-kernel.js';
import {lines} from './text-columns.js';
import type {ToolFlavor} from './tool-flavor.js';

export type IpAddrOptions = {
	/** null: both families (`ip addr`); 4 or 6: `ip -4 addr` / `ip -6 addr`, devices without one are left out. */
	readonly family?: Family | null;
};

/** ifa_flags bits BusyBox prints as hex (`flags 02` = nodad). */
const addressFlagBits: Readonly<Record<string, number>> = {nodad: 0x02, optimistic: 0x04, dadfailed: 0x08, homeaddress: 0x10, noprefixroute: 0x200};

export function linkOf(kernel: NodeKernel, device: Interface): KernelLink {
	return (
		kernel.links.find(link => link.name === device.name) ?? {
			name: device.name,
			address: '00:00:00:00:00:00',
			broadcast: 'ff:ff:ff:ff:ff:ff',
			linkNetnsid: null,
			qdisc: 'noqueue',
			txqlen: 1000,
			inetBroadcast: {},
		}
	);
}

export function shown(kernel: NodeKernel, family: Family | null): readonly Interface[] {
	if (family === null) return kernel.interfaces;
	return kernel.interfaces.filter(device => device.addresses.some(entry => entry.family === family));
}

export function addressesOf(device: Interface, family: Family | null): readonly InterfaceAddress[] {
	// The kernel lists IPv4 addresses first, IPv6 ones by scope (global before link).
	const v4 = device.addresses.filter(entry => entry.family === 4);
	const v6 = device.addresses.filter(entry => entry.family === 6);
	const scoped = [...v6].sort((a, b) => scopeRank(a.scope) - scopeRank(b.scope));
	if (family === 4) return v4;
	if (family === 6) return scoped;
	return [...v4, ...scoped];
}

function scopeRank(scope: string | null): number {
	return scope === 'global' || scope === null ? 0 : scope === 'site' ? 1 : scope === 'link' ? 2 : 3;
}

export function addressLines(device: Interface, link: KernelLink, entry: InterfaceAddress, flavor: ToolFlavor): readonly string[] {
	let text: string;
	if (entry.family === 4) {
		const broadcast = link.inetBroadcast[entry.cidr];
		const flags = entry.flags.map(flag => `${flag} `).join('');
		text = `    inet ${entry.cidr} ${broadcast ? `brd ${broadcast} ` : ''}scope ${entry.scope ?? 'global'} ${flags}${device.name}`;
	} else {
		text = `    inet6 ${entry.cidr} scope ${entry.scope ?? 'global'} `;
		if (flavor === 'busybox') {
			const bits = entry.flags.reduce((sum, flag) => sum | (addressFlagBits[flag] ?? 0), 0);
			if (bits !== 0) text += `flags ${bits.toString(16).padStart(2, '0')} `;
		} else {
			text += entry.flags.map(flag => `${flag} `).join('');
		}
	}
	return [text, '       valid_lft forever preferred_lft forever'];
}

function linkLine(device: Interface, link: KernelLink, flavor: ToolFlavor): string {
	const netns = flavor === 'gnu' && link.linkNetnsid !== null ? ` link-netnsid ${link.linkNetnsid}` : '';
	return `    link/${device.linkType ?? 'ether'} ${link.address} brd ${link.broadcast}${netns}`;
}

/** BusyBox resolves the peer index against the local table: a foreign peer index may name a local device. */
function busyboxPeer(kernel: NodeKernel, device: Interface): {readonly text: string; readonly down: boolean} | null {
	if (device.peer === null) return null;
	if (device.peer === 'NONE') return {text: 'NONE', down: false};
	const local = kernel.interfaces.find(candidate => candidate.index === device.peerIndex);
	if (!local) return {text: `if${device.peerIndex ?? 0}`, down: true};
	return {text: local.name, down: !local.flags.includes('UP')};
}

/**
 * iproute2's header line. With -4 the link line is not printed, but its `link-netnsid` still ends the header;
 * with -6 the link comes from the AF_INET6 link dump, which carries no qdisc, group or netnsid.
 */
function gnuHeader(device: Interface, link: KernelLink, family: Family | null): string {
	const head = `${device.index ?? 0}: ${device.name}${device.peer ? `@${device.peer}` : ''}: <${device.flags.join(',')}> mtu ${device.mtu ?? 1500}`;
	const state = `state ${device.state ?? 'UNKNOWN'}`;
	if (family === 6) return `${head} ${state} qlen ${link.txqlen}`;
	const master = device.master === null ? '' : ` master ${device.master}`;
	const header = `${head} qdisc ${link.qdisc}${master} ${state} group default qlen ${link.txqlen}`;
	return family === 4 && link.linkNetnsid !== null ? `${header} link-netnsid ${link.linkNetnsid}` : header;
}

export function renderIpAddr(kernel: NodeKernel, flavor: ToolFlavor, options: IpAddrOptions = {}): string {
	const family = options.family ?? null;
	const rows: string[] = [];
	for (const device of shown(kernel, family)) {
		const link = linkOf(kernel, device);
		if (flavor === 'busybox') {
			const peer = busyboxPeer(kernel, device);
			const flags = [...device.flags, ...(peer?.down ? ['M-DOWN'] : [])].join(',');
			rows.push(
				`${device.index ?? 0}: ${device.name}${peer ? `@${peer.text}` : ''}: <${flags}> mtu ${device.mtu ?? 1500} qdisc ${link.qdisc}${device.master === null ? '' : ` master ${device.master}`} qlen ${link.txqlen}`,
			);
		} else {
			rows.push(gnuHeader(device, link, family));
		}
		if (family === null) rows.push(linkLine(device, link, flavor));
		for (const entry of addressesOf(device, family)) rows.push(...addressLines(device, link, entry, flavor));
	}
	return lines(rows);
}

function linkHead(device: Interface, link: KernelLink): Record<string, unknown> {
	const json: Record<string, unknown> = {ifindex: device.index};
	if (device.peer === 'NONE') json['link'] = null;
	else if (device.peerIndex !== null && link.linkNetnsid !== null) json['link_index'] = device.peerIndex;
	json['ifname'] = device.name;
	json['flags'] = device.flags;
	json['mtu'] = device.mtu;
	json['qdisc'] = link.qdisc;
	if (device.master !== null) json['master'] = device.master;
	json['operstate'] = device.state;
	return json;
}

function linkTail(device: Interface, link: KernelLink): Record<string, unknown> {
	const json: Record<string, unknown> = {
		txqlen: link.txqlen,
		link_type: device.linkType,
		address: link.address,
		broadcast: link.broadcast,
	};
	if (link.linkNetnsid !== null) json['link_netnsid'] = link.linkNetnsid;
	return json;
}

function addressJson(device: Interface, link: KernelLink, entry: InterfaceAddress): Record<string, unknown> {
	const json: Record<string, unknown> = {family: entry.family === 4 ? 'inet' : 'inet6', local: entry.address, prefixlen: entry.prefixLength};
	const broadcast = entry.family === 4 ? link.inetBroadcast[entry.cidr] : undefined;
	if (broadcast) json['broadcast'] = broadcast;
	json['scope'] = entry.scope ?? 'global';
	for (const flag of entry.flags) json[flag] = true;
	if (entry.family === 4) json['label'] = device.name;
	json['valid_life_time'] = 4294967295;
	json['preferred_life_time'] = 4294967295;
	return json;
}

/** `ip -j addr`. */
export function renderIpAddrJson(kernel: NodeKernel, options: IpAddrOptions = {}): string {
	const family = options.family ?? null;
	const devices = shown(kernel, family).map(device => {
		const link = linkOf(kernel, device);
		const json: Record<string, unknown> = {...linkHead(device, link), group: 'default'};
		if (family === null) Object.assign(json, linkTail(device, link));
		else json['txqlen'] = link.txqlen;
		json['addr_info'] = addressesOf(device, family).map(entry => addressJson(device, link, entry));
		return json;
	});
	return `${JSON.stringify(devices)}\n`;
}

/** Queues of a veth: the creating host's CPU count; the lab's nodes run on a 4-CPU host. */
export const vethQueues = 4;

/** A VXLAN device's `info_data` as iproute2 6.1 prints it for the devices Calico and Flannel make. */
function vxlanData(vxlan: NonNullable<KernelLink['vxlan']>): Record<string, unknown> {
	return {
		id: vxlan.id,
		local: vxlan.local,
		link: vxlan.link,
		port_range: {low: 0, high: 0},
		port: vxlan.port,
		learning: false,
		ttl: 0,
		df: 'unset',
		ageing: 300,
		udp_csum: true,
		udp_zero_csum6_tx: false,
		udp_zero_csum6_rx: false,
	};
}

/**
 * `linkinfo` of a device. Bridges and bridge ports carry only their kinds: their `info_data` holds timers
 * that change by the second, which iproute2 prints as `0.00` (not JSON.stringify's output).
 */
function linkInfo(device: Interface, link: KernelLink): Record<string, unknown> | null {
	if (device.linkKind === 'veth') return device.master === null ? {info_kind: 'veth'} : {info_kind: 'veth', info_slave_kind: 'bridge'};
	if (device.linkKind === 'ipip') return {info_kind: 'ipip', info_data: {proto: 'ip4ip4', remote: 'any', local: 'any', ttl: 0, pmtudisc: true}};
	if (device.linkKind === 'vxlan' && link.vxlan) return {info_kind: 'vxlan', info_data: vxlanData(link.vxlan)};
	if (device.linkKind === 'bridge') return {info_kind: 'bridge'};
	return null;
}

function details(device: Interface, link: KernelLink): Record<string, unknown> {
	const lo = device.name === 'lo';
	const port = device.master === null ? 0 : 1;
	const json: Record<string, unknown> = {
		promiscuity: port,
		allmulti: port,
		min_mtu: lo ? 0 : 68,
		max_mtu: lo ? 0 : device.linkKind === 'ipip' ? 65515 : 65535,
	};
	const info = linkInfo(device, link);
	if (info !== null) json['linkinfo'] = info;
	const queues = device.linkKind === 'veth' ? vethQueues : 1;
	Object.assign(json, {
		inet6_addr_gen_mode: 'eui64',
		num_tx_queues: queues,
		num_rx_queues: queues,
		gso_max_size: 65536,
		gso_max_segs: 65535,
		tso_max_size: device.linkKind === 'ipip' ? 65536 : 524280,
		tso_max_segs: 65535,
		gro_max_size: 65536,
	});
	return json;
}

/** `ip -j link`, or `ip -d -j link` with `details`. */
export function renderIpLinkJson(kernel: NodeKernel, options: {readonly details: boolean}): string {
	const devices = kernel.interfaces.map(device => {
		const link = linkOf(kernel, device);
		const json: Record<string, unknown> = linkHead(device, link);
		if (options.details) json['linkmode'] = 'DEFAULT';
		json['group'] = 'default';
		Object.assign(json, linkTail(device, link));
		if (options.details) Object.assign(json, details(device, link));
		return json;
	});
	return `${JSON.stringify(devices)}\n`;
}
