/**
 * `netinspect sweep --report FILE.html`: one self-contained page (inline CSS, no script, no fetch) for a ticket
 * or a post-mortem: the summary, the problems worst first, and a picture of the cluster as a nodes × nodes
 * matrix of route decisions (row: the node whose table decides; column: the node that runs the pods), each
 * cell coloured by the worst problem found there. Past 60 nodes the matrix groups nodes (in name order) so it
 * stays drawable. The sweep's JSON rides along in a data block. Every string is escaped.
 */
import {writeFile} from 'node:fs/promises';
import {problemKindOrder, type SweepProblemKind} from '../net/sweep.js';
import {sanitizeLine} from '../text/sanitize.js';
import {problemCounts, sweepToJson, type SweepReport} from './sweep-output.js';

const maxCells = 60;

function escapeHtml(text: string): string {
	return sanitizeLine(text, 2000).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** JSON inside <script type="application/json">: nothing in it may close the element. */
function escapeJsonForHtml(json: string): string {
	return json.replaceAll('<', '\\u003c').replaceAll('>', '\\u003e').replaceAll('&', '\\u0026').replaceAll('\u2028', '\\u2028').replaceAll('\u2029', '\\u2029');
}

const colours: Readonly<Record<SweepProblemKind, string>> = {
	blackhole: '#b00020',
	'no-route': '#c62828',
	'wrong-node': '#d84315',
	'missing-route': '#ef6c00',
	'missing-host-route': '#f9a825',
	'link-down': '#8e24aa',
	'unrouted-borrowed-ip': '#5e35b1',
	'block-conflict': '#3949ab',
	'mtu-exceeds-uplink': '#00838f',
	'mtu-mismatch': '#00897b',
	'cni-mismatch': '#6d4c41',
};

export type MatrixCell = {readonly worst: SweepProblemKind | null; readonly problems: number};

export type Matrix = {
	/** Row/column labels: node names, or `first … last (N)` for a group. */
	readonly labels: readonly string[];
	readonly cells: readonly (readonly MatrixCell[])[];
	readonly grouped: boolean;
};

/** Nodes × nodes (grouped past `maxCells`), each cell the worst problem of a row node's routes to a column node's pods. */
export function sweepMatrix(report: SweepReport, limit = maxCells): Matrix {
	const names = report.nodes.map(node => node.name).sort();
	const groupSize = Math.max(1, Math.ceil(names.length / limit));
	const groupOf = new Map(names.map((name, index) => [name, Math.floor(index / groupSize)]));
	const groups = Math.ceil(names.length / groupSize);
	const labels = Array.from({length: groups}, (_, group) => {
		const members = names.slice(group * groupSize, (group + 1) * groupSize);
		return members.length === 1 ? members[0]! : `${members[0]} … ${members.at(-1)} (${members.length})`;
	});
	const cells: MatrixCell[][] = Array.from({length: groups}, () => Array.from({length: groups}, () => ({worst: null, problems: 0})));
	for (const problem of report.result.problems) {
		const row = groupOf.get(problem.node);
		const column = groupOf.get(problem.toNode ?? problem.node);
		if (row === undefined || column === undefined) continue;
		const cell = cells[row]![column]!;
		const worse = cell.worst === null || problemKindOrder.indexOf(problem.kind) < problemKindOrder.indexOf(cell.worst);
		cells[row]![column] = {worst: worse ? problem.kind : cell.worst, problems: cell.problems + 1};
	}
	return {labels, cells, grouped: groupSize > 1};
}

export function renderSweepReport(report: SweepReport, generatedAt = new Date()): string {
	const json = sweepToJson(report);
	const probed = report.nodes.filter(node => node.probed).length;
	const matrix = sweepMatrix(report);
	const counts = problemCounts(report.result.problems);
	const summary = [
		`${report.nodes.length} nodes, ${probed} probed, ${report.nodes.length - probed} not probed`,
		`${report.result.pods} pod IPs checked`,
		`${report.result.problems.length} problem${report.result.problems.length === 1 ? '' : 's'}${Object.keys(counts).length > 0 ? `: ${Object.entries(counts).map(([kind, count]) => `${kind} ${count}`).join(', ')}` : ''}`,
		`${report.seconds.toFixed(1)} s, ${report.apiCalls} API calls`,
	];
	const problemRows = report.result.problems
		.map(
			problem =>
				`<tr class="problem" data-kind="${escapeHtml(problem.kind)}" data-node="${escapeHtml(problem.node)}" data-route="${escapeHtml(problem.route ?? '')}">` +
				`<td><span class="kind" style="background:${colours[problem.kind]}">${escapeHtml(problem.kind)}</span></td>` +
				`<td>${escapeHtml(problem.node)}</td><td>${escapeHtml(problem.route ?? '')}</td><td>${escapeHtml(problem.block ?? '')}</td>` +
				`<td>${problem.podCount}</td><td>${escapeHtml(problem.expected)}</td><td>${escapeHtml(problem.actual)}</td>` +
				`<td>${escapeHtml(problem.pods.map(pod => `${pod.namespace}/${pod.name}`).join(', '))}${problem.podCount > problem.pods.length ? ', …' : ''}</td></tr>`,
		)
		.join('\n');
	const failedRows = report.nodes
		.filter(node => !node.probed)
		.map(node => `<tr class="failed"><td>${escapeHtml(node.name)}</td><td>${escapeHtml(node.error ?? '')}</td><td>${escapeHtml(node.fix ?? '')}</td></tr>`)
		.join('\n');
	const matrixRows = matrix.cells
		.map(
			(row, index) =>
				`<tr><th class="row">${escapeHtml(matrix.labels[index]!)}</th>${row
					.map((cell, column) => {
						const title = `${matrix.labels[index]} → ${matrix.labels[column]}: ${cell.worst ? `${cell.problems} problem(s), worst ${cell.worst}` : 'ok'}`;
						return `<td class="cell" title="${escapeHtml(title)}" style="background:${cell.worst ? colours[cell.worst] : '#2e7d32'}"></td>`;
					})
					.join('')}</tr>`,
		)
		.join('\n');
	const legend = problemKindOrder.map(kind => `<span class="kind" style="background:${colours[kind]}">${kind}</span>`).join(' ');
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>netinspect sweep report</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.5em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
.kind{color:#fff;border-radius:3px;padding:0 4px;white-space:nowrap}
table.matrix td.cell{width:14px;height:14px;padding:0;border:1px solid #fff}
table.matrix th.row{font-weight:normal;font-size:11px;white-space:nowrap;border:none}
</style>
</head>
<body>
<h1>netinspect sweep</h1>
<p id="generated">Generated ${escapeHtml(generatedAt.toISOString())}</p>
<ul id="summary">${summary.map(line => `<li>${escapeHtml(line)}</li>`).join('')}</ul>
<h2>Problems, worst first</h2>
${report.result.problems.length === 0 ? '<p id="no-problems">No problems: every probed node routes every pod IP to the node that runs it.</p>' : `<table id="problems"><thead><tr><th>kind</th><th>node</th><th>route</th><th>block</th><th>pods</th><th>expected</th><th>actual</th><th>pods affected</th></tr></thead><tbody>
${problemRows}
</tbody></table>`}
${failedRows ? `<h2>Nodes not probed</h2><table id="failed"><tbody>${failedRows}</tbody></table>` : ''}
<h2>Route decisions, node × node</h2>
<p>Row: the node whose routes decide; column: the node that runs the pods. Green: every pod routed right.${matrix.grouped ? ' Nodes are grouped in name order; a cell shows the worst of its group.' : ''}</p>
<p>${legend}</p>
<table class="matrix" id="matrix"><tbody>
${matrixRows}
</tbody></table>
<script type="application/json" id="sweep-data">${escapeJsonForHtml(JSON.stringify(json))}</script>
</body>
</html>
`;
}

export async function writeSweepReport(file: string, report: SweepReport): Promise<void> {
	await writeFile(file, renderSweepReport(report), {mode: 0o644});
}
