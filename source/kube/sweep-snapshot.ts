/**
 * What the inspector's sweep (`S`) shows, without the sweep itself: the UI (select-screen, use-sweep) reads
 * these, and importing sweep-source.ts there would pull client-node in before the first frame.
 */
import type {SweepProblem} from '../net/sweep.js';
import type {ClusterNode, ClusterPod} from '../net/types.js';

export type SweepStatus = 'idle' | 'running' | 'cancelling' | 'done' | 'cancelled' | 'failed';

export type SweepSnapshot = {
	readonly status: SweepStatus;
	readonly total: number;
	readonly done: number;
	readonly failed: number;
	/** ms since epoch: when the sweep started, and when progress last moved (for a steady ETA). */
	readonly startedAt: number;
	readonly updatedAt: number;
	/** Worst first; filled when the sweep finishes (also when cancelled: the nodes probed so far). */
	readonly problems: readonly SweepProblem[];
	/** Problem count per node (the nodes pane's PROBLEMS column). */
	readonly problemsByNode: ReadonlyMap<string, number>;
	/** Nodes judged without a failure so far. */
	readonly probed: ReadonlySet<string>;
	/** Nodes whose probe failed, with the cause (sanitized). */
	readonly failures: ReadonlyMap<string, string>;
	/** Why the whole sweep failed, or why its pods could not all be deleted; sanitized. */
	readonly error: string | null;
};

export type SweepSource = {
	readonly getSnapshot: () => SweepSnapshot;
	readonly subscribe: (listener: () => void) => () => void;
	readonly start: (nodes: readonly ClusterNode[], pods: readonly ClusterPod[]) => void;
	readonly cancel: () => void;
	/** Cancels and resolves once the run's pods are deleted (or their deletion failed). */
	readonly stop: () => Promise<void>;
};

export const idleSweep: SweepSnapshot = {
	status: 'idle',
	total: 0,
	done: 0,
	failed: 0,
	startedAt: 0,
	updatedAt: 0,
	problems: [],
	problemsByNode: new Map(),
	probed: new Set(),
	failures: new Map(),
	error: null,
};

export function countByNode(problems: readonly SweepProblem[]): ReadonlyMap<string, number> {
	const counts = new Map<string, number>();
	for (const problem of problems) counts.set(problem.node, (counts.get(problem.node) ?? 0) + 1);
	return counts;
}
