/**
 * The JSON contract of `analyze --json` (and `routes --json`): field names are public; scripts rely on them.
 * Pure: builds plain objects from the core's data.
 */
import {inputCaveats, inputProblems} from '../net/problems.js';
import type {Interface, ParseWarning, Route, SourceFormat, Verdict} from '../net/types.js';
import {toSafeJson} from '../text/sanitize.js';

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

/** What the input was: the formats read, and the caveats that hold for every verdict (not repeated on each). */
export type InputJson = {
	readonly formats: readonly string[];
	readonly caveats: readonly string[];
};

export type AnalysisJson = {
	readonly node: string | null;
	readonly input: InputJson;
	readonly routes: readonly RouteJson[];
	readonly interfaces: readonly InterfaceJson[];
	readonly verdicts: readonly VerdictJson[];
	readonly warnings: readonly WarningJson[];
};

/** A parse warning together with the input it came from (a file name, `stdin`, or a command). */
export type SourcedWarning = ParseWarning & {readonly source: string};

export type Analysis = {
	readonly node: string | null;
	/** The formats the inputs were read as; when absent, the formats of the routes and interfaces read. */
	readonly formats?: readonly SourceFormat[];
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
		// Input-wide caveats are said once, in `input`: a verdict's problems are about its own path.
		problems: verdict.problems.filter(problem => !inputProblems.has(problem)),
	};
}

function formatsOf(analysis: Analysis): readonly SourceFormat[] {
	if (analysis.formats) return [...new Set(analysis.formats)];
	const formats = new Set<SourceFormat>();
	for (const route of analysis.routes) formats.add(route.source);
	for (const device of analysis.interfaces) formats.add(device.source);
	return [...formats];
}

export function inputToJson(analysis: Analysis): InputJson {
	const formats = formatsOf(analysis);
	return {formats, caveats: inputCaveats(formats, analysis.routes)};
}

export function analysisToJson(analysis: Analysis): AnalysisJson {
	return {
		node: analysis.node,
		input: inputToJson(analysis),
		routes: contractRoutes(analysis.routes).map(routeToJson),
		interfaces: analysis.interfaces.map(interfaceToJson),
		verdicts: analysis.verdicts.map(verdictToJson),
		warnings: analysis.warnings.map(({source, line, text, reason}) => ({source, line, text, reason})),
	};
}

/** The `--json` text: analysisToJson, with characters a terminal would obey or hide written as `\\u` escapes. */
export function analysisJsonText(analysis: Analysis): string {
	return toSafeJson(analysisToJson(analysis), 2);
}
