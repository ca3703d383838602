/**
 * `ip addr` text, iproute2 and BusyBox (route-and-addr-formats.md §3). Also reads `ip link` and `ip -d addr`
 * (the line after `link/…` then names the link kind: `veth`, `vxlan`, …).
 *
 * The `@` suffix: `@NONE` (no lower link, tunl0), `@ifN` (peer N in another netns), `@name` (peer in this netns).
 * BusyBox is told by the absence of `state` and `group` in every header. Its `@name` is resolved against the
 * local table even for cross-netns veths (`cali…@eth0`), so for BusyBox `peer` is null; only the number of an
 * `@ifN` suffix (the kernel's IFLA_LINK) is kept, as peerIndex.
 */
import {canonicalIp, maxLength, parseIp} from './ip.js';
import {classifyInterface} from './interface-kind.js';
import {addressFlagNames, parseUint, tokens, warning, numberedLines, warningList} from './parse-support.js';
import type {AddrParseResult, Interface, InterfaceAddress} from './types.js';

const headerPattern = /^(\d+): ([^:@\s]+)(?:@([^:\s]+))?: <([^>]*)>(?: (.*))?$/;

const addressFlagWords: ReadonlySet<string> = new Set(addressFlagNames);

/** BusyBox prints IPv6 address flags as hex (`flags 02`); bit → iproute2 name (linux/if_addr.h). */
const hexFlagNames: readonly (readonly [number, string])[] = [
	[0x01, 'secondary'],
	[0x02, 'nodad'],
	[0x04, 'optimistic'],
	[0x08, 'dadfailed'],
	[0x10, 'home'],
	[0x20, 'deprecated'],
	[0x40, 'tentative'],
	[0x80, 'permanent'],
];

/** First word of the `ip -d` details line that follows `link/…`. */
const detailKinds = new Set([
	'veth',
	'vxlan',
	'ipip',
	'bridge',
	'geneve',
	'wireguard',
	'gre',
	'gretap',
	'sit',
	'ip6tnl',
	'vlan',
	'macvlan',
	'ipvlan',
	'bond',
	'dummy',
	'tun',
	'vrf',
]);

/** Interface under construction. */
type Draft = {
	-readonly [K in keyof Interface]: K extends 'addresses' | 'altnames' ? Interface[K][number][] : Interface[K];
} & {headerHasState: boolean; afterLinkLine: boolean};

function parseHeader(match: RegExpExecArray): Draft | string {
	const index = parseUint(match[1]!, 0xffff_ffff);
	if (index === null) return `ifindex ${match[1]!} out of range`;
	const name = match[2]!;
	const suffix = match[3] ?? null;
	const flags = match[4]! === '' ? [] : match[4]!.split(',');
	const tail = tokens(match[5] ?? '');
	let mtu: number | null = null;
	let master: string | null = null;
	let state: string | null = null;
	let headerHasState = false;
	for (let i = 0; i < tail.length; i++) {
		const word = tail[i]!;
		const next = tail[i + 1];
		if (next === undefined) break;
		if (word === 'mtu') mtu = parseUint(next, 0xffff_ffff);
		else if (word === 'master') master = next;
		else if (word === 'state') state = next;
		else if (word !== 'qdisc' && word !== 'mode' && word !== 'group' && word !== 'qlen' && word !== 'link-netnsid') {
			continue;
		}
		if (word === 'state' || word === 'group') headerHasState = true;
		i++;
	}
	const peerIndexMatch = suffix === null ? null : /^if(\d{1,10})$/.exec(suffix);
	return {
		name,
		index,
		peer: suffix,
		peerIndex: peerIndexMatch ? parseUint(peerIndexMatch[1]!, 0xffff_ffff) : null,
		peerNetns: null,
		flags,
		state,
		mtu,
		master,
		linkType: null,
		linkKind: null,
		kind: 'other',
		role: null,
		altnames: [],
		addresses: [],
		source: 'ip-addr',
		headerHasState,
		afterLinkLine: false,
	};
}

function readLinkLine(draft: Draft, words: readonly string[]): void {
	draft.linkType = words[0]!.slice('link/'.length) || null;
	for (let i = 1; i < words.length - 1; i++) {
		if (words[i] === 'link-netns' || words[i] === 'link-netnsid') draft.peerNetns = words[i + 1]!;
	}
}

