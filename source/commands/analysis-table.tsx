/**
 * Human output of `analyze` and `routes`: the route table with the pods each route serves (drawn with
 * ink-table's ESM fork), then one line per judged IP with its path. Every string from the input is
 * sanitized: a capture or a cluster may contain terminal control sequences.
 */
import React from 'react';
import {Box, Text, renderToString} from 'ink';
import {Table} from '@alcalzone/ink-table';
import stringWidth from 'string-width';
import {describePath} from '../net/describe-path.js';
import {inputProblems} from '../net/problems.js';
import type {PodRef, Route, Verdict} from '../net/types.js';
import {sanitizeText} from '../text/sanitize.js';
import {contractRoutes, type Analysis} from './analysis-output.js';

type RouteRow = {
	readonly destination: string;
	readonly gateway: string;
	readonly iface: string;
	readonly kind: string;
	readonly metric: number;
	readonly 'next hop': string;
	readonly pods: string;
};

const maxPodsPerRoute = 3;

function podList(pods: readonly PodRef[]): string {
	const names = pods.slice(0, maxPodsPerRoute).map(pod => `${pod.namespace}/${pod.name}`);
	const more = pods.length > maxPodsPerRoute ? ` +${pods.length - maxPodsPerRoute}` : '';
	return names.join(', ') + more;
}

/** Which pods (from the verdicts) each route carries, and which node it leads to. */
/** Cuts text to `width` terminal columns, marking the cut with `…`. */
function fit(text: string, width: number): string {
	if (stringWidth(text) <= width) return text;
	let result = '';
	for (const character of text) {
		if (stringWidth(result + character) > width - 1) break;
		result += character;
	}
	return `${result}…`;
}

/**
 * ink-table sizes columns to their longest cell and wraps badly past the terminal width, so every column
 * is capped and the pods column takes what is left (at least 12 columns).
 */
function fitRows(rows: readonly RouteRow[], columns: number): RouteRow[] {
	const caps = {destination: 43, gateway: 39, iface: 16, kind: 11, metric: 10, 'next hop': 26};
	const widthOf = (key: keyof RouteRow) =>
		Math.max(stringWidth(key), ...rows.map(row => stringWidth(String(row[key]))));
	const fixed = (Object.keys(caps) as Array<keyof typeof caps>).map(key => Math.min(caps[key], widthOf(key)));
	const borders = 3 * 7 + 1;
	const podsWidth = Math.max(12, columns - borders - fixed.reduce((sum, width) => sum + width, 0));
	return rows.map(row => ({
		destination: fit(row.destination, caps.destination),
		gateway: fit(row.gateway, caps.gateway),
		iface: fit(row.iface, caps.iface),
		kind: row.kind,
		metric: row.metric,
		'next hop': fit(row['next hop'], caps['next hop']),
		pods: fit(row.pods, podsWidth),
	}));
}

function routeRows(routes: readonly Route[], verdicts: readonly Verdict[]): RouteRow[] {
	const podsOf = new Map<Route, PodRef[]>();
	const hopOf = new Map<Route, string>();
	for (const verdict of verdicts) {
		if (!verdict.route) continue;
		if (verdict.pod) podsOf.set(verdict.route, [...(podsOf.get(verdict.route) ?? []), verdict.pod]);
		if (verdict.nextHopNode) hopOf.set(verdict.route, verdict.nextHopNode);
	}
	return routes.map(route => ({
		destination: sanitizeText(route.destination),
		gateway: sanitizeText(route.gateway ?? '-'),
		iface: sanitizeText(route.interface ?? '*'),
		kind: route.kind,
		metric: route.metric,
		'next hop': sanitizeText(hopOf.get(route) ?? ''),
		pods: sanitizeText(podList(podsOf.get(route) ?? [])),
	}));
}

