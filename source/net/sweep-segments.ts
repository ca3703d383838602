/**
 * Which route of one node decides which pods: the node's lookup routes of one family, nested as prefixes are
 * (never partly overlapping), each governing the pods inside it that no more specific route takes. One pass
 * over the routes sorted by address, with a stack; two binary searches per route. Pure.
 */
import {isLookupRoute} from './route-table.js';
import {keyRange, positionsIn, type KeyRange, type SortedPods} from './sweep-pods.js';
import type {Route} from './types.js';

/** Pods at positions [from, to) of the sorted pods are decided by `route` (null: no route matches). */
export type Segment = {readonly route: Route | null; readonly from: number; readonly to: number};

type Candidate = {readonly route: Route; readonly range: KeyRange; readonly order: number};

/** The lookup winner among routes of one prefix: lowest metric, then first in input order (route-table.ts). */
function better(a: Candidate, b: Candidate): Candidate {
	if (a.route.metric !== b.route.metric) return a.route.metric < b.route.metric ? a : b;
	return a.order <= b.order ? a : b;
}

function candidatesOf(routes: readonly Route[], sorted: SortedPods): Candidate[] {
	const byPrefix = new Map<string, Candidate>();
	let order = 0;
	for (const route of routes) {
		order++;
		if (route.family !== sorted.family || !isLookupRoute(route)) continue;
		const range = keyRange(route.destination, sorted.family);
		if (!range) continue;
		const candidate: Candidate = {route, range, order};
		const existing = byPrefix.get(range.cidr);
		byPrefix.set(range.cidr, existing ? better(existing, candidate) : candidate);
	}
	return [...byPrefix.values()].sort((a, b) =>
		a.range.start === b.range.start ? a.range.length - b.range.length : a.range.start < b.range.start ? -1 : 1,
	);
}

type Open = {readonly route: Route | null; readonly end: KeyRange['end'] | null; readonly to: number; cursor: number};

export function governedSegments(routes: readonly Route[], sorted: SortedPods): Segment[] {
	const segments: Segment[] = [];
	const emit = (route: Route | null, from: number, to: number): void => {
		if (from < to) segments.push({route, from, to});
	};
	const stack: Open[] = [{route: null, end: null, to: sorted.keys.length, cursor: 0}];
	const close = (open: Open): void => emit(open.route, open.cursor, open.to);
	for (const candidate of candidatesOf(routes, sorted)) {
		for (;;) {
			const top = stack[stack.length - 1]!;
			if (top.end === null || top.end >= candidate.range.start) break;
			close(stack.pop()!);
		}
		const [from, to] = positionsIn(sorted, candidate.range);
		const parent = stack[stack.length - 1]!;
		emit(parent.route, parent.cursor, from);
		parent.cursor = Math.max(parent.cursor, to);
		stack.push({route: candidate.route, end: candidate.range.end, to, cursor: from});
	}
	while (stack.length > 0) close(stack.pop()!);
	return segments;
}
