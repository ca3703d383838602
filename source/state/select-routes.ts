/** Route rows of the inspected node: `route -n` columns, next-hop node, the pods each route serves, changes. */
import type {NodeRow, RouteChange} from '../kube/types.js';
import {sanitizeText} from '../text/sanitize.js';
import type {Route} from '../net/types.js';
import {applyFilter} from './filter.js';
import {routeKey} from './route-key.js';
import type {VerdictIndex} from './select-verdicts.js';
import {cell, column, type Column, type Row} from './table.js';

export type RouteEntry = {readonly route: Route; readonly change: RouteChange};

export const routeColumns: readonly Column[] = [
	column('DESTINATION', 9, 'left', 3),
	column('GATEWAY', 7, 'left', 2),
	column('FLAGS', 5, 'left', 1),
	column('METRIC', 3, 'right', 1),
	column('IFACE', 5, 'left', 3),
	column('NEXT-HOP', 8, 'left', 2),
	column('PODS', 4, 'left', 0),
];

/** Rows of the table: the diff of the last refresh when there is one, else the routes as they are. */
export function routeEntries(
	probe: {readonly routes: readonly Route[]; readonly routeChanges: readonly RouteEntry[]} | null,
): readonly RouteEntry[] {
	if (probe === null) {
		return [];
	}
	return probe.routeChanges.length > 0 ? probe.routeChanges : probe.routes.map(route => ({route, change: 'same' as const}));
}

/** The node a gateway belongs to, by InternalIP or tunnel address, when no verdict named one. */
export function gatewayNode(gateway: string | null, nodes: readonly NodeRow[]): string | null {
	if (gateway === null) {
		return null;
	}
	const node = nodes.find(
		candidate =>
			candidate.internalIp === gateway ||
			candidate.externalIp === gateway ||
			candidate.tunnels.some(tunnel => tunnel.address === gateway) ||
			candidate.cluster.internalIps.includes(gateway),
	);
	return node?.name ?? null;
}

export function nextHopOf(route: Route, verdicts: VerdictIndex, nodes: readonly NodeRow[]): string | null {
	return verdicts.nextHopByRoute.get(routeKey(route)) ?? gatewayNode(route.gateway, nodes);
}

export function podsOfRoute(route: Route, verdicts: VerdictIndex): readonly string[] {
	return (verdicts.byRoute.get(routeKey(route)) ?? []).map(verdict => verdict.pod?.name ?? verdict.ip);
}

function destinationText(route: Route): string {
	return route.destination === '0.0.0.0/0' || route.destination === '::/0' ? 'default' : route.destination;
}

function flagsText(route: Route): string {
	if (route.kind !== 'unicast' && route.kind !== 'local') {
		return route.flags ? `${route.flags} ${route.kind}` : route.kind;
	}
	return route.flags ?? '';
}

export function routeFilterText(entry: RouteEntry, verdicts: VerdictIndex, nodes: readonly NodeRow[]): string {
	const {route} = entry;
	return [
		destinationText(route),
		route.gateway ?? '',
		route.interface ?? '',
		route.kind,
		nextHopOf(route, verdicts, nodes) ?? '',
		...podsOfRoute(route, verdicts),
	].join(' ');
}

export function filterRoutes(
	entries: readonly RouteEntry[],
	filter: string,
	verdicts: VerdictIndex,
	nodes: readonly NodeRow[],
): readonly RouteEntry[] {
	return applyFilter(entries, filter, entry => routeFilterText(entry, verdicts, nodes));
}

export function routeRow(
	entry: RouteEntry,
	options: {readonly verdicts: VerdictIndex; readonly nodes: readonly NodeRow[]; readonly highlighted: boolean},
): Row {
	const {route, change} = entry;
	const nextHop = nextHopOf(route, options.verdicts, options.nodes);
	const pods = podsOfRoute(route, options.verdicts);
	const bad = route.kind === 'blackhole' || route.kind === 'unreachable' || route.kind === 'prohibit';
	return {
		// Removed rows can repeat a live row's key for a moment; keep the keys distinct.
		key: `${change === 'removed' ? 'removed:' : ''}${routeKey(route)}`,
		cells: [
			cell(sanitizeText(destinationText(route)), bad ? 'bad' : 'normal'),
			cell(sanitizeText(route.gateway ?? '-'), route.gateway ? 'normal' : 'dim'),
			cell(sanitizeText(flagsText(route)), bad ? 'bad' : 'normal'),
			cell(String(route.metric)),
			cell(sanitizeText(route.interface ?? '*'), route.interface ? 'normal' : 'dim'),
			cell(sanitizeText(nextHop ?? '-'), nextHop ? 'accent' : 'dim'),
			cell(sanitizeText(pods.length > 0 ? pods.join(', ') : '-'), pods.length > 0 ? 'normal' : 'dim'),
		],
		mark: change === 'added' ? '+' : change === 'removed' ? '-' : ' ',
		markTone: change === 'added' ? 'ok' : 'bad',
		highlighted: options.highlighted,
		faded: change === 'removed',
	};
}
