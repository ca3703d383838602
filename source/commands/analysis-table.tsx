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
import type {PodRef, Route, Verdict} from '../net/types.js';
import {sanitizeLine, sanitizeText} from '../text/sanitize.js';
import {contractRoutes, inputToJson, type Analysis} from './analysis-output.js';

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

/**
 * The table shows this many routes (a full BGP table has ~1M; --json lists them all), and every line of
 * untrusted text is cut: a path, a pod name, a warning.
 */
const maxTableRoutes = 200;
const maxIpWidth = 45;
const maxPathText = 200;
const maxPodText = 160;
const maxWarningLine = 400;

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
	const widthOf = (key: keyof RouteRow) => rows.reduce((widest, row) => Math.max(widest, stringWidth(String(row[key]))), stringWidth(key));
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
		if (verdict.pod) {
			const pods = podsOf.get(verdict.route);
			if (pods) pods.push(verdict.pod);
			else podsOf.set(verdict.route, [verdict.pod]);
		}
		// An on-link IP is its own next hop: its node says nothing about the route's other IPs.
		if (verdict.nextHopNode && verdict.outcome !== 'on-link') hopOf.set(verdict.route, verdict.nextHopNode);
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
			{sanitizeLine(verdict.ip, maxIpWidth).padEnd(ipWidth)}{' '}
			<Text color={outcomeColor[verdict.outcome]}>{verdict.outcome.padEnd(14)}</Text>{' '}
			{sanitizeLine(describePath(verdict), maxPathText)}
			{pod ? <Text dimColor> {sanitizeLine(pod, maxPodText)}</Text> : null}
			{problems.length > 0 ? <Text color="yellow"> ! {sanitizeLine(problems.join(', '), maxPathText)}</Text> : null}
		</Text>
	);
}


function AnalysisView({analysis, columns}: {readonly analysis: Analysis; readonly columns: number}) {
	const allRoutes = contractRoutes(analysis.routes);
	const routes = allRoutes.length > maxTableRoutes ? allRoutes.slice(0, maxTableRoutes) : allRoutes;
	const ipWidth = analysis.verdicts.reduce((widest, verdict) => Math.max(widest, Math.min(maxIpWidth, verdict.ip.length)), 15);
	// Input-wide problems (degraded-input, main-table-only) are said once, not on every line.
	const shared: ReadonlySet<string> = new Set(inputToJson(analysis).caveats);
	const title = analysis.node ? `Routes of ${sanitizeLine(analysis.node, maxPodText)}` : 'Routes';
	return (
		<Box flexDirection="column">
			<Text bold>
				{title} ({allRoutes.length})
			</Text>
			{routes.length > 0 ? <Table data={fitRows(routeRows(routes, analysis.verdicts), columns)} /> : <Text dimColor>(none)</Text>}
			{allRoutes.length > routes.length ? (
				<Text dimColor>
					… {allRoutes.length - routes.length} more routes not shown (--json lists them all)
				</Text>
			) : null}
			<Text bold>Paths ({analysis.verdicts.length})</Text>
			{shared.size > 0 ? <Text color="yellow">input: {[...shared].join(', ')}</Text> : null}
			{analysis.verdicts.map(verdict => (
				<VerdictLine key={verdict.ip} verdict={verdict} ipWidth={ipWidth} shared={shared} />
			))}
			{analysis.warnings.length > 0 ? <Text bold>Warnings ({analysis.warnings.length})</Text> : null}
			{analysis.warnings.map((warning, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} color="yellow">
					{sanitizeLine(`${warning.source}${warning.line === null ? '' : `:${warning.line}`}: ${warning.reason}`, maxWarningLine)}
					{warning.text ? <Text dimColor> ({sanitizeLine(warning.text, maxPathText)})</Text> : null}
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
