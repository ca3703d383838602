/**
 * The order in which the kernel dumps a table: IPv4 walks the fib trie by key (longer prefixes first for
 * one key); IPv6 walks its radix tree children before parents (so `::/0` comes last). Equal prefixes keep
 * their insertion order, sorted by metric. Pure.
 */
import {parseIPv6, parsePrefix} from '../../net/ip.js';
import type {Family} from '../../net/ip.js';
import type {Route} from '../../net/types.js';

/** `main`, `local` or a numbered table (`2`, `100`). */
export type TableName = string;

/** IPv4 keys are plain numbers (a 5,000-node table sorts without BigInt); IPv6 keys are BigInts. */
type Keyed = {readonly route: Route; readonly start: number | bigint; readonly end: number | bigint; readonly length: number; readonly at: number};

/** `a.b.c.d/len` without a general parser: the renderers key every route of a table. */
function ipv4Key(destination: string): {readonly start: number; readonly length: number} {
	const slash = destination.indexOf('/');
	const text = slash === -1 ? destination : destination.slice(0, slash);
	let value = 0;
	let octet = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code === 46) {
			value = value * 256 + octet;
			octet = 0;
		} else octet = octet * 10 + (code - 48);
	}
	return {start: value * 256 + octet, length: slash === -1 ? 32 : Number(destination.slice(slash + 1))};
}

function keyed(route: Route, at: number): Keyed {
	if (route.family === 4) {
		const {start, length} = ipv4Key(route.destination);
		return {route, start, end: start + 2 ** (32 - length) - 1, length, at};
	}
	const prefix = parsePrefix(route.destination);
	const length = prefix?.length ?? 0;
	const start = prefix ? (parseIPv6(prefix.address) ?? 0n) : 0n;
	const end = start + (1n << (128n - BigInt(length))) - 1n;
	return {route, start, end, length, at};
}

function compare(family: Family, a: Keyed, b: Keyed): number {
	if (family === 4) {
		if (a.start !== b.start) return a.start < b.start ? -1 : 1;
	} else if (a.end !== b.end) {
		return a.end < b.end ? -1 : 1;
	}
	if (a.length !== b.length) return b.length - a.length;
	if (a.route.metric !== b.route.metric) return a.route.metric - b.route.metric;
	return a.at - b.at;
}

export function tableOf(route: Route): TableName {
	return route.table ?? 'main';
}

const tableIds: Readonly<Record<string, number>> = {default: 253, main: 254, local: 255};

/** The tables holding routes of a family, in the order the kernel dumps them (`table all`: by table id). */
export function tablesInDumpOrder(routes: readonly Route[], family: Family): readonly TableName[] {
	const names = new Set<TableName>(['main', 'local']);
	for (const route of routes) if (route.family === family) names.add(tableOf(route));
	const id = (name: string) => tableIds[name] ?? Number(name);
	return [...names].sort((a, b) => id(a) - id(b));
}

/** The routes of one family and table, in the kernel's dump order. */
export function dumpOrder(routes: readonly Route[], family: Family, table: TableName): readonly Route[] {
	const entries: Keyed[] = [];
	for (const [at, route] of routes.entries()) {
		if (route.family === family && tableOf(route) === table) entries.push(keyed(route, at));
	}
	return entries.sort((a, b) => compare(family, a, b)).map(entry => entry.route);
}
