/**
 * One routing table with longest-prefix match, for IPv4 and IPv6. Pure.
 *
 * What it models: one kernel table (main by default: routes with `table` null or `main`; any other by name or
 * number, which policy-route.ts uses for `ip rule` lookups) and the route types that live there: `unicast`,
 * `blackhole`, `unreachable`, `prohibit` and `throw`. `local`, `broadcast`, `multicast` and `anycast` entries
 * (local table, `table all`) never take part in a lookup; routes of other tables are ignored.
 *
 * Matching: the longest prefix that contains the IP wins; among routes with the same prefix the lowest metric
 * wins, then the first in input order. A `throw` route is returned like any other match: the caller treats it
 * as "no route here" (the kernel ends the lookup in this table), while blackhole/unreachable/prohibit are
 * terminal verdicts.
 *
 * How it is fast: the prefixes are flattened once into sorted, non-overlapping address ranges, each labelled
 * with its winning route; a lookup is one binary search. IPv4 ranges live in a Float64Array (uint32 values,
 * no bigint per lookup); IPv6 ranges are bigint.
 */
import {maxLength, parseIp, parsePrefix, type Family, type IpAddress} from './ip.js';
import {parseIpFast} from './ipv4-fast.js';
import type {Route, RouteKind} from './types.js';

export type RouteTable = {
	/** The winning route for an IP literal, or null when nothing matches (or the text is not an IP). */
	lookup(ip: string): Route | null;
	lookupParsed(ip: IpAddress): Route | null;
	/**
	 * lookupParsed for many IPv4 addresses (uint32 values) given in ascending order, in one merge walk over the
	 * ranges instead of one binary search each: `into[i]` gets the route for `values[i]`.
	 */
	lookupAscendingV4(values: Float64Array, into: Array<Route | null>): void;
	/** How many routes take part in lookups (after filtering tables and kinds). */
	readonly size: number;
};

const lookupKinds: ReadonlySet<RouteKind> = new Set(['unicast', 'blackhole', 'unreachable', 'prohibit', 'throw']);

/** True for routes of the main table. */
export function isMainTable(route: Route): boolean {
	return route.table === null || route.table === 'main' || route.table === '254';
}

const tableNumbers: Readonly<Record<string, string>> = {main: '254', local: '255', default: '253'};

/** One spelling per routing table: `main`, `254` and a route without a table are all `254`. */
export function tableId(table: string | null): string {
	if (table === null) return '254';
	return tableNumbers[table] ?? table;
}

/** True for routes a lookup in `table` considers (a kind that routes, that table). */
export function isTableLookupRoute(route: Route, table: string): boolean {
	return lookupKinds.has(route.kind) && tableId(route.table) === table;
}

/** True for routes a lookup considers: main table, and a kind the main table routes by. */
export function isLookupRoute(route: Route): boolean {
	return isMainTable(route) && lookupKinds.has(route.kind);
}

/** An address in range arithmetic: a number for IPv4 (exact: below 2^53, no allocation), a bigint for IPv6. */
type Scalar = number | bigint;

type Candidate<T extends Scalar> = {
	readonly route: Route;
	readonly order: number;
	readonly start: T;
	readonly end: T;
	readonly length: number;
};

/** The winner of two routes with the same prefix: lowest metric, then first in input order. */
function better<T extends Scalar>(a: Candidate<T>, b: Candidate<T>): Candidate<T> {
	if (a.route.metric !== b.route.metric) return a.route.metric < b.route.metric ? a : b;
	return a.order <= b.order ? a : b;
}

type Ranges<T extends Scalar> = {
	/** Range starts, ascending; range i covers [starts[i], starts[i+1]). */
	readonly starts: readonly T[];
	/** Index into the routes array, or -1 for "no route". */
	readonly owners: readonly number[];
};

/**
 * Flattens nested/disjoint prefixes (never partially overlapping) into ranges. Candidates come sorted by start
 * ascending, then length ascending (the enclosing prefix first); a range's owner is its candidate's index.
 */
