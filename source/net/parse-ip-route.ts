/**
 * `ip route` text (iproute2 and BusyBox), also `show table all`, `-6`, and `ip route get` lines.
 * See route-and-addr-formats.md §4.1. A keyword tokenizer, never columns (BusyBox doubles spaces):
 * `[TYPE] PREFIX|default [KEY VALUE | FLAG]...`, multipath nexthops on tab-indented lines below.
 *
 * - Family: from the destination; for `default`, the gateway's (or `src`, or `pref` = IPv6), else the `family`
 *   argument, else 4.
 * - Reject kinds (blackhole, unreachable, prohibit, throw) on `dev lo` (IPv6 prints that) get no interface.
 * - A BusyBox multipath route prints no nexthops: kept, without next hops, and warned about.
 * - Unknown keywords are warned about once per line; the route is kept.
 */
import {canonicalIp, parseIp, parsePrefix, type Family} from './ip.js';
import {isRouteTypeWord, makeRoute, parseMetric, parseUint, routeTypeWords, tokens, warning, numberedLines, warningList} from './parse-support.js';
import type {NextHop, Route, RouteKind, RouteParseResult} from './types.js';

const flagWords = new Set([
	'onlink',
	'linkdown',
	'dead',
	'pervasive',
	'offload',
	'notify',
	'unresolved',
	'trap',
	'rt_offload',
	'rt_trap',
	'rt_offload_failed',
]);

/** Keywords followed by one value that the route model does not keep (route metrics may add `lock`). */
const ignoredValueWords = new Set([
	'advmss',
	'rtt',
	'rttvar',
	'reordering',
	'window',
	'cwnd',
	'initcwnd',
	'initrwnd',
	'ssthresh',
	'rto_min',
	'hoplimit',
	'features',
	'quickack',
	'congctl',
	'fastopen_no_cookie',
	'realm',
	'realms',
	'expires',
	'error',
	'nhid',
	'uid',
	'from',
	'tos',
	'dsfield',
	'iif',
	'oif',
	'ttl-propagate',
]);

/** Words that stand alone and mean nothing for the route model (`ip route get` prints `cache`). */
const ignoredWords = new Set(['cache', 'lock']);

const rejectKinds: ReadonlySet<RouteKind> = new Set(['blackhole', 'unreachable', 'prohibit', 'throw']);

type Fields = {
	gateway: string | null;
	dev: string | null;
	protocol: string | null;
	scope: string | null;
	src: string | null;
	metric: number;
	table: string | null;
	mtu: number | null;
	weight: number | null;
	onlink: boolean;
	linkdown: boolean;
	hasPref: boolean;
};

type Scan = {readonly fields: Fields; readonly problems: readonly string[]};

/** Reads `KEY VALUE` pairs and flags from `words[start..]`. Linear; never throws. */
function scanFields(words: readonly string[], start: number): Scan {
	const fields: Fields = {
		gateway: null,
		dev: null,
		protocol: null,
		scope: null,
		src: null,
		metric: 0,
		table: null,
		mtu: null,
		weight: null,
		onlink: false,
		linkdown: false,
		hasPref: false,
	};
	const problems: string[] = [];
	const unknown: string[] = [];
	let i = start;
	const value = (key: string): string | null => {
		const next = words[i + 1];
		if (next === undefined) {
			problems.push(`\`${key}\` without a value`);
			return null;
		}
		i++;
		return next;
	};
	for (; i < words.length; i++) {
		const word = words[i]!;
		switch (word) {
			case 'via': {
				let next = value(word);
				if (next === 'inet' || next === 'inet6') next = value(word);
				if (next === null) break;
				const ip = canonicalIp(next);
				if (ip === null) problems.push(`gateway ${next} is not an IP`);
				else fields.gateway = ip;
				break;
			}
			case 'dev': {
				fields.dev = value(word);
				break;
			}
			case 'proto': {
				fields.protocol = value(word);
				break;
			}
			case 'scope': {
				fields.scope = value(word);
				break;
			}
			case 'src': {
				const next = value(word);
				if (next === null) break;
				const ip = canonicalIp(next);
				if (ip === null) problems.push(`src ${next} is not an IP`);
				else fields.src = ip;
				break;
			}
			case 'metric': {
				const next = value(word);
				if (next === null) break;
				const metric = parseMetric(next);
				if (metric === null) problems.push(`metric ${next} is not a 32-bit number`);
				else fields.metric = metric;
				break;
			}
			case 'table': {
				const next = value(word);
				fields.table = next === 'main' ? null : next;
				break;
			}
			case 'mtu': {
				let next = value(word);
				if (next === 'lock') next = value(word);
				if (next === null) break;
				const mtu = parseUint(next, 0xffff_ffff);
				if (mtu === null) problems.push(`mtu ${next} is not a number`);
				else fields.mtu = mtu;
				break;
			}
			case 'weight': {
				const next = value(word);
				if (next !== null) fields.weight = parseUint(next, 256);
				break;
			}
			case 'pref': {
				fields.hasPref = true;
				value(word);
				break;
			}
			case 'encap': {
				// Lightweight tunnel encapsulation has its own grammar; the route stays, the rest is dropped.
				problems.push('`encap` details ignored');
				i = words.length;
				break;
			}
			default: {
				if (word === 'onlink') fields.onlink = true;
				else if (word === 'linkdown') fields.linkdown = true;
				else if (flagWords.has(word) || ignoredWords.has(word)) {
					// Known flag without a field in the model.
				} else if (ignoredValueWords.has(word)) {
					if (words[i + 1] === 'lock') i++;
					value(word);
				} else unknown.push(word);
			}
		}
	}
	if (unknown.length > 0) problems.push(`unknown words ignored: ${unknown.slice(0, 5).join(' ')}`);
	return {fields, problems};
}

