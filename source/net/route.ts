/** Building Route values: every optional field at its default, so parsers, the lab and tests agree. */
import type {Family} from './ip.js';
import type {NextHop, Route, RouteKind, SourceFormat} from './types.js';

export type RouteInit = Partial<Omit<Route, 'family' | 'destination' | 'source'>> & {
	readonly family: Family;
	readonly destination: string;
	readonly source: SourceFormat;
};

/** A Route with every optional field at its default (unicast, no gateway, metric 0, main table). */
export function makeRoute(init: RouteInit): Route {
	return {
		gateway: null,
		gatewayIsName: false,
		interface: null,
		kind: 'unicast' satisfies RouteKind,
		kindUncertain: false,
		metric: 0,
		flags: null,
		table: null,
		protocol: null,
		scope: null,
		preferredSource: null,
		onlink: false,
		linkdown: false,
		mtu: null,
		nexthops: [] as readonly NextHop[],
		line: null,
		...init,
	};
}
