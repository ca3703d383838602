/**
 * The order in which the kernel dumps a table: IPv4 walks the fib trie by key (longer prefixes first for
 * one key); IPv6 walks its radix tree children before parents (so `::/0` comes last). Equal prefixes keep
 * their insertion order, sorted by metric. Pure.
 */
import {parseIPv4, parseIPv6, parsePrefix} from '../../net/ip.js';
import type {Family} from '../../net/ip.js';
import type {Route} from '../../net/types.js';

/** `main`, `local` or a numbered table (`2`, `100`). */
export type TableName = string;

type Keyed = {readonly route: Route; readonly start: bigint; readonly end: bigint; readonly length: number; readonly at: number};

function keyed(route: Route, at: number): Keyed {
	const prefix = parsePrefix(route.destination);
	const bits = BigInt(route.family === 4 ? 32 : 128);
	const length = prefix?.length ?? 0;
	const start = prefix ? (route.family === 4 ? BigInt(parseIPv4(prefix.address) ?? 0) : (parseIPv6(prefix.address) ?? 0n)) : 0n;
	const end = start + (1n << (bits - BigInt(length))) - 1n;
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
	return routes
		.map((route, at) => keyed(route, at))
		.filter(entry => entry.route.family === family && tableOf(entry.route) === table)
		.sort((a, b) => compare(family, a, b))
		.map(entry => entry.route);
}
