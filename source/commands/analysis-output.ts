/**
 * The JSON contract of `analyze --json` (and `routes --json`): field names are public; scripts rely on them.
 * Pure: builds plain objects from the core's data.
 */
import type {Interface, ParseWarning, Route, Verdict} from '../net/types.js';

export type RouteJson = {
	readonly destination: string;
	readonly gateway: string | null;
	readonly interface: string | null;
	readonly kind: 'unicast' | 'blackhole' | 'unreachable' | 'prohibit' | 'throw';
	readonly metric: number;
	readonly flags: string | null;
	readonly table: string | null;
};

export type InterfaceJson = {
	readonly name: string;
	readonly index: number | null;
	readonly kind: string;
	readonly state: string | null;
	readonly mtu: number | null;
	readonly addresses: readonly string[];
	readonly peer: string | null;
};

export type VerdictJson = {
	readonly ip: string;
	readonly outcome: string;
	readonly route: string | null;
	readonly interface: string | null;
	readonly gateway: string | null;
	readonly nextHopNode: string | null;
	readonly pod: {readonly namespace: string; readonly name: string; readonly node: string | null} | null;
	readonly problems: readonly string[];
};

export type WarningJson = {
	readonly source: string;
	readonly line: number | null;
	readonly text: string;
	readonly reason: string;
};

export type AnalysisJson = {
	readonly node: string | null;
	readonly routes: readonly RouteJson[];
	readonly interfaces: readonly InterfaceJson[];
	readonly verdicts: readonly VerdictJson[];
	readonly warnings: readonly WarningJson[];
};

/** A parse warning together with the input it came from (a file name, `stdin`, or a command). */
export type SourcedWarning = ParseWarning & {readonly source: string};

export type Analysis = {
	readonly node: string | null;
	readonly routes: readonly Route[];
	readonly interfaces: readonly Interface[];
	readonly verdicts: readonly Verdict[];
	readonly warnings: readonly SourcedWarning[];
};

const contractKinds = new Set<Route['kind']>(['unicast', 'blackhole', 'unreachable', 'prohibit', 'throw']);

/** Routes the contract lists: local-table entries (local, broadcast, multicast, anycast) only inform verdicts. */
export function contractRoutes(routes: readonly Route[]): readonly Route[] {
	return routes.filter(route => contractKinds.has(route.kind));
}

export function routeToJson(route: Route): RouteJson {
	return {
		destination: route.destination,
		gateway: route.gateway,
		interface: route.interface,
		kind: route.kind as RouteJson['kind'],
		metric: route.metric,
		flags: route.flags,
		table: route.table,
	};
}

export function interfaceToJson(networkInterface: Interface): InterfaceJson {
	return {
		name: networkInterface.name,
		index: networkInterface.index,
		kind: networkInterface.kind,
		state: networkInterface.state,
		mtu: networkInterface.mtu,
		addresses: networkInterface.addresses.map(address => address.cidr),
		peer: networkInterface.peer,
	};
}

export function verdictToJson(verdict: Verdict): VerdictJson {
	return {
		ip: verdict.ip,
		outcome: verdict.outcome,
		route: verdict.route?.destination ?? null,
		interface: verdict.interface,
		gateway: verdict.gateway,
		nextHopNode: verdict.nextHopNode,
		pod: verdict.pod ? {namespace: verdict.pod.namespace, name: verdict.pod.name, node: verdict.pod.node} : null,
		problems: [...verdict.problems],
	};
}

export function analysisToJson(analysis: Analysis): AnalysisJson {
	return {
		node: analysis.node,
		routes: contractRoutes(analysis.routes).map(routeToJson),
		interfaces: analysis.interfaces.map(interfaceToJson),
		verdicts: analysis.verdicts.map(verdictToJson),
		warnings: analysis.warnings.map(({source, line, text, reason}) => ({source, line, text, reason})),
	};
}
