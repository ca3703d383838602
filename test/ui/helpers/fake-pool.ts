/** A probe pool double for trace clients: records acquire/release per holder; a node gets the state the test chose. */
import type {TracePool} from '../../../source/kube/trace-tables.js';
import type {ProbeState} from '../../../source/kube/types.js';

export type PoolCall = {readonly type: 'acquire'; readonly nodes: readonly string[]; readonly holder: string} | {readonly type: 'release'; readonly holder: string};

export type FakePool = TracePool & {
	/** Replaces a node's state (null: the pool forgot it) and tells the listeners. */
	readonly set: (node: string, state: ProbeState | null) => void;
	readonly calls: readonly PoolCall[];
	readonly listeners: () => number;
};

export function createFakePool(answer: (node: string) => ProbeState | null): FakePool {
	const states = new Map<string, ProbeState>();
	const calls: PoolCall[] = [];
	const listeners = new Set<() => void>();
	const set = (node: string, state: ProbeState | null) => {
		if (state) states.set(node, state);
		else states.delete(node);
		for (const listener of [...listeners]) listener();
	};
	return {
		acquire(nodes, holder) {
			calls.push({type: 'acquire', nodes: [...nodes], holder});
			for (const node of nodes) if (!states.has(node)) set(node, answer(node));
		},
		release(holder) {
			calls.push({type: 'release', holder});
		},
		getSnapshot: node => states.get(node) ?? null,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		set,
		calls,
		listeners: () => listeners.size,
	};
}
