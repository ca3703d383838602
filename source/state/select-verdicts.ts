/**
 * Verdicts for every pod IP as seen from the inspected node, memoised: they are computed again only when
 * the route table, the interfaces, the nodes or the pods change (by identity), never per render.
 */
import type {ClusterNode, ClusterPod, Interface, PodRef, Route, Verdict} from '../net/types.js';
import {routeKey} from './route-key.js';

export type JudgeInput = {
	readonly node: ClusterNode;
	readonly routes: readonly Route[];
	readonly interfaces: readonly Interface[];
	readonly nodes: readonly ClusterNode[];
	readonly pods: readonly ClusterPod[];
};

/**
 * The network core's judgement of every pod IP (see judge-pods.ts for the real one); `prepare` may build
 * ahead what depends on the cluster alone, while a node's tables are on their way.
 */
export type Judge = ((input: JudgeInput) => readonly Verdict[]) & {
	readonly prepare?: (nodes: JudgeInput['nodes'], pods: JudgeInput['pods']) => void;
};

export type VerdictIndex = {
	readonly byIp: ReadonlyMap<string, Verdict>;
	/** Verdicts per route (routeKey), in pod order. */
	readonly byRoute: ReadonlyMap<string, readonly Verdict[]>;
	/** The pod behind each local interface (from local-pod verdicts). */
	readonly podByInterface: ReadonlyMap<string, PodRef>;
	/** Next-hop node of each route, where some verdict through it named one. */
	readonly nextHopByRoute: ReadonlyMap<string, string>;
	/** Every problem any verdict has (to tell input-wide ones once). */
	readonly problems: ReadonlySet<string>;
};

export const emptyVerdictIndex: VerdictIndex = {
	byIp: new Map(),
	byRoute: new Map(),
	podByInterface: new Map(),
	nextHopByRoute: new Map(),
	problems: new Set(),
};

export function indexVerdicts(verdicts: readonly Verdict[]): VerdictIndex {
	const byIp = new Map<string, Verdict>();
	const byRoute = new Map<string, Verdict[]>();
	const podByInterface = new Map<string, PodRef>();
	const nextHopByRoute = new Map<string, string>();
	const problems = new Set<string>();
	for (const verdict of verdicts) {
		for (const problem of verdict.problems) {
			problems.add(problem);
		}
		byIp.set(verdict.ip, verdict);
		if (verdict.route) {
			const key = routeKey(verdict.route);
			const list = byRoute.get(key);
			if (list) {
				list.push(verdict);
			} else {
				byRoute.set(key, [verdict]);
			}
			// An on-link IP is its own next hop: its node says nothing about the route's other IPs.
			if (verdict.nextHopNode && verdict.outcome !== 'on-link' && !nextHopByRoute.has(key)) {
				nextHopByRoute.set(key, verdict.nextHopNode);
			}
		}
		const behind = verdict.interfacePod ?? (verdict.outcome === 'local-pod' ? verdict.pod : null);
		if (verdict.interface && behind && !podByInterface.has(verdict.interface)) {
			podByInterface.set(verdict.interface, behind);
		}
	}
	return {byIp, byRoute, podByInterface, nextHopByRoute, problems};
}

/** A one-entry memo over the judge's inputs (identity), like reselect. Also counts how often it judged. */
export function createVerdictSelector(judge: Judge): {
	readonly select: (input: JudgeInput | null) => VerdictIndex;
	readonly judgements: () => number;
} {
	let last: JudgeInput | null = null;
	let lastIndex: VerdictIndex = emptyVerdictIndex;
	let count = 0;
	const same = (a: JudgeInput, b: JudgeInput): boolean =>
		a.node === b.node && a.routes === b.routes && a.interfaces === b.interfaces && a.nodes === b.nodes && a.pods === b.pods;
	return {
		select(input) {
			if (input === null) {
				return emptyVerdictIndex;
			}
			if (last !== null && same(last, input)) {
				return lastIndex;
			}
			count += 1;
			last = input;
			lastIndex = indexVerdicts(judge(input));
			return lastIndex;
		},
		judgements: () => count,
	};
}