function familyOf(text: string): Family | null {
	return parseIp(text)?.family ?? null;
}

type Pending = {route: Route; nexthops: NextHop[]; raw: string};

/** Parses `ip route` / `ip -6 route` / `ip route show table all` text, iproute2 or BusyBox. */
export function parseIpRoute(text: string, family?: 4 | 6): RouteParseResult {
	const warnings = warningList();
	const pendings: Pending[] = [];
	let busybox = false;
	/** The route the next `nexthop` line belongs to: only the one directly above (null after a skipped line). */
	let attachTo: Pending | null = null;
	for (const [line, raw] of numberedLines(text)) {
		const words = tokens(raw);
		if (words.length === 0) continue;
		if (/^\s/.test(raw)) {
			const last = attachTo;
			if (words[0] === 'nexthop' && last) {
				const {fields, problems} = scanFields(words, 1);
				for (const problem of problems) warnings.add(warning(line, raw, problem));
				last.nexthops.push({
					gateway: fields.gateway,
					interface: fields.dev,
					weight: fields.weight,
					onlink: fields.onlink,
					linkdown: fields.linkdown,
				});
			} else if (words[0] === 'nexthop') {
				warnings.add(warning(line, raw, 'nexthop line without its route'));
			} else if (words[0] !== 'cache') {
				warnings.add(warning(line, raw, 'indented line not understood'));
			}
			continue;
		}
		attachTo = null;
		// BusyBox prints two spaces between some fields (`dev eth0  metric 100`); iproute2 never does.
		if (raw.trimEnd().includes('  ')) busybox = true;
		let start = 0;
		let kind: RouteKind = 'unicast';
		if (isRouteTypeWord(words[0]!) && words.length > 1) {
			kind = routeTypeWords[words[0]!]!;
			start = 1;
		}
		const destinationText = words[start]!;
		const {fields, problems} = scanFields(words, start + 1);
		if (problems.some(problem => problem.startsWith('gateway') || problem.startsWith('metric'))) {
			warnings.add(warning(line, raw, `${problems.join('; ')}; route skipped`));
			continue;
		}
		for (const problem of problems) warnings.add(warning(line, raw, problem));
		const routeFamily: Family =
			destinationText === 'default'
				? // The route's own evidence first: `table all` lists both families whatever the caller expects.
					((fields.gateway ? familyOf(fields.gateway) : null) ??
					(fields.src ? familyOf(fields.src) : null) ??
					(fields.hasPref ? 6 : null) ??
					family ??
					4)
				: (familyOf(destinationText.split('/')[0]!) ?? 4);
		const prefix = parsePrefix(destinationText, routeFamily);
		if (prefix === null) {
			warnings.add(warning(line, raw, `destination ${destinationText} is not a prefix; line skipped`));
			continue;
		}
		const reject = rejectKinds.has(kind);
		const route = makeRoute({
			family: prefix.family,
			destination: prefix.cidr,
			gateway: fields.gateway,
			interface: reject && fields.dev === 'lo' ? null : fields.dev,
			kind,
			metric: fields.metric,
			table: fields.table,
			protocol: fields.protocol,
			scope: fields.scope,
			preferredSource: fields.src,
			onlink: fields.onlink,
			linkdown: fields.linkdown,
			mtu: fields.mtu,
			source: 'ip-route',
			line,
		});
		attachTo = {route, nexthops: [], raw};
		pendings.push(attachTo);
	}
	const source = busybox ? 'ip-route-busybox' : 'ip-route';
	const routes: Route[] = [];
	for (const {route, nexthops, raw} of pendings) {
		const first = nexthops[0];
		if (first) {
			routes.push({
				...route,
				source,
				gateway: first.gateway,
				interface: first.interface,
				onlink: first.onlink,
				linkdown: first.linkdown,
				nexthops,
			});
			continue;
		}
		if (route.kind === 'unicast' && route.gateway === null && route.interface === null) {
			warnings.add(
				warning(
					route.line,
					raw,
					'multipath route without nexthops (BusyBox prints none): next hops unknown; collect iproute2 `ip route`',
				),
			);
		}
		routes.push(busybox ? {...route, source} : route);
	}
	return {format: source, routes, warnings: warnings.list()};
}
