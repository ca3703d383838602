/**
 * The sweep on screen: the Problems view's rows (worst first, then the nodes whose probe failed), the
 * header's progress, and each node's PROBLEMS cell. Pure: from the sweep source's snapshot.
 */
import type {SweepSnapshot} from '../kube/sweep-snapshot.js';
import type {SweepProblem} from '../net/sweep.js';
import {sanitizeText} from '../text/sanitize.js';
import {cell, column, type Column, type Row, type Tone} from './table.js';

/** One row of the Problems view: a problem, or a node the sweep could not probe. */
export type ProblemItem = {
	readonly key: string;
	readonly kind: string;
	readonly node: string;
	/** The route to pin when going to the node, or null. */
	readonly route: string | null;
	readonly where: string;
	readonly pods: string;
	readonly detail: string;
	readonly tone: Tone;
};

export const problemColumns: readonly Column[] = [
	column('KIND', 8, 'left', 3),
	column('NODE', 8, 'left', 3),
	column('ROUTE', 9, 'left', 2),
	column('PODS', 10, 'left', 1),
	column('EXPECTED → ACTUAL', 20, 'left', 1),
];

const dropping = new Set(['blackhole', 'no-route', 'wrong-node', 'missing-route', 'missing-host-route']);

function podsText(problem: SweepProblem): string {
	const first = problem.pods[0];
	if (problem.podCount === 0 || first === undefined) return '-';
	const more = problem.podCount > 1 ? ` +${problem.podCount - 1}` : '';
	return `${problem.podCount}: ${first.namespace}/${first.name}${more}`;
}

export function problemItems(sweep: SweepSnapshot): readonly ProblemItem[] {
	const items: ProblemItem[] = sweep.problems.map((problem, index) => ({
		key: `${index}:${problem.kind}:${problem.node}:${problem.route ?? ''}`,
		kind: problem.kind,
		node: problem.node,
		route: problem.route,
		where: problem.route ?? problem.block ?? '-',
		pods: podsText(problem),
		detail: `${problem.expected} → ${problem.actual}`,
		tone: dropping.has(problem.kind) ? 'bad' : 'warn',
	}));
	for (const [node, cause] of [...sweep.failures].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
		items.push({key: `failed:${node}`, kind: 'probe-failed', node, route: null, where: '-', pods: '-', detail: `the node's tables → ${cause}`, tone: 'dim'});
	}
	return items;
}

export function problemRow(item: ProblemItem): Row {
	return {
		key: item.key,
		cells: [
			cell(item.kind, item.tone),
			cell(sanitizeText(item.node)),
			cell(sanitizeText(item.where)),
			cell(sanitizeText(item.pods)),
			cell(sanitizeText(item.detail)),
		],
		mark: ' ',
		markTone: 'normal',
		highlighted: false,
		faded: false,
	};
}

function clockText(ms: number): string {
	const seconds = Math.max(0, Math.round(ms / 1000));
	return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The header's sweep part, or null before the first sweep. ETA from the pace up to the last progress. */
export function sweepHeader(sweep: SweepSnapshot): {readonly text: string; readonly tone: Tone} | null {
	const finished = sweep.done + sweep.failed;
	const failed = sweep.failed > 0 ? ` · ${sweep.failed} failed` : '';
	switch (sweep.status) {
		case 'idle': {
			return null;
		}
		case 'running': {
			const eta = finished === 0 ? '' : ` · ETA ${clockText(((sweep.updatedAt - sweep.startedAt) / finished) * (sweep.total - finished))}`;
			return {text: `sweep ${finished}/${sweep.total}${failed}${eta}`, tone: 'warn'};
		}
		case 'cancelling': {
			return {text: `sweep ${finished}/${sweep.total} cancelling: deleting its pods`, tone: 'warn'};
		}
		case 'failed': {
			return {text: `✕ ${sweep.error ?? 'sweep failed'}`, tone: 'bad'};
		}
		case 'done':
		case 'cancelled': {
			const count = sweep.problems.length;
			const what = sweep.status === 'cancelled' ? `sweep cancelled at ${finished}/${sweep.total}` : `swept ${sweep.total}`;
			const error = sweep.error === null ? '' : ` · ✕ ${sweep.error}`;
			return {
				text: `${what}${sweep.failed > 0 ? `, ${sweep.failed} failed` : ''}: ${count} problem${count === 1 ? '' : 's'}${error}`,
				tone: count > 0 || sweep.error !== null ? 'bad' : sweep.failed > 0 ? 'warn' : 'ok',
			};
		}
	}
}

/** A node's PROBLEMS cell: its count once judged, ✕ when its probe failed, blank while it waits. */
export function problemsCell(sweep: SweepSnapshot, node: string): {readonly text: string; readonly tone: Tone} {
	const count = sweep.problemsByNode.get(node);
	if (count !== undefined) return {text: String(count), tone: 'bad'};
	if (sweep.failures.has(node)) return {text: '✕', tone: 'bad'};
	if (sweep.probed.has(node)) return {text: sweep.status === 'running' || sweep.status === 'cancelling' ? '…' : '0', tone: 'dim'};
	return {text: '', tone: 'dim'};
}
