/**
 * `route -n` (net-tools 2.10, net-tools 1.60 and BusyBox), IPv4 and `-A inet6`, told apart per row.
 * See route-and-addr-formats.md §2. Rows are read as whitespace tokens, never as columns.
 *
 * Kinds, since this format cannot tell them apart:
 * - IPv4 `!` (unreachable or prohibit) → `unreachable`, kindUncertain.
 * - IPv4 Iface `*` without `!` (blackhole or throw) → `blackhole`, kindUncertain.
 * - IPv6 `!n` on `lo` (blackhole, unreachable, prohibit or throw) → `blackhole`, kindUncertain, no interface:
 *   Calico's own /122 block is the common case, and `lo` there never means "local".
 * - IPv6 `Un` → `local`; `ff00::/8` → `multicast`. The kernel's null entries (`::/0 !n -1 lo`, one per table)
 *   are dropped: they mean "no route" (ENETUNREACH), which `ip -6 route` does not list either.
 * Names instead of IPs (`route` without `-n`, as in the seed): `default` → 0.0.0.0/0; a gateway name is kept
 * with gatewayIsName and a `degraded-input:` warning; any other destination name skips the row.
 */
import {canonicalIp, maskToLength, parseIPv4, parsePrefix} from './ip.js';
import {makeRoute, parseMetric, tokens, warning, numberedLines, warningList} from './parse-support.js';
import type {ParseWarning, Route, RouteParseResult, SourceFormat} from './types.js';

/** Where the fields sit in an IPv4 row, from its header (`-e` and `-ee` move them). */
type Layout = {
	readonly columns: number;
	readonly metric: number | null;
	readonly iface: number;
	readonly note: string | null;
};

const standardLayout: Layout = {columns: 8, metric: 4, iface: 7, note: null};

const namesWarning =
	'degraded-input: host names instead of IPs (route without -n): names are cut to 15 characters and may be stale; collect `route -n`';

function layoutFromHeader(words: readonly string[]): Layout {
	const iface = words.indexOf('Iface');
	const metric = words.indexOf('Metric');
	if (iface === 7 && metric === 4 && words.length === 8) return standardLayout;
	if (iface === -1) return {...standardLayout, columns: words.length, note: 'unknown route header'};
	const note =
		metric === -1
			? 'degraded-input: `route -e` layout has no Metric column (metrics read as 0); collect `route -n`'
			: iface < words.length - 1
				? 'degraded-input: `route -ee` cuts Iface to 6 characters; collect `route -n`'
				: null;
	return {columns: words.length, metric: metric === -1 ? null : metric, iface, note};
}

type RowResult = {readonly route: Route | null; readonly warnings: readonly ParseWarning[]; readonly busybox: boolean};

const flagsPattern = /^[A-Za-z!]{1,16}$/;

function parseV4Row(words: readonly string[], layout: Layout, line: number, raw: string): RowResult {
	const skip = (reason: string): RowResult => ({route: null, warnings: [warning(line, raw, reason)], busybox: false});
	if (words.length !== layout.columns) return skip(`expected ${layout.columns} columns, found ${words.length}`);
	const [destinationText, gatewayText, maskText, flags] = words as [string, string, string, string];
	const ifaceText = words[layout.iface]!;
	const warnings: ParseWarning[] = [];
	const length = maskToLength(maskText);
	if (length === null) {
		return skip(parseIPv4(maskText) === null ? `Genmask ${maskText} is not an IPv4 mask` : `non-contiguous Genmask ${maskText}`);
	}
	let destination: string;
	if (destinationText === 'default') {
		destination = '0.0.0.0/0';
		warnings.push(warning(line, raw, namesWarning));
	} else {
		if (parseIPv4(destinationText) === null) {
			return skip(`degraded-input: destination ${destinationText} is a name, not an IP (route without -n); row skipped`);
		}
		destination = parsePrefix(`${destinationText}/${length}`)!.cidr;
	}
	if (!flagsPattern.test(flags)) return skip(`flags ${flags} are not route flags`);
	const reject = flags.includes('!');
	let metric = 0;
	if (layout.metric !== null) {
		const parsed = parseMetric(words[layout.metric]!);
		if (parsed === null) return skip(`metric ${words[layout.metric]!} is not a 32-bit number`);
		metric = parsed;
	}
	let gateway: string | null = null;
	let gatewayIsName = false;
	if (gatewayText !== '0.0.0.0' && gatewayText !== '*' && gatewayText !== '-') {
		const ip = parseIPv4(gatewayText) === null ? null : canonicalIp(gatewayText);
		if (ip === null) {
			gateway = gatewayText;
			gatewayIsName = true;
			if (warnings.length === 0) warnings.push(warning(line, raw, namesWarning));
		} else {
			gateway = ip;
		}
	}
	const iface = ifaceText === '*' || ifaceText === '-' ? null : ifaceText;
	const kind = reject ? 'unreachable' : iface === null ? 'blackhole' : 'unicast';
	// BusyBox prints reject rows with normal columns; net-tools prints `-` for Gateway, Ref and Iface.
	const busybox = reject && gatewayText !== '-';
	const route = makeRoute({
		family: 4,
		destination,
		gateway,
		gatewayIsName,
		interface: iface,
		kind,
		kindUncertain: kind !== 'unicast',
		metric,
		flags,
		source: 'route-n',
		line,
	});
	return {route, warnings, busybox};
}