function flatten<T extends Scalar>(candidates: readonly Candidate<T>[], zero: T, after: (value: T) => T): Ranges<T> {
	const starts: T[] = [];
	const owners: number[] = [];
	const emit = (start: T, owner: number): void => {
		if (owners.length > 0 && owners[owners.length - 1] === owner) return;
		if (starts.length > 0 && starts[starts.length - 1] === start) {
			// A zero-width range was superseded by a more specific one starting at the same address.
			starts.pop();
			owners.pop();
			if (owners.length > 0 && owners[owners.length - 1] === owner) return;
		}
		starts.push(start);
		owners.push(owner);
	};
	/** Indices of the open (enclosing) candidates, innermost last. */
	const stack: number[] = [];
	emit(zero, -1);
	const closeUntil = (limit: T | null): void => {
		// Pop every prefix that ends before `limit` (all of them when null); after a pop, the enclosing
		// prefix (or nothing) owns the addresses that follow.
		for (;;) {
			const top = stack.length === 0 ? undefined : candidates[stack[stack.length - 1]!]!;
			if (!top || (limit !== null && top.end >= limit)) return;
			stack.pop();
			emit(after(top.end), stack.length === 0 ? -1 : stack[stack.length - 1]!);
		}
	};
	for (let index = 0; index < candidates.length; index++) {
		const candidate = candidates[index]!;
		closeUntil(candidate.start);
		stack.push(index);
		emit(candidate.start, index);
	}
	closeUntil(null);
	return {starts, owners};
}

type FamilyTable<T extends Scalar> = {
	readonly routes: readonly Route[];
	readonly ranges: Ranges<T>;
};

/** How one family's addresses do range arithmetic. */
type Arithmetic<T extends Scalar> = {
	readonly zero: T;
	/** The address's value as T. */
	readonly of: (ip: IpAddress) => T;
	/** The last address of a prefix of `length` starting at `start`. */
	readonly last: (start: T, length: number) => T;
	readonly after: (value: T) => T;
};

const v4Arithmetic: Arithmetic<number> = {
	zero: 0,
	of: ip => Number(ip.value),
	last: (start, length) => start + 2 ** (32 - length) - 1,
	after: value => value + 1,
};

const v6Arithmetic: Arithmetic<bigint> = {
	zero: 0n,
	of: ip => BigInt(ip.value),
	last: (start, length) => start + (1n << BigInt(128 - length)) - 1n,
	after: value => value + 1n,
};

function buildFamily<T extends Scalar>(routes: readonly Route[], family: Family, table: string, arithmetic: Arithmetic<T>): FamilyTable<T> {
	const byPrefix = new Map<string, Candidate<T>>();
	let order = 0;
	for (const route of routes) {
		order++;
		if (route.family !== family || !isTableLookupRoute(route, table)) continue;
		const prefix = parsePrefix(route.destination, family);
		const network = prefix ? parseIp(prefix.address) : null;
		if (!prefix || !network || network.family !== family) continue;
		const start = arithmetic.of(network);
		const candidate: Candidate<T> = {route, order, start, end: arithmetic.last(start, prefix.length), length: prefix.length};
		const existing = byPrefix.get(prefix.cidr);
		byPrefix.set(prefix.cidr, existing ? better(existing, candidate) : candidate);
	}
	const candidates = [...byPrefix.values()].sort((a, b) =>
		a.start === b.start ? a.length - b.length : a.start < b.start ? -1 : 1,
	);
	return {routes: candidates.map(candidate => candidate.route), ranges: flatten(candidates, arithmetic.zero, arithmetic.after)};
}

/** Index of the last range whose start is <= value (ranges always start at 0, so there is one). */
function searchNumbers(starts: Float64Array, value: number): number {
	let low = 0;
	let high = starts.length - 1;
	while (low < high) {
		const middle = (low + high + 1) >>> 1;
		if (starts[middle]! <= value) low = middle;
		else high = middle - 1;
	}
	return low;
}

