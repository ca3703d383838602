/**
 * Which format a file holds, so `analyze --routes FILE` needs no format flag, and one entry point that parses
 * any of them. Looks at the first non-blank lines only (and, for JSON, at the keys of the first entry).
 * BusyBox variants are told apart by the parsers themselves (they need the whole text), so detection names
 * the family of the format and `parseAny` returns the parser's own, more precise, `format`.
 */
import {maskToLength, parseIp} from './ip.js';
import {parseIpAddr} from './parse-ip-addr.js';
import {briefStates, parseIpAddrBrief} from './parse-ip-addr-brief.js';
import {parseIpAddrOneline} from './parse-ip-addr-oneline.js';
import {parseIfconfig} from './parse-ifconfig.js';
import {parseIpAddrJson, parseIpLinkJson} from './parse-ip-json.js';
import {parseIpRouteJson} from './parse-ip-route-json.js';
import {parseIpRoute} from './parse-ip-route.js';
import {parseProcNetRoute} from './parse-proc-net-route.js';
import {parseRouteN} from './parse-route-n.js';
import {isRouteTypeWord, splitLines, tokens, warning} from './parse-support.js';
import type {AddrParseResult, ParseWarning, RouteParseResult, SourceFormat} from './types.js';

/** Re-exported so callers of parseAny can merge `ip -d -j link` kinds without a second import. */
export {mergeLinkKinds} from './parse-ip-json.js';

/** Lines looked at; detection never scans a whole huge input. */
const linesLooked = 20;

const addrHeaderPattern = /^\d{1,10}: [^:@\s]+(?:@[^:\s]+)?: </;

