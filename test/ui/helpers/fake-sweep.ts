/** A SweepSource double: records start/cancel/stop; the test publishes the snapshots it wants to see. */
import {idleSweep, type SweepSnapshot, type SweepSource} from '../../../source/kube/sweep-source.js';

export type FakeSweep = SweepSource & {
	readonly set: (snapshot: SweepSnapshot) => void;
	readonly calls: readonly string[];
	/** Node names the last start was given. */
	readonly started: () => readonly string[];
};

export function createFakeSweep(): FakeSweep {
	let snapshot: SweepSnapshot = idleSweep;
	let started: readonly string[] = [];
	const calls: string[] = [];
	const listeners = new Set<() => void>();
	const set = (next: SweepSnapshot): void => {
		snapshot = next;
		for (const listener of listeners) listener();
	};
	return {
		getSnapshot: () => snapshot,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		start(nodes) {
			calls.push('start');
			started = nodes.map(node => node.name);
		},
		cancel() {
			calls.push('cancel');
		},
		async stop() {
			calls.push('stop');
		},
		set,
		calls,
		started: () => started,
	};
}
