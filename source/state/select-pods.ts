/** Pod rows: namespace (with -A), name, IP(s), node, status, and the PATH judged from the inspected node. */
import {describePath} from '../net/describe-path.js';
import type {PodRow} from '../kube/types.js';
import {sanitizeText} from '../text/sanitize.js';
import {applyFilter, compileFilter} from './filter.js';
import type {VerdictIndex} from './select-verdicts.js';
import {cell, column, type Cell, type Column, type Row} from './table.js';
import {podProblems, podStatusTone, verdictTone} from './tones.js';

export function podKey(pod: {readonly namespace: string; readonly name: string}): string {
	return `${pod.namespace}/${pod.name}`;
}

export function podColumns(allNamespaces: boolean): readonly Column[] {
	const base = [
		column('NAME', 10, 'left', 2),
		column('IP', 7, 'left', 3),
		column('NODE', 8, 'left', 0, true),
		column('STATUS', 7, 'left', 1),
		column('PATH', 12, 'left', 3),
	];
	return allNamespaces ? [column('NAMESPACE', 6, 'left', 1), ...base] : base;
}

export function podFilterText(pod: PodRow): string {
	return [pod.namespace, pod.name, ...pod.ips, pod.node ?? '', pod.status].join(' ');
}

/** The pods shown: the namespace (or all), then the `/` filter. */
export function filterPods(
	pods: readonly PodRow[],
	options: {readonly allNamespaces: boolean; readonly namespace: string; readonly filter: string},
): readonly PodRow[] {
	const inNamespace = options.allNamespaces ? pods : pods.filter(pod => pod.namespace === options.namespace);
	return applyFilter(inNamespace, options.filter, podFilterText);
}

/**
 * filterPods with each row's match kept while the filter text stays (rows are immutable; the store keeps
 * unchanged rows), so a new snapshot under an event storm tests only the rows that changed instead of
 * building and matching the text of 150,000 pods again.
 */
export function createPodFilter(): typeof filterPods {
	let text: string | null = null;
	let matches = new WeakMap<PodRow, boolean>();
	return (pods, options) => {
		const filter = compileFilter(options.filter);
		if (!filter.ok || options.filter === '') return filterPods(pods, options);
		if (options.filter !== text) {
			text = options.filter;
			matches = new WeakMap();
		}
		return pods.filter(pod => {
			if (!options.allNamespaces && pod.namespace !== options.namespace) return false;
			let match = matches.get(pod);
			if (match === undefined) {
				match = filter.matches(podFilterText(pod));
				matches.set(pod, match);
			}
			return match;
		});
	};
}

/** PATH cell: one phrase per IP, coloured by outcome; `-` before a node is inspected. */
export function pathCell(pod: PodRow, verdicts: VerdictIndex, judged: boolean): Cell {
	if (!judged) {
		return cell('-', 'dim');
	}
	if (pod.ips.length === 0) {
		return cell('no IP yet', 'dim');
	}
	const found = pod.ips.map(ip => verdicts.byIp.get(ip)).filter(verdict => verdict !== undefined);
	const first = found[0];
	if (first === undefined) {
		return cell('…', 'dim');
	}
	const phrases = found.map(verdict => {
		const problems = podProblems(verdict);
		return describePath(verdict) + (problems.length > 0 ? ` ! ${problems.join(',')}` : '');
	});
	return cell(sanitizeText(phrases.join('; ')), verdictTone(first));
}

export function podRow(
	pod: PodRow,
	options: {
		readonly allNamespaces: boolean;
		readonly verdicts: VerdictIndex;
		readonly judged: boolean;
		readonly highlighted: boolean;
		readonly pinned: boolean;
	},
): Row {
	const path = pathCell(pod, options.verdicts, options.judged);
	const cells = [
		cell(sanitizeText(pod.name)),
		cell(sanitizeText(pod.ips.join(',') || '<none>'), pod.ips.length > 0 ? 'normal' : 'dim'),
		cell(sanitizeText(pod.node ?? '<none>')),
		cell(sanitizeText(pod.status), podStatusTone(pod.status)),
		path,
	];
	const problem = path.tone === 'bad' || path.tone === 'warn';
	return {
		key: podKey(pod),
		cells: options.allNamespaces ? [cell(sanitizeText(pod.namespace)), ...cells] : cells,
		mark: options.pinned ? '▸' : problem ? '!' : ' ',
		markTone: options.pinned ? 'accent' : path.tone,
		highlighted: options.highlighted,
		faded: false,
	};
}