/** `N: name    inet …` from `ip -o addr`; `ip -o link` lines carry a `\` after the header. */
const onelineAddressPattern = /^\d{1,10}: [^:\s]+\s+inet6? /;
const ifconfigPattern = /^\S+?: flags=\d{1,10}<[^>]*>/;
const ifconfigLinkEncapPattern = /^\S+\s+Link encap:/;
/** The command itself, pasted above its output (`$ ifconfig`, `root@node:/# ip -o addr`, `/ # route -n`). */
const commandEchoPattern = /^(?:\S*\s?[$#>]\s*)?(?:sudo\s+)?(?:ifconfig|ip|route|busybox|netstat)(?:\s|$)/;

/** `ip -br addr` / `ip -br link`: a device name, then an operational state. */
function looksLikeBrief(words: readonly string[]): boolean {
	return words.length >= 2 && /^[^:@\s/]+(?:@[^:\s/]+)?$/.test(words[0]!) && briefStates.has(words[1]!) && parseIp(words[0]!) === null;
}

/** `ip -j rule` entries start with their priority; routes never have that key. */
const ruleJsonPattern = /^\[\s*\{\s*"priority"\s*:/;

function detectJson(text: string): SourceFormat | null {
	// The first entry's keys decide; a cut or broken document still shows them as text.
	const head = text.slice(0, 4000);
	if (ruleJsonPattern.test(head)) return null;
	if (head.includes('"ifname"')) return head.includes('"addr_info"') ? 'ip-addr-json' : 'ip-link-json';
	return 'ip-route-json';
}

function looksLikeIpRoute(words: readonly string[]): boolean {
	let first = words[0]!;
	if (isRouteTypeWord(first) && words.length > 1) first = words[1]!;
	if (first === 'default') return true;
	const slash = first.indexOf('/');
	return parseIp(slash === -1 ? first : first.slice(0, slash)) !== null;
}

/** The format of `text`, or null when it is none that netinspect reads. */
export function detectFormat(text: string): SourceFormat | null {
	const trimmed = text.trimStart();
	if (trimmed.startsWith('[')) return detectJson(trimmed);
	let seen = 0;
	for (const raw of splitLines(trimmed.slice(0, 64 * 1024))) {
		const words = tokens(raw);
		if (words.length === 0) continue;
		if (++seen > linesLooked) break;
		const first = words[0]!;
		if (raw.startsWith('Kernel IPv6 routing table')) return 'route-n-inet6';
		if (raw.startsWith('Kernel IP routing table')) return 'route-n';
		if (first === 'Destination') return words[1] === 'Next' ? 'route-n-inet6' : 'route-n';
		if (first === 'Iface' && words[1] === 'Destination') return 'proc-net-route';
		if (addrHeaderPattern.test(raw)) {
			if (raw.includes('\\')) return 'ip-addr-oneline';
			return / (state|group) /.test(raw) ? 'ip-addr' : 'ip-addr-busybox';
		}
		if (onelineAddressPattern.test(raw)) return 'ip-addr-oneline';
		if (ifconfigPattern.test(raw)) return 'ifconfig';
		if (ifconfigLinkEncapPattern.test(raw)) return 'ifconfig-busybox';
		if (/^\s/.test(raw)) continue;
		if (seen === 1 && commandEchoPattern.test(raw)) continue;
		if (looksLikeBrief(words)) return 'ip-addr-brief';
		// A `route -n` table whose header was cut off: Destination Gateway Genmask Flags ….
		if (words.length >= 8 && maskToLength(words[2]!) !== null && /^[A-Za-z!]+$/.test(words[3]!)) return 'route-n';
		if (looksLikeIpRoute(words)) return raw.trimEnd().includes('  ') ? 'ip-route-busybox' : 'ip-route';
		return null;
	}
	return null;
}

export type AnyParseResult =
	| {readonly kind: 'routes'; readonly result: RouteParseResult}
	| {readonly kind: 'interfaces'; readonly result: AddrParseResult}
	| {readonly kind: 'unknown'; readonly warnings: readonly ParseWarning[]};

/** Detects the format of `text` and parses it. */
export function parseAny(text: string): AnyParseResult {
	const format = detectFormat(text);
	switch (format) {
		case 'route-n':
		case 'route-n-busybox':
		case 'route-n-inet6': {
			return {kind: 'routes', result: parseRouteN(text)};
		}
		case 'proc-net-route': {
			return {kind: 'routes', result: parseProcNetRoute(text)};
		}
		case 'ip-route':
		case 'ip-route-busybox': {
			return {kind: 'routes', result: parseIpRoute(text)};
		}
		case 'ip-route-json': {
			return {kind: 'routes', result: parseIpRouteJson(text)};
		}
		case 'ip-addr':
		case 'ip-addr-busybox': {
			return {kind: 'interfaces', result: parseIpAddr(text)};
		}
		case 'ip-addr-json': {
			return {kind: 'interfaces', result: parseIpAddrJson(text)};
		}
		case 'ip-link-json': {
			return {kind: 'interfaces', result: parseIpLinkJson(text)};
		}
		case 'ip-addr-oneline': {
			return {kind: 'interfaces', result: parseIpAddrOneline(text)};
		}
		case 'ip-addr-brief': {
			return {kind: 'interfaces', result: parseIpAddrBrief(text)};
		}
		case 'ifconfig':
		case 'ifconfig-busybox': {
			return {kind: 'interfaces', result: parseIfconfig(text)};
		}
		case null: {
			const lines = splitLines(text);
			const index = lines.findIndex(line => line.trim() !== '');
			if (index === -1) return {kind: 'unknown', warnings: [warning(null, '', 'empty input')]};
			const reason = ruleJsonPattern.test(text.trimStart().slice(0, 4000))
				? 'this is `ip -j rule` output (policy rules), not a route table: pass `ip -j route show table all` instead'
				: 'unknown format: expected route -n, ip route, ip -j route, /proc/net/route, ip addr, ip -o addr, ip -br addr, ifconfig, ip -j addr or ip -d -j link output';
			return {kind: 'unknown', warnings: [warning(index + 1, lines[index]!, reason)]};
		}
	}
}