const outcomeColor: Readonly<Record<string, string>> = {
	'local-pod': 'green',
	'local-address': 'green',
	'tunnel-to-node': 'cyan',
	'direct-to-node': 'cyan',
	'via-gateway': 'blue',
	'on-link': 'blue',
	'cni-datapath': 'blue',
	'via-default': 'yellow',
	blackhole: 'red',
	unreachable: 'red',
	prohibit: 'red',
	'no-route': 'red',
};

/** One line per IP; nested Text (not a flex row) so a long line wraps instead of squeezing columns. */
function VerdictLine({
	verdict,
	ipWidth,
	shared,
}: {
	readonly verdict: Verdict;
	readonly ipWidth: number;
	readonly shared: ReadonlySet<string>;
}) {
	const pod = verdict.pod ? `${verdict.pod.namespace}/${verdict.pod.name}` : '';
	const problems = verdict.problems.filter(problem => !shared.has(problem));
	return (
		<Text>
			{verdict.ip.padEnd(ipWidth)}{' '}
			<Text color={outcomeColor[verdict.outcome]}>{verdict.outcome.padEnd(14)}</Text>{' '}
			{sanitizeText(describePath(verdict))}
			{pod ? <Text dimColor> {sanitizeText(pod)}</Text> : null}
			{problems.length > 0 ? <Text color="yellow"> ! {sanitizeText(problems.join(', '))}</Text> : null}
		</Text>
	);
}

/** Input-wide problems (degraded-input, main-table-only) are said once, not on every line. */
function sharedProblems(verdicts: readonly Verdict[]): ReadonlySet<string> {
	return new Set(verdicts.flatMap(verdict => verdict.problems).filter(problem => inputProblems.has(problem)));
}

function AnalysisView({analysis, columns}: {readonly analysis: Analysis; readonly columns: number}) {
	const routes = contractRoutes(analysis.routes);
	const ipWidth = Math.max(15, ...analysis.verdicts.map(verdict => verdict.ip.length));
	const shared = sharedProblems(analysis.verdicts);
	const title = analysis.node ? `Routes of ${sanitizeText(analysis.node)}` : 'Routes';
	return (
		<Box flexDirection="column">
			<Text bold>
				{title} ({routes.length})
			</Text>
			{routes.length > 0 ? <Table data={fitRows(routeRows(routes, analysis.verdicts), columns)} /> : <Text dimColor>(none)</Text>}
			<Text bold>Paths ({analysis.verdicts.length})</Text>
			{shared.size > 0 ? <Text color="yellow">input: {[...shared].join(', ')}</Text> : null}
			{analysis.verdicts.map(verdict => (
				<VerdictLine key={verdict.ip} verdict={verdict} ipWidth={ipWidth} shared={shared} />
			))}
			{analysis.warnings.length > 0 ? <Text bold>Warnings ({analysis.warnings.length})</Text> : null}
			{analysis.warnings.map((warning, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} color="yellow">
					{sanitizeText(`${warning.source}${warning.line === null ? '' : `:${warning.line}`}: ${warning.reason}`)}
					{warning.text ? <Text dimColor> ({sanitizeText(warning.text)})</Text> : null}
				</Text>
			))}
		</Box>
	);
}

/** Wide enough that nothing wraps when the output goes to a file or a pipe. */
const unboundedColumns = 1000;

/** Renders the analysis as text for a terminal `columns` wide (colour per Ink's detection). */
export function renderAnalysis(analysis: Analysis, columns = 120): string {
	return renderToString(<AnalysisView analysis={analysis} columns={columns} />, {columns});
}

/** Prints the analysis to `stream`: fitted to a terminal's width, unwrapped for a file or a pipe. */
export function writeAnalysis(analysis: Analysis, stream: NodeJS.WritableStream): void {
	const terminal = stream as {isTTY?: boolean; columns?: number};
	const columns = terminal.isTTY && terminal.columns ? terminal.columns : unboundedColumns;
	stream.write(`${renderAnalysis(analysis, columns)}\n`);
}
