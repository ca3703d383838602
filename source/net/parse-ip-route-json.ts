/**
 * `ip -j route` (iproute2 ≥ 5.0; see route-and-addr-formats.md §4.2). Every field is type-checked.
 * - Output that does not start with `[`: iproute2 4.14–4.16 silently prints text for `-j route`; one warning,
 *   then the text is read by parseIpRoute (format `ip-route`).
 * - iproute2 4.17–4.20 print `{"blackhole","dst":…}` for non-unicast routes: invalid JSON. One warning naming
 *   the versions and the fix, then the type words are repaired (`{"type":"blackhole",…}`) and parsed.
 */
import {canonicalIp, parseIp, parsePrefix, type Family} from './ip.js';
import {FieldReader, isObject, jsonSnippet, type JsonObject} from './json-fields.js';
import {parseIpRoute} from './parse-ip-route.js';
import {isRouteTypeWord, makeRoute, routeTypeWords, warning, warningList} from './parse-support.js';
import type {NextHop, Route, RouteKind, RouteParseResult} from './types.js';

const rejectKinds: ReadonlySet<RouteKind> = new Set(['blackhole', 'unreachable', 'prohibit', 'throw']);

const textInsteadOfJson =
	'not JSON: this iproute2 prints text for -j route (4.14-4.16); read as `ip route` text; collect `ip route` instead';

const brokenTypeJson =
	'invalid JSON from iproute2 4.17-4.20 (`{"blackhole","dst":…}` for non-unicast routes, fixed in 5.0): type words repaired; upgrade iproute2 or collect `ip route` text';

