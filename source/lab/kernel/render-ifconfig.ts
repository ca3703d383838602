/**
 * `ifconfig` as net-tools 2.10 (`lib/interface.c` ife_print_long) and BusyBox 1.35 (`networking/interface.c`
 * ife_print) print it, from a node kernel. Checked against the real tools in namespace-parity.test.ts, except
 * for the traffic counters (the lab's devices carry none) and tunl0 (the test's stand-in is not ipip).
 * What ifconfig shows of a device comes from the old ioctls: the kernel flags (`RUNNING` for an operational
 * link, no `LOWER_UP`), only the primary IPv4 address, IPv6 addresses from /proc/net/if_inet6. Pure.
 */
import {lengthToMask} from '../../net/ip.js';
import type {Interface, InterfaceAddress} from '../../net/types.js';
import type {KernelLink, NodeKernel} from './node-kernel.js';
import {linkOf} from './render-ip-addr.js';
import {left} from './text-columns.js';
import type {ToolFlavor} from './tool-flavor.js';

/** IFF_* bits in the order both tools print their names (DYNAMIC only in net-tools). */
const flagBits: readonly (readonly [string, number])[] = [
	['UP', 0x1],
	['BROADCAST', 0x2],
	['DEBUG', 0x4],
	['LOOPBACK', 0x8],
	['POINTOPOINT', 0x10],
	['NOTRAILERS', 0x20],
	['RUNNING', 0x40],
	['NOARP', 0x80],
	['PROMISC', 0x100],
	['ALLMULTI', 0x200],
	['SLAVE', 0x800],
	['MASTER', 0x400],
	['MULTICAST', 0x1000],
	['DYNAMIC', 0x8000],
];

/** The flags SIOCGIFFLAGS reports: the link's flags, plus RUNNING when it is up and operational. */
function kernelFlags(device: Interface): number {
	let bits = 0;
	for (const [name, bit] of flagBits) if (device.flags.includes(name)) bits |= bit;
	const operational = device.state === 'UP' || device.state === 'UNKNOWN' || device.state === null;
	if ((bits & 0x1) !== 0 && operational) bits |= 0x40;
	return bits;
}

function flagNames(bits: number, flavor: ToolFlavor): readonly string[] {
	return flagBits.filter(([name, bit]) => (bits & bit) !== 0 && (flavor === 'gnu' || name !== 'DYNAMIC')).map(([name]) => name);
}

/** net-tools orders devices with nstrcmp (a trailing number compares as a number: eth2 < eth10). */
function nstrcmp(a: string, b: string): number {
	const stem = (name: string) => name.replace(/\d+$/, '');
	const [aStem, bStem] = [stem(a), stem(b)];
	const common = Math.min(aStem.length, bStem.length);
	const head = strcmp(aStem.slice(0, common), bStem.slice(0, common));
	if (head !== 0) return head;
	if (aStem.length !== bStem.length) return aStem.length > bStem.length ? 1 : -1;
	const [aNumber, bNumber] = [Number(a.slice(aStem.length) || '0'), Number(b.slice(bStem.length) || '0')];
	if (aNumber !== bNumber) return aNumber < bNumber ? -1 : 1;
	return strcmp(a, b);
}

