/**
 * `ifconfig` text, both layouts (net-tools `lib/interface.c` and BusyBox `networking/interface.c`
 * `ife_print`), blocks separated by blank lines:
 * ```
 * eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500                          net-tools 2.x
 *         inet 172.20.0.5  netmask 255.255.0.0  broadcast 172.20.255.255
 *         inet6 fe80::8837:dbff:fea5:b041  prefixlen 64  scopeid 0x20<link>
 *         ether 8a:37:db:a5:b0:41  txqueuelen 1000  (Ethernet)
 * tunl0: flags=193<UP,RUNNING,NOARP>  mtu 1480
 *         tunnel   txqueuelen 1000  (IPIP Tunnel)
 *
 * eth0      Link encap:Ethernet  HWaddr 8A:37:DB:A5:B0:41                             BusyBox, net-tools ≤ 1.60
 *           inet addr:172.20.0.5  Bcast:172.20.255.255  Mask:255.255.0.0
 *           inet6 addr: fe80::8837:dbff:fea5:b041/64 Scope:Link
 *           UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1
 * tun0      Link encap:UNSPEC  HWaddr 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00
 *           inet addr:10.99.0.1  P-t-P:10.99.0.2  Mask:255.255.255.255
 * ```
 * What ifconfig cannot show: only the primary IPv4 address of a device (secondaries appear only as alias
 * blocks `eth0:1`, merged here into `eth0`), no operstate (state is `DOWN` when UP or RUNNING is missing,
 * else null), no ifindex, veth peer or master. Flags are the ifconfig names (`RUNNING`, not `LOWER_UP`).
 * Statistics lines are skipped. Pure: linear, never throws.
 */
import {canonicalIp, maskToLength, maxLength, parseIp} from './ip.js';
import {makeInterface} from './make-interface.js';
import {parseUint, splitLines, tokens, warning} from './parse-support.js';
import type {AddrParseResult, Interface, InterfaceAddress, ParseWarning, SourceFormat} from './types.js';

/** `eth0: flags=4163<UP,…>  mtu 1500` (an alias label keeps its colon: `eth0:1: flags=…`). */
const netToolsHeader = /^(\S+?): flags=(\d{1,10})<([^>]*)>(?:\s+mtu (\d{1,10}))?/;
/** `eth0      Link encap:Ethernet  HWaddr 8A:…` (the title may have spaces: `Local Loopback`; cut in code). */
const linkEncapHeader = /^(\S+)\s+Link encap:(.*)$/;

/** `Ethernet  HWaddr 8A:…` → `Ethernet`: the text before HWaddr (a linear scan, no backtracking regex). */
function encapTitle(rest: string): string {
	const at = rest.search(/\sHWaddr(?:\s|$)/);
	return (at === -1 ? rest : rest.slice(0, at)).trim();
}

/** net-tools hardware names (first word of its link line) → iproute2 `link/…` types. */
const linkTypeByHwName: Readonly<Record<string, string>> = {
	ether: 'ether',
	loop: 'loopback',
	tunnel: 'ipip',
	sit: 'sit',
	unspec: 'none',
	ppp: 'ppp',
	infiniband: 'infiniband',
};

/** BusyBox / old net-tools hardware titles (`Link encap:TITLE`) → iproute2 `link/…` types. */
const linkTypeByTitle: Readonly<Record<string, string>> = {
	Ethernet: 'ether',
	'Local Loopback': 'loopback',
	'IPIP Tunnel': 'ipip',
	'IPv6-in-IPv4': 'sit',
	UNSPEC: 'none',
	'Point-to-Point Protocol': 'ppp',
	InfiniBand: 'infiniband',
};

/** `scopeid 0x20<link>` bits (the kernel's IPV6_ADDR_* scope types) → iproute2 scope names. */
function scopeOfId(id: number): string {
	const scope = id & 0x00f0;
	return scope === 0 ? 'global' : scope === 0x10 ? 'host' : scope === 0x20 ? 'link' : scope === 0x40 ? 'site' : 'global';
}

type Draft = {
	name: string;
	flags: string[];
	mtu: number | null;
	linkType: string | null;
	addresses: InterfaceAddress[];
};

function ipv4Address(address: string, mask: string | undefined, peer: string | undefined): InterfaceAddress | string {
	const ip = parseIp(address);
	if (ip === null || ip.family !== 4) return `${address} is not an IPv4 address`;
	const length = mask === undefined ? 32 : maskToLength(mask);
	if (length === null) return `${mask!} is not a netmask`;
	const canonical = canonicalIp(address)!;
	const peerIp = peer === undefined ? null : canonicalIp(peer);
	return {family: 4, address: canonical, prefixLength: length, cidr: `${canonical}/${length}`, peer: peerIp, scope: null, flags: []};
}

function ipv6Address(address: string, lengthText: string | undefined, scope: string | null): InterfaceAddress | string {
	const ip = parseIp(address);
	if (ip === null || ip.family !== 6) return `${address} is not an IPv6 address`;
	const length = lengthText === undefined ? maxLength(6) : parseUint(lengthText, maxLength(6));
	if (length === null) return `${lengthText!} is not a prefix length`;
	const canonical = canonicalIp(address)!;
	return {family: 6, address: canonical, prefixLength: length, cidr: `${canonical}/${length}`, peer: null, scope, flags: []};
}

/** Value after `key` in a word list (`netmask M`), or after `key:` inside one word (`Mask:M`). */
function valueAfter(words: readonly string[], key: string): string | undefined {
	for (let i = 0; i < words.length; i++) {
		const word = words[i]!;
		if (word === key) return words[i + 1];
		if (word.startsWith(`${key}:`) && word.length > key.length + 1) return word.slice(key.length + 1);
	}
	return undefined;
}