/** `{"blackhole",` → `{"type":"blackhole",` (linear: a fixed alternation after a literal). */
const brokenTypePattern = /\{"(unicast|local|broadcast|multicast|anycast|blackhole|unreachable|prohibit|throw|nat)",/g;

function familyOf(text: string | null): Family | null {
	return text === null ? null : (parseIp(text)?.family ?? null);
}

/** `gateway` as a string, or RFC 5549 `via: {family, host}`. */
function readGateway(reader: FieldReader): string | null {
	const gateway = reader.string('gateway');
	if (gateway !== null) {
		const ip = canonicalIp(gateway);
		if (ip === null) reader.problems.push(`gateway ${gateway} is not an IP`);
		return ip;
	}
	const via = reader.object('via');
	if (via === null) return null;
	const host = new FieldReader(via).string('host');
	return host === null ? null : canonicalIp(host);
}

function readNextHop(object: JsonObject, problems: string[]): NextHop {
	const reader = new FieldReader(object);
	const flags = reader.strings('flags');
	const hop: NextHop = {
		gateway: readGateway(reader),
		interface: reader.string('dev'),
		weight: reader.integer('weight', 256),
		onlink: flags.includes('onlink'),
		linkdown: flags.includes('linkdown'),
	};
	problems.push(...reader.problems.map(problem => `nexthop ${problem}`));
	return hop;
}

function readMtu(object: JsonObject, reader: FieldReader): number | null {
	if (!reader.has('metrics')) return null;
	// iproute2 5.3+ prints an array of one object; older versions an object.
	const metrics = object['metrics'];
	const list = isObject(metrics) ? [metrics] : reader.objects('metrics');
	for (const entry of list) {
		const mtu = new FieldReader(entry).integer('mtu', 0xffff_ffff);
		if (mtu !== null) return mtu;
	}
	return null;
}

type Entry = {readonly route: Route | null; readonly problems: readonly string[]};

function readRoute(object: JsonObject, family: Family | undefined): Entry {
	const reader = new FieldReader(object);
	const typeText = reader.string('type');
	if (typeText !== null && !isRouteTypeWord(typeText)) return {route: null, problems: [`unknown type ${typeText}`]};
	const kind: RouteKind = typeText === null ? 'unicast' : routeTypeWords[typeText]!;
	const dst = reader.string('dst');
	if (dst === null) return {route: null, problems: ['no dst']};
	const gateway = readGateway(reader);
	if (reader.problems.some(problem => problem.startsWith('gateway'))) return {route: null, problems: reader.problems};
	const nexthopProblems: string[] = [];
	const nexthops = reader.objects('nexthops').map(hop => readNextHop(hop, nexthopProblems));
	const preferredSource = reader.string('prefsrc');
	const routeFamily: Family =
		dst === 'default'
			? // The route's own evidence first: `table all` lists both families whatever the caller expects.
				(familyOf(gateway) ??
				familyOf(nexthops[0]?.gateway ?? null) ??
				familyOf(preferredSource) ??
				(reader.has('pref') ? 6 : null) ??
				family ??
				4)
			: (familyOf(dst.split('/')[0]!) ?? 4);
	const prefix = parsePrefix(dst, routeFamily);
	if (prefix === null) return {route: null, problems: [`dst ${dst} is not a prefix`]};
	const metric = reader.integer('metric', 0xffff_ffff);
	const flags = reader.strings('flags');
	const dev = reader.string('dev');
	const table = reader.string('table', true);
	const first = nexthops[0];
	const route = makeRoute({
		family: prefix.family,
		destination: prefix.cidr,
		gateway: first ? first.gateway : gateway,
		interface: first ? first.interface : rejectKinds.has(kind) && dev === 'lo' ? null : dev,
		kind,
		metric: metric ?? 0,
		table: table === 'main' ? null : table,
		protocol: reader.string('protocol', true),
		scope: reader.string('scope'),
		preferredSource: preferredSource === null ? null : canonicalIp(preferredSource),
		onlink: first ? first.onlink : flags.includes('onlink'),
		linkdown: first ? first.linkdown : flags.includes('linkdown'),
		mtu: readMtu(object, reader),
		nexthops,
		source: 'ip-route-json',
	});
	return {route, problems: [...reader.problems, ...nexthopProblems]};
}

/** Parses `ip -j route` (also `-6`, `show table all`, `route get`). */
export function parseIpRouteJson(text: string, family?: 4 | 6): RouteParseResult {
	const trimmed = text.trim();
	if (trimmed === '') {
		return {format: 'ip-route-json', routes: [], warnings: [warning(null, '', 'empty input: no routes read')]};
	}
	if (!trimmed.startsWith('[')) {
		const fallback = parseIpRoute(text, family);
		return {...fallback, warnings: [warning(null, trimmed.slice(0, 80), textInsteadOfJson), ...fallback.warnings]};
	}
	const warnings = warningList();
	let data: unknown;
	try {
		data = JSON.parse(trimmed);
	} catch (error) {
		brokenTypePattern.lastIndex = 0;
		if (brokenTypePattern.test(trimmed)) {
			warnings.add(warning(null, trimmed.slice(0, 80), brokenTypeJson));
			try {
				data = JSON.parse(trimmed.replace(brokenTypePattern, '{"type":"$1",'));
			} catch {
				data = undefined;
			}
		}
		if (data === undefined) {
			const message = error instanceof Error ? error.message : String(error);
			warnings.add(warning(null, trimmed.slice(0, 80), `invalid JSON (${message}); no routes read`));
			return {format: 'ip-route-json', routes: [], warnings: warnings.list()};
		}
	}
	if (!Array.isArray(data)) {
		return {format: 'ip-route-json', routes: [], warnings: [warning(null, jsonSnippet(data), 'JSON is not an array of routes')]};
	}
	const routes: Route[] = [];
	for (const [index, element] of data.entries()) {
		if (!isObject(element)) {
			warnings.add(warning(null, jsonSnippet(element), `entry ${index + 1} is not an object; skipped`));
			continue;
		}
		const {route, problems} = readRoute(element, family);
		if (route === null) {
			warnings.add(warning(null, jsonSnippet(element), `entry ${index + 1}: ${problems.join('; ')}; skipped`));
			continue;
		}
		if (problems.length > 0) warnings.add(warning(null, jsonSnippet(element), `entry ${index + 1}: ${problems.join('; ')}`));
		routes.push(route);
	}
	return {format: 'ip-route-json', routes, warnings: warnings.list()};
}
