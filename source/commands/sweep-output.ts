/**
 * What `netinspect sweep` prints: the JSON contract (`--json`) and the plain text (a summary, the problems
 * worst first, the nodes that could not be probed). Every cluster-supplied string is sanitized. Pure.
 */
import type {SweepProblem, SweepProblemKind, SweepResult} from '../net/sweep.js';
import {problemKindOrder} from '../net/sweep.js';
import {sanitizeLine} from '../text/sanitize.js';

export type SweptNode = {readonly name: string; readonly probed: boolean; readonly error: string | null; readonly fix: string | null};

export type SweepReport = {
	readonly nodes: readonly SweptNode[];
	readonly result: SweepResult;
	readonly apiCalls: number;
	readonly seconds: number;
	/** CPU time spent judging (ms), apart from probing. */
	readonly judgeMs: number;
};

export function problemCounts(problems: readonly SweepProblem[]): Partial<Record<SweepProblemKind, number>> {
	const counts: Partial<Record<SweepProblemKind, number>> = {};
	for (const kind of problemKindOrder) {
		const count = problems.filter(problem => problem.kind === kind).length;
		if (count > 0) counts[kind] = count;
	}
	return counts;
}

export function sweepToJson(report: SweepReport): Record<string, unknown> {
	const {nodes, result} = report;
	const probed = nodes.filter(node => node.probed).length;
	const kindsByNode = new Map<string, SweepProblemKind[]>();
	for (const problem of result.problems) {
		const kinds = kindsByNode.get(problem.node) ?? [];
		if (!kinds.includes(problem.kind)) kinds.push(problem.kind);
		kindsByNode.set(problem.node, kinds);
	}
	return {
		nodes: nodes.map(node => ({
			name: node.name,
			probed: node.probed,
			error: node.error,
			cni: result.cni.get(node.name) ?? null,
			problems: kindsByNode.get(node.name) ?? [],
		})),
		problems: result.problems.map(problem => ({...problem, pods: problem.pods.map(pod => ({namespace: pod.namespace, name: pod.name, node: pod.node}))})),
		summary: {
			nodes: nodes.length,
			probed,
			failed: nodes.length - probed,
			pods: result.pods,
			problems: result.problems.length,
			byKind: problemCounts(result.problems),
			judged: result.judged,
			apiCalls: report.apiCalls,
			apiCallsPerNode: nodes.length === 0 ? 0 : Math.round((report.apiCalls / nodes.length) * 100) / 100,
			seconds: Math.round(report.seconds * 10) / 10,
			judgeMs: Math.round(report.judgeMs),
		},
	};
}

const plural = (count: number, word: string) => `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : 's'}`;

export function sweepToText(report: SweepReport): string {
	const {nodes, result} = report;
	const probed = nodes.filter(node => node.probed).length;
	const counts = Object.entries(problemCounts(result.problems)).map(([kind, count]) => `${kind} ${count}`);
	const lines = [
		`${plural(nodes.length, 'node')}: ${probed} probed, ${nodes.length - probed} failed · ${plural(result.pods, 'pod IP')} checked · ` +
			`${plural(result.problems.length, 'problem')}${counts.length > 0 ? ` (${counts.join(', ')})` : ''} · ${report.seconds.toFixed(1)} s, ${plural(report.apiCalls, 'API call')}`,
	];
	if (result.problems.length === 0 && probed > 0) lines.push('', `Every probed node routes every pod IP to the node that runs it.`);
	for (const problem of result.problems) {
		const where = [problem.route ? `route ${problem.route}` : null, problem.block && problem.block !== problem.route ? `block ${problem.block}` : null].filter(Boolean);
		const shown = problem.pods.map(pod => `${pod.namespace}/${pod.name}`);
		const more = problem.podCount > shown.length ? `, … ${problem.podCount - shown.length} more` : '';
		lines.push(
			'',
			sanitizeLine(`✗ ${problem.kind} on ${problem.node}${problem.podCount > 0 ? ` · ${plural(problem.podCount, 'pod')}` : ''}${where.length > 0 ? ` · ${where.join(' · ')}` : ''}`, 300),
			sanitizeLine(`    expected  ${problem.expected}`, 300),
			sanitizeLine(`    actual    ${problem.actual}`, 300),
		);
		if (shown.length > 0) lines.push(sanitizeLine(`    pods      ${shown.join(', ')}${more}`, 300));
	}
	const failed = nodes.filter(node => !node.probed);
	if (failed.length > 0) {
		lines.push('', `Not probed (${failed.length}):`);
		for (const node of failed.slice(0, 50)) {
			lines.push(sanitizeLine(`  ${node.name}: ${node.error ?? 'unknown error'}`, 300));
			if (node.fix) lines.push(sanitizeLine(`    fix: ${node.fix}`, 300));
		}
		if (failed.length > 50) lines.push(`  … ${failed.length - 50} more (--json lists them all)`);
	}
	return `${lines.join('\n')}\n`;
}