/** An indented line of a net-tools 2.x block. */
function readNetToolsLine(draft: Draft, words: readonly string[]): string | null {
	const first = words[0]!;
	if (first === 'inet') {
		const address = ipv4Address(words[1] ?? '', valueAfter(words, 'netmask'), valueAfter(words, 'destination'));
		if (typeof address === 'string') return address;
		draft.addresses.push(address);
	} else if (first === 'inet6') {
		const scopeId = valueAfter(words, 'scopeid');
		const scopeMatch = scopeId === undefined ? null : /^0x([0-9a-fA-F]{1,8})/.exec(scopeId);
		const scope = scopeMatch ? scopeOfId(Number.parseInt(scopeMatch[1]!, 16)) : null;
		const address = ipv6Address(words[1] ?? '', valueAfter(words, 'prefixlen'), scope);
		if (typeof address === 'string') return address;
		draft.addresses.push(address);
	} else if (Object.hasOwn(linkTypeByHwName, first) && /\(.*\)$/.test(words.join(' '))) {
		draft.linkType = linkTypeByHwName[first]!;
	}
	// RX/TX statistics, `media`, `loop` without txqueuelen and the like are skipped.
	return null;
}

/** An indented line of a BusyBox / net-tools 1.60 block. */
function readLinkEncapLine(draft: Draft, words: readonly string[]): string | null {
	const first = words[0]!;
	if (first === 'inet' && words[1]?.startsWith('addr:')) {
		const address = ipv4Address(words[1].slice('addr:'.length), valueAfter(words, 'Mask'), valueAfter(words, 'P-t-P'));
		if (typeof address === 'string') return address;
		draft.addresses.push(address);
	} else if (first === 'inet6' && words[1] === 'addr:') {
		const text = words[2] ?? '';
		const slash = text.indexOf('/');
		const scopeText = valueAfter(words, 'Scope')?.toLowerCase();
		const scope = scopeText === undefined || scopeText === 'unknown' || scopeText === 'compat' ? null : scopeText;
		const address = ipv6Address(slash === -1 ? text : text.slice(0, slash), slash === -1 ? undefined : text.slice(slash + 1), scope);
		if (typeof address === 'string') return address;
		draft.addresses.push(address);
	} else if (words.some(word => /^MTU:\d/.test(word))) {
		// `UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1` (`[NO FLAGS]` when none).
		const mtuAt = words.findIndex(word => /^MTU:\d/.test(word));
		draft.flags = words.slice(0, mtuAt).filter(word => /^[A-Z][A-Z0-9_-]*$/.test(word));
		draft.mtu = parseUint(words[mtuAt]!.slice('MTU:'.length), 0xffff_ffff);
	}
	return null;
}

function finish(draft: Draft, source: SourceFormat): Interface {
	const up = draft.flags.includes('UP') && draft.flags.includes('RUNNING');
	const {name, flags, mtu, linkType, addresses} = draft;
	return makeInterface({name, flags, state: up ? null : 'DOWN', mtu, linkType, addresses, source});
}

/** `eth0:1` (an alias label) → `eth0`; other names stay. */
function deviceOf(name: string): string {
	const match = /^([^:]+):\d+$/.exec(name);
	return match ? match[1]! : name;
}

/** Parses `ifconfig` / `ifconfig -a` text, net-tools 2.x or BusyBox (and net-tools ≤ 1.60). */
export function parseIfconfig(text: string): AddrParseResult {
	const warnings: ParseWarning[] = [];
	const drafts = new Map<string, Draft>();
	let current: Draft | null = null;
	let currentIsNetTools = true;
	let sawNetTools = false;
	let sawLinkEncap = false;
	const lines = splitLines(text);
	for (let i = 0; i < lines.length; i++) {
		const raw = lines[i]!;
		const line = i + 1;
		const words = tokens(raw);
		if (words.length === 0) continue;
		if (!/^\s/.test(raw)) {
			const netTools = netToolsHeader.exec(raw);
			const linkEncap = netTools ? null : linkEncapHeader.exec(raw);
			if (netTools === null && linkEncap === null) {
				warnings.push(warning(line, raw, 'not an ifconfig interface header'));
				current = null;
				continue;
			}
			const label = (netTools ?? linkEncap)![1]!;
			const name = deviceOf(label);
			const alias = name !== label;
			const existing = drafts.get(name);
			current = existing ?? {name, flags: [], mtu: null, linkType: null, addresses: []};
			if (existing === undefined) drafts.set(name, current);
			currentIsNetTools = netTools !== null;
			if (netTools) {
				sawNetTools = true;
				if (!alias || existing === undefined) {
					current.flags = netTools[3]! === '' ? [] : netTools[3]!.split(',');
					current.mtu = netTools[4] === undefined ? null : parseUint(netTools[4], 0xffff_ffff);
				}
			} else {
				sawLinkEncap = true;
				const title = encapTitle(linkEncap![2]!);
				if (!alias || existing === undefined) current.linkType = Object.hasOwn(linkTypeByTitle, title) ? linkTypeByTitle[title]! : null;
			}
			continue;
		}
		if (current === null) {
			warnings.push(warning(line, raw, 'indented line before any interface header'));
			continue;
		}
		const problem = currentIsNetTools ? readNetToolsLine(current, words) : readLinkEncapLine(current, words);
		if (problem !== null) warnings.push(warning(line, raw, problem));
	}
	const format: SourceFormat = sawLinkEncap && !sawNetTools ? 'ifconfig-busybox' : 'ifconfig';
	return {format, interfaces: [...drafts.values()].map(draft => finish(draft, format)), warnings};
}