/** `inet A/L [peer P/L] [brd B] scope S [flags] [LABEL]` and `inet6 A/L [peer P/L] scope S [flags]`. */
export function readAddress(words: readonly string[]): InterfaceAddress | string {
	const family = words[0] === 'inet6' ? 6 : 4;
	const addressText = words[1];
	if (addressText === undefined) return 'address line without an address';
	const slash = addressText.indexOf('/');
	const ip = parseIp(slash === -1 ? addressText : addressText.slice(0, slash));
	if (ip === null || ip.family !== family) return `${addressText} is not an IPv${family} address`;
	let prefixLength = slash === -1 ? null : parseUint(addressText.slice(slash + 1), maxLength(family));
	if (slash !== -1 && prefixLength === null) return `${addressText} has a bad prefix length`;
	let peer: string | null = null;
	let scope: string | null = null;
	const flags: string[] = [];
	for (let i = 2; i < words.length; i++) {
		const word = words[i]!;
		const next = words[i + 1];
		if ((word === 'peer' || word === 'brd' || word === 'any' || word === 'scope' || word === 'metric' || word === 'proto') && next !== undefined) {
			if (word === 'peer') {
				const peerSlash = next.indexOf('/');
				peer = canonicalIp(peerSlash === -1 ? next : next.slice(0, peerSlash));
				if (prefixLength === null && peerSlash !== -1) prefixLength = parseUint(next.slice(peerSlash + 1), maxLength(family));
			} else if (word === 'scope') {
				scope = next;
			}
			i++;
		} else if (word === 'flags' && next !== undefined && /^[0-9a-fA-F]{1,8}$/.test(next)) {
			const bits = Number.parseInt(next, 16);
			for (const [bit, name] of hexFlagNames) if ((bits & bit) !== 0) flags.push(name);
			i++;
		} else if (addressFlagWords.has(word)) {
			flags.push(word);
		}
		// Other words are the label (inet lines end with it) or flags of newer iproute2: harmless, skipped.
	}
	const length = prefixLength ?? maxLength(family);
	const address = canonicalIp(slash === -1 ? addressText : addressText.slice(0, slash))!;
	return {family, address, prefixLength: length, cidr: `${address}/${length}`, peer, scope, flags};
}

function finish(draft: Draft, busybox: boolean, indexByName: ReadonlyMap<string, number>): Interface {
	const {headerHasState: _h, afterLinkLine: _a, ...rest} = draft;
	const classified = classifyInterface(draft.name, draft.linkKind, draft.linkType);
	let {peer, peerIndex} = draft;
	if (busybox) {
		peer = null;
	} else if (peer !== null && peer !== 'NONE' && peerIndex === null) {
		peerIndex = indexByName.get(peer) ?? null;
	}
	return {
		...rest,
		peer,
		peerIndex,
		kind: classified.kind,
		role: classified.role,
		source: busybox ? 'ip-addr-busybox' : 'ip-addr',
	};
}

/** Parses `ip addr` / `ip link` / `ip -d addr` text, iproute2 or BusyBox. */
export function parseIpAddr(text: string): AddrParseResult {
	const warnings = warningList();
	const drafts: Draft[] = [];
	/** The interface the indented lines below belong to; null before the first header and after a rejected one. */
	let current: Draft | null = null;
	/** Line of the rejected header whose indented lines are being dropped, if any. */
	let rejectedHeader: number | null = null;
	for (const [line, raw] of numberedLines(text)) {
		const words = tokens(raw);
		if (words.length === 0) continue;
		if (!/^\s/.test(raw)) {
			const match = headerPattern.exec(raw);
			const draft = match === null ? 'not an interface header' : parseHeader(match);
			if (typeof draft === 'string') {
				// Its addresses must not go to the interface above: they are dropped with a warning each.
				warnings.add(warning(line, raw, `${draft}; its indented lines are dropped`));
				current = null;
				rejectedHeader = line;
			} else {
				drafts.push(draft);
				current = draft;
				rejectedHeader = null;
			}
			continue;
		}
		if (current === null) {
			const reason =
				rejectedHeader === null
					? 'indented line before any interface header'
					: `belongs to the interface header on line ${rejectedHeader}, which was not read; dropped`;
			warnings.add(warning(line, raw, reason));
			continue;
		}
		const first = words[0]!;
		const afterLinkLine = current.afterLinkLine;
		current.afterLinkLine = false;
		if (first.startsWith('link/')) {
			readLinkLine(current, words);
			current.afterLinkLine = true;
		} else if (first === 'inet' || first === 'inet6') {
			const address = readAddress(words);
			if (typeof address === 'string') warnings.add(warning(line, raw, address));
			else current.addresses.push(address);
		} else if (first === 'altname' && words[1] !== undefined) {
			current.altnames.push(words[1]);
		} else if (afterLinkLine && detailKinds.has(first)) {
			current.linkKind = first;
		}
		// Anything else indented (valid_lft, vf, prop, -d details) is harmless and skipped.
	}
	const busybox = drafts.length > 0 && drafts.every(draft => !draft.headerHasState);
	const indexByName = new Map(drafts.map(draft => [draft.name, draft.index!] as const));
	const interfaces = drafts.map(draft => finish(draft, busybox, indexByName));
	return {format: busybox ? 'ip-addr-busybox' : 'ip-addr', interfaces, warnings: warnings.list()};
}