function strcmp(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Scope type bits of /proc/net/if_inet6 and the names both tools give them. */
function ipv6Scope(entry: InterfaceAddress): {readonly id: number; readonly gnu: string; readonly busybox: string} {
	if (entry.scope === 'host') return {id: 0x10, gnu: 'host', busybox: 'Host'};
	if (entry.scope === 'link') return {id: 0x20, gnu: 'link', busybox: 'Link'};
	if (entry.scope === 'site') return {id: 0x40, gnu: 'site', busybox: 'Site'};
	return {id: 0, gnu: 'global', busybox: 'Global'};
}

type Hardware = {
	readonly gnuName: string;
	readonly gnuAddress: string | null;
	readonly title: string;
	readonly busyboxTitle: string;
	readonly busyboxAddress: string | null;
};

const unspecAddress = Array.from({length: 16}, () => '00').join('-');

/** net-tools' hardware line and BusyBox's `Link encap` (BusyBox knows no ipip: UNSPEC). */
function hardware(device: Interface, link: KernelLink): Hardware {
	switch (device.linkType) {
		case 'loopback':
			return {gnuName: 'loop', gnuAddress: null, title: 'Local Loopback', busyboxTitle: 'Local Loopback', busyboxAddress: null};
		case 'ipip':
			return {gnuName: 'tunnel', gnuAddress: '', title: 'IPIP Tunnel', busyboxTitle: 'UNSPEC', busyboxAddress: unspecAddress};
		case 'ether':
		case null:
			return {gnuName: 'ether', gnuAddress: link.address, title: 'Ethernet', busyboxTitle: 'Ethernet', busyboxAddress: link.address.toUpperCase()};
		default:
			return {gnuName: 'unspec', gnuAddress: unspecAddress, title: 'UNSPEC', busyboxTitle: 'UNSPEC', busyboxAddress: unspecAddress};
	}
}

function primaryIpv4(device: Interface): InterfaceAddress | null {
	return device.addresses.find(entry => entry.family === 4 && !entry.flags.includes('secondary')) ?? null;
}

function ipv6Addresses(device: Interface): readonly InterfaceAddress[] {
	return device.addresses.filter(entry => entry.family === 6);
}

function gnuBlock(device: Interface, link: KernelLink): string {
	const bits = kernelFlags(device);
	const names = flagNames(bits, 'gnu');
	const rows = [`${device.name}: flags=${bits}<${names.join(',')}${names.length > 0 ? '>' : ''}  mtu ${device.mtu ?? 1500}`];
	const v4 = primaryIpv4(device);
	if (v4 !== null) {
		let row = `        inet ${v4.address}  netmask ${lengthToMask(v4.prefixLength)}`;
		if ((bits & 0x2) !== 0) row += `  broadcast ${link.inetBroadcast[v4.cidr] ?? '0.0.0.0'}`;
		if ((bits & 0x10) !== 0) row += `  destination ${v4.peer ?? v4.address}`;
		rows.push(row);
	}
	for (const entry of ipv6Addresses(device)) {
		const scope = ipv6Scope(entry);
		rows.push(`        inet6 ${entry.address}  prefixlen ${entry.prefixLength}  scopeid 0x${scope.id.toString(16)}<${scope.gnu}>`);
	}
	const hw = hardware(device, link);
	rows.push(`        ${hw.gnuName}${hw.gnuAddress === null ? '' : ` ${hw.gnuAddress}`}  txqueuelen ${link.txqlen}  (${hw.title})`);
	rows.push(
		'        RX packets 0  bytes 0 (0.0 B)',
		'        RX errors 0  dropped 0  overruns 0  frame 0',
		'        TX packets 0  bytes 0 (0.0 B)',
		'        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0',
		'',
	);
	return rows.map(row => `${row}\n`).join('');
}

function busyboxBlock(device: Interface, link: KernelLink): string {
	const bits = kernelFlags(device);
	const hw = hardware(device, link);
	const rows = [`${left(device.name, 9)} Link encap:${hw.busyboxTitle}  ${hw.busyboxAddress === null ? '' : `HWaddr ${hw.busyboxAddress}  `}`];
	const v4 = primaryIpv4(device);
	if (v4 !== null) {
		let row = `          inet addr:${v4.address} `;
		if ((bits & 0x10) !== 0) row += ` P-t-P:${v4.peer ?? v4.address} `;
		if ((bits & 0x2) !== 0) row += ` Bcast:${link.inetBroadcast[v4.cidr] ?? '0.0.0.0'} `;
		rows.push(`${row} Mask:${lengthToMask(v4.prefixLength)}`);
	}
	for (const entry of ipv6Addresses(device)) rows.push(`          inet6 addr: ${entry.address}/${entry.prefixLength} Scope:${ipv6Scope(entry).busybox}`);
	const names = flagNames(bits, 'busybox');
	rows.push(`          ${names.length === 0 ? '[NO FLAGS] ' : names.map(name => `${name} `).join('')} MTU:${device.mtu ?? 1500}  Metric:1`);
	rows.push(
		'          RX packets:0 errors:0 dropped:0 overruns:0 frame:0',
		'          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0',
		`          collisions:0 txqueuelen:${link.txqlen} `,
		'          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)',
		'',
	);
	return rows.map(row => `${row}\n`).join('');
}

export type IfconfigOptions = {
	/** `-a`: devices that are down too. */
	readonly all?: boolean;
	/** `ifconfig NAME`: only that device (shown even when down). */
	readonly device?: string;
};

/** `ifconfig [-a] [NAME]`; null when NAME is not a device (the caller prints the tool's error). */
export function renderIfconfig(kernel: NodeKernel, flavor: ToolFlavor, options: IfconfigOptions = {}): string | null {
	let devices: Interface[];
	if (options.device !== undefined) {
		const device = kernel.interfaces.find(candidate => candidate.name === options.device);
		if (device === undefined) return null;
		devices = [device];
	} else {
		devices = kernel.interfaces.filter(device => options.all === true || device.flags.includes('UP'));
		devices.sort((a, b) => (flavor === 'gnu' ? nstrcmp(a.name, b.name) : strcmp(a.name, b.name)));
	}
	return devices.map(device => (flavor === 'gnu' ? gnuBlock : busyboxBlock)(device, linkOf(kernel, device))).join('');
}
