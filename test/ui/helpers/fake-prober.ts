/** A NodeProber double: records calls; `inspect` answers with a state the test chose for that node. */
import type {NodeProber, ProbeState} from '../../../source/kube/types.js';

export type ProberCall = {readonly type: 'inspect'; readonly node: string} | {readonly type: 'refresh' | 'stop'} | {readonly type: 'pause'; readonly paused: boolean};

export type FakeProber = NodeProber & {
	readonly set: (state: ProbeState | null) => void;
	readonly calls: readonly ProberCall[];
};

export function createFakeProber(answer: (node: string) => ProbeState | null = () => null): FakeProber {
	let state: ProbeState | null = null;
	const calls: ProberCall[] = [];
	const listeners = new Set<() => void>();
	const set = (next: ProbeState | null): void => {
		state = next;
		for (const listener of listeners) {
			listener();
		}
	};
	return {
		inspect(node) {
			calls.push({type: 'inspect', node});
			set(answer(node));
		},
		refreshNow() {
			calls.push({type: 'refresh'});
		},
		setPaused(paused) {
			calls.push({type: 'pause', paused});
		},
		getSnapshot: () => state,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		async stop() {
			calls.push({type: 'stop'});
		},
		set,
		calls,
	};
}
