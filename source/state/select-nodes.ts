/** Node rows: name, ready, roles, internal IP, PodCIDRs, tunnel address, pods on it, routes loaded. */
import type {NodeRow, ProbeState} from '../kube/types.js';
import {sanitizeText} from '../text/sanitize.js';
import {applyFilter} from './filter.js';
import {cell, column, type Column, type Row, type Tone} from './table.js';

export const nodeColumns: readonly Column[] = [
	column('NAME', 8, 'left', 3),
	column('READY', 5, 'left', 2),
	column('ROLES', 5, 'left', 0, true),
	column('INTERNAL-IP', 7, 'left', 2),
	column('POD-CIDRS', 7, 'left', 1, true),
	column('TUNNEL', 6, 'left', 2),
	column('PODS', 4, 'right', 2),
	column('ROUTES', 6, 'left', 2),
];

/** After a sweep: each node's problem count (optional: hidden on narrow screens). */
export const nodeColumnsWithProblems: readonly Column[] = [...nodeColumns, column('PROBLEMS', 3, 'right', 2, true)];

export function podsPerNode(pods: readonly {readonly node: string | null}[]): ReadonlyMap<string, number> {
	const counts = new Map<string, number>();
	for (const pod of pods) {
		if (pod.node !== null) {
			counts.set(pod.node, (counts.get(pod.node) ?? 0) + 1);
		}
	}
	return counts;
}

/** Text the `/` filter matches a node against. */
export function nodeFilterText(node: NodeRow): string {
	return [node.name, node.internalIp ?? '', ...node.roles, ...node.podCidrs, ...node.tunnels.map(tunnel => tunnel.address)].join(' ');
}

export function filterNodes(nodes: readonly NodeRow[], filter: string): readonly NodeRow[] {
	return applyFilter(nodes, filter, nodeFilterText);
}

function readyCell(node: NodeRow): {text: string; tone: Tone} {
	const base = node.ready === true ? 'Ready' : node.ready === false ? 'NotReady' : 'Unknown';
	const text = node.unschedulable ? `${base},SchedulingDisabled` : base;
	return {text, tone: node.ready === true ? (node.unschedulable ? 'warn' : 'ok') : 'bad'};
}

function routesCell(node: NodeRow, inspected: string | null, probe: ProbeState | null): {text: string; tone: Tone} {
	if (node.name !== inspected) {
		return {text: '-', tone: 'dim'};
	}
	if (probe === null || probe.node !== node.name) {
		return {text: 'starting', tone: 'warn'};
	}
	if (probe.phase === 'failed') {
		return {text: 'failed', tone: 'bad'};
	}
	if (probe.refreshedAt !== null) {
		// The last refresh failed: these routes are old, and the count must not read as fresh.
		if (probe.failure !== null) return {text: `${probe.routes.length} stale`, tone: 'bad'};
		return {text: `${probe.routes.length} loaded`, tone: 'ok'};
	}
	return {text: probe.phase, tone: 'warn'};
}

export function nodeRow(
	node: NodeRow,
	podCounts: ReadonlyMap<string, number>,
	inspected: string | null,
	probe: ProbeState | null,
	/** The PROBLEMS cell (select-problems.ts), once a sweep ran. */
	problems: {readonly text: string; readonly tone: Tone} | null = null,
): Row {
	const ready = readyCell(node);
	const routes = routesCell(node, inspected, probe);
	const tunnel = node.tunnels.map(t => `${t.kind} ${t.address}`).join(',');
	return {
		key: node.name,
		cells: [
			cell(sanitizeText(node.name)),
			cell(ready.text, ready.tone),
			cell(sanitizeText(node.roles.join(',') || '<none>')),
			cell(sanitizeText(node.internalIp ?? '<none>')),
			cell(sanitizeText(node.podCidrs.join(',') || '<none>')),
			cell(sanitizeText(tunnel || '-'), tunnel ? 'normal' : 'dim'),
			cell(String(podCounts.get(node.name) ?? 0)),
			cell(routes.text, routes.tone),
			...(problems === null ? [] : [cell(problems.text, problems.tone)]),
		],
		mark: node.name === inspected ? '▸' : ' ',
		markTone: 'accent',
		highlighted: false,
		faded: false,
	};
}