function parseV6Row(words: readonly string[], line: number, raw: string): RowResult {
	const skip = (reason: string): RowResult => ({route: null, warnings: [warning(line, raw, reason)], busybox: false});
	// net-tools: Destination, Next Hop, Flag, Met, Ref, Use, If; Ref and Use merge in old versions (6 tokens).
	if (words.length < 6 || words.length > 7) return skip(`expected 7 columns (6 with merged Ref/Use), found ${words.length}`);
	const [destinationText, nextHopText, flags, metricText] = words as [string, string, string, string];
	const ifaceText = words.at(-1)!;
	const prefix = destinationText.includes('/') ? parsePrefix(destinationText) : null;
	if (prefix === null || prefix.family !== 6) return skip(`destination ${destinationText} is not an IPv6 prefix`);
	if (!flagsPattern.test(flags)) return skip(`flags ${flags} are not route flags`);
	const metric = parseMetric(metricText);
	if (metric === null) return skip(`metric ${metricText} is not a 32-bit number`);
	const reject = flags.includes('!');
	if (reject && prefix.length === 0 && metric === 4_294_967_295) return {route: null, warnings: [], busybox: false};
	const warnings: ParseWarning[] = [];
	let gateway: string | null = null;
	let gatewayIsName = false;
	if (nextHopText !== '::' && nextHopText !== '*' && nextHopText !== '-') {
		const ip = canonicalIp(nextHopText);
		if (ip === null || !ip.includes(':')) {
			gateway = nextHopText;
			gatewayIsName = true;
			warnings.push(warning(line, raw, namesWarning));
		} else {
			gateway = ip;
		}
	}
	const kind = reject
		? 'blackhole'
		: flags.includes('n') && !flags.includes('G')
			? 'local'
			: prefix.address.startsWith('ff') && prefix.length >= 8
				? 'multicast'
				: 'unicast';
	const route = makeRoute({
		family: 6,
		destination: prefix.cidr,
		gateway,
		gatewayIsName,
		interface: reject || ifaceText === '*' || ifaceText === '-' ? null : ifaceText,
		kind,
		kindUncertain: reject,
		metric,
		flags,
		source: 'route-n-inet6',
		line,
	});
	return {route, warnings, busybox: false};
}

/** Parses `route -n` / `route -n -A inet6` text (also several tables pasted one after another). */
export function parseRouteN(text: string): RouteParseResult {
	const routes: Route[] = [];
	const warnings = warningList();
	let layout: Layout = standardLayout;
	let busybox = false;
	let sawV4 = false;
	let sawV6 = false;
	for (const [line, raw] of numberedLines(text)) {
		const words = tokens(raw);
		if (words.length === 0) continue;
		const first = words[0]!;
		if (first === 'Kernel') {
			if (raw.includes('IPv6')) sawV6 = true;
			else sawV4 = true;
			continue;
		}
		if (first === 'Destination') {
			if (words[1] === 'Next') {
				sawV6 = true;
			} else {
				layout = layoutFromHeader(words);
				if (layout.note !== null) warnings.add(warning(line, raw, layout.note));
			}
			continue;
		}
		const v6 = first.includes(':');
		const result = v6 ? parseV6Row(words, line, raw) : parseV4Row(words, layout, line, raw);
		if (v6) sawV6 = true;
		else sawV4 = true;
		for (const item of result.warnings) warnings.add(item);
		if (result.route) routes.push(result.route);
		busybox ||= result.busybox;
	}
	const format: SourceFormat = sawV6 && !sawV4 ? 'route-n-inet6' : busybox ? 'route-n-busybox' : 'route-n';
	const tagged = busybox ? routes.map(route => (route.family === 4 ? {...route, source: format} : route)) : routes;
	return {format, routes: tagged, warnings: warnings.list()};
}