function searchBigints(starts: readonly bigint[], value: bigint): number {
	let low = 0;
	let high = starts.length - 1;
	while (low < high) {
		const middle = (low + high + 1) >>> 1;
		if (starts[middle]! <= value) low = middle;
		else high = middle - 1;
	}
	return low;
}

/** The longest-prefix table of `table` (default: main; any name or number, see tableId). */
export function buildRouteTable(routes: readonly Route[], table = 'main'): RouteTable {
	const id = tableId(table);
	const v4 = buildFamily(routes, 4, id, v4Arithmetic);
	const v6 = buildFamily(routes, 6, id, v6Arithmetic);
	const v4Starts = Float64Array.from(v4.ranges.starts);
	const v4Owners = Int32Array.from(v4.ranges.owners);
	const v6Starts = v6.ranges.starts;
	const v6Owners = v6.ranges.owners;
	const lookupParsed = (ip: IpAddress): Route | null => {
		if (ip.family === 4) {
			const owner = v4Owners[searchNumbers(v4Starts, ip.value)]!;
			return owner < 0 ? null : v4.routes[owner]!;
		}
		const owner = v6Owners[searchBigints(v6Starts, ip.value)]!;
		return owner < 0 ? null : v6.routes[owner]!;
	};
	return {
		lookup(ip: string): Route | null {
			const parsed = parseIpFast(ip);
			return parsed ? lookupParsed(parsed) : null;
		},
		lookupParsed,
		lookupAscendingV4(values, into) {
			// Range r covers [v4Starts[r], v4Starts[r + 1]); the first range starts at 0, so every value has one.
			let range = 0;
			const last = v4Starts.length - 1;
			for (let i = 0; i < values.length; i++) {
				const value = values[i]!;
				while (range < last && v4Starts[range + 1]! <= value) range++;
				const owner = v4Owners[range]!;
				into[i] = owner < 0 ? null : v4.routes[owner]!;
			}
		},
		size: v4.routes.length + v6.routes.length,
	};
}

/**
 * The reference implementation: scan every route, keep the longest matching prefix, lowest metric, first in
 * input order. Same filtering as buildRouteTable. For tests and the bench only.
 */
type ParsedDestination = {readonly family: Family; readonly network: bigint; readonly length: number} | null;

const destinations = new WeakMap<Route, ParsedDestination>();

function parsedDestination(route: Route): ParsedDestination {
	let parsed = destinations.get(route);
	if (parsed === undefined) {
		const prefix = parsePrefix(route.destination, route.family);
		const network = prefix ? parseIp(prefix.address) : null;
		parsed = prefix && network && network.family === route.family ? {family: route.family, network: BigInt(network.value), length: prefix.length} : null;
		destinations.set(route, parsed);
	}
	return parsed;
}

/**
 * The reference implementation: scan every route, keep the longest matching prefix, lowest metric, first in
 * input order. Same filtering as buildRouteTable. For tests and the bench only (destinations are parsed once
 * per route object and cached, so the scan itself is what gets measured).
 */
export function linearLookup(routes: readonly Route[], ip: string): Route | null {
	const address = parseIp(ip);
	if (!address) return null;
	const bits = BigInt(maxLength(address.family));
	const value = BigInt(address.value);
	let best: Route | null = null;
	let bestLength = -1;
	for (const route of routes) {
		if (route.family !== address.family || !isLookupRoute(route)) continue;
		const destination = parsedDestination(route);
		if (!destination) continue;
		const shift = bits - BigInt(destination.length);
		if (value >> shift !== destination.network >> shift) continue;
		if (destination.length > bestLength || (destination.length === bestLength && route.metric < best!.metric)) {
			best = route;
			bestLength = destination.length;
		}
	}
	return best;
}
