/**
 * `ip route` text and `ip -j route` JSON as iproute2 6.1 prints them, and `ip route` as BusyBox 1.35 prints
 * it (route-and-addr-formats.md §4; checked against the real tools in namespace-parity.test.ts). Pure.
 */
import type {Family} from '../../net/ip.js';
import {parsePrefix} from '../../net/ip.js';
import type {Route} from '../../net/types.js';
import type {NodeKernel} from './node-kernel.js';
import {dumpOrder, tablesInDumpOrder} from './route-order.js';
import type {TableName} from './route-order.js';
import {lines} from './text-columns.js';
import type {ToolFlavor} from './tool-flavor.js';

export type IpRouteOptions = {
	/** `main`, `local`, `all` or a numbered table (`2`). */
	readonly table: string;
	/** null: `ip route` without -4/-6 (IPv4 only, except with `table all`, which dumps both). */
	readonly family: Family | null;
};

/** The routes a listing shows, in dump order: IPv4 before IPv6, main before local. */
export function listedRoutes(kernel: NodeKernel, options: IpRouteOptions, flavor: ToolFlavor = 'gnu'): readonly Route[] {
	const families: readonly Family[] = options.family !== null ? [options.family] : options.table === 'all' ? [4, 6] : [4];
	const result: Route[] = [];
	for (const family of families) {
		const tables: readonly TableName[] = options.table === 'all' ? tablesInDumpOrder(kernel.routes, family) : [options.table];
		for (const table of tables) {
			let routes = dumpOrder(kernel.routes, family, table);
			// BusyBox filters IPv6 by type, not table: main means "not local", so multicast shows up there.
			if (flavor === 'busybox' && family === 6 && options.table === 'main') {
				routes = [...routes, ...dumpOrder(kernel.routes, 6, 'local').filter(route => route.kind !== 'local')];
			}
			if (flavor === 'busybox' && family === 6 && options.table === 'local') routes = routes.filter(route => route.kind === 'local');
			result.push(...routes);
		}
	}
	return result;
}

/** `default`, a prefix, or a bare address for host routes. */
function destinationText(route: Route): string {
	// Routes hold canonical CIDRs: IPv4 needs no parsing (a 5,000-node table prints in a few ms).
	if (route.family === 4 && route.destination.includes('/')) {
		if (route.destination === '0.0.0.0/0') return 'default';
		return route.destination.endsWith('/32') ? route.destination.slice(0, -3) : route.destination;
	}
	const prefix = parsePrefix(route.destination);
	if (!prefix) return route.destination;
	if (prefix.length === 0) return 'default';
	return prefix.length === (route.family === 4 ? 32 : 128) ? prefix.address : prefix.cidr;
}

function isHiddenProtocol(protocol: string | null): boolean {
	return protocol === null || protocol === 'boot';
}

/** `table X` shows only in a dump of every table (`table all`), never when one table was asked for. */
function ipRouteLine(route: Route, showTable: boolean): string {
	let text = route.kind === 'unicast' ? '' : `${route.kind} `;
	text += `${destinationText(route)} `;
	if (route.gateway !== null) text += `via ${route.gateway} `;
	if (route.interface !== null) text += `dev ${route.interface} `;
	if (showTable && route.table !== null) text += `table ${route.table} `;
	if (!isHiddenProtocol(route.protocol)) text += `proto ${route.protocol} `;
	if (route.scope !== null) text += `scope ${route.scope} `;
	if (route.preferredSource !== null) text += `src ${route.preferredSource} `;
	if (route.family === 6 || route.metric !== 0) text += `metric ${route.metric} `;
	if (route.onlink) text += 'onlink ';
	if (route.linkdown) text += 'linkdown ';
	if (route.family === 6) text += 'pref medium';
	return text;
}

function busyboxRouteLine(route: Route, showTable: boolean): string {
	let text = route.kind === 'unicast' ? '' : `${route.kind} `;
	text += `${destinationText(route)} `;
	if (route.gateway !== null) text += `via ${route.gateway} `;
	if (route.interface !== null) text += `dev ${route.interface} `;
	if (showTable && route.table !== null) text += `table ${route.table} `;
	if (route.scope !== null) text += `scope ${route.scope} `;
	if (route.preferredSource !== null) text += ` src ${route.preferredSource} `;
	if (route.family === 6 || route.metric !== 0) text += ` metric ${route.metric} `;
	if (route.onlink) text += 'onlink ';
	return text;
}

export function renderIpRoute(kernel: NodeKernel, options: IpRouteOptions, flavor: ToolFlavor = 'gnu'): string {
	const routes = listedRoutes(kernel, options, flavor);
	if (flavor === 'busybox') return lines(routes.map(route => busyboxRouteLine(route, options.table === 'all')));
	return lines(routes.map(route => ipRouteLine(route, options.table === 'all')));
}

function routeJson(route: Route, showTable: boolean): Record<string, unknown> {
	const json: Record<string, unknown> = {};
	if (route.kind !== 'unicast') json['type'] = route.kind;
	json['dst'] = destinationText(route);
	if (route.gateway !== null) json['gateway'] = route.gateway;
	if (route.interface !== null) json['dev'] = route.interface;
	if (showTable && route.table !== null) json['table'] = route.table;
	if (!isHiddenProtocol(route.protocol)) json['protocol'] = route.protocol;
	if (route.scope !== null) json['scope'] = route.scope;
	if (route.preferredSource !== null) json['prefsrc'] = route.preferredSource;
	if (route.family === 6 || route.metric !== 0) json['metric'] = route.metric;
	const flags: string[] = [];
	if (route.onlink) flags.push('onlink');
	if (route.linkdown) flags.push('linkdown');
	json['flags'] = flags;
	if (route.mtu !== null) json['metrics'] = [{mtu: route.mtu}];
	if (route.family === 6) json['pref'] = 'medium';
	return json;
}

/** `ip -j route …`: one JSON array on one line. */
export function renderIpRouteJson(kernel: NodeKernel, options: IpRouteOptions): string {
	return `${JSON.stringify(listedRoutes(kernel, options).map(route => routeJson(route, options.table === 'all')))}\n`;
}
