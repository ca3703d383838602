/**
 * The watch history: the last `capacity` store events, and from which resourceVersion on a watch can
 * still be replayed (like etcd's compaction revision).
 */
import type {StoreEvent} from '../cluster-types.js';

export type HistoryRing = {
	readonly push: (event: StoreEvent) => void;
	/** Events after `since`; 'expired' when `since` is older than what is kept or newer than `current`. */
	readonly since: (since: number, current: number) => readonly StoreEvent[] | 'expired';
	/** Forget everything (after a resourceVersion jump): only `baseline` onwards can be replayed. */
	readonly reset: (baseline: number) => void;
};

export function createHistoryRing(capacity: number, initialBaseline: number): HistoryRing {
	const size = Math.max(1, Math.floor(capacity));
	const slots: (StoreEvent | undefined)[] = Array.from({length: size});
	let start = 0;
	let count = 0;
	/** Every event with a resourceVersion above this is kept. */
	let baseline = initialBaseline;
	return {
		push(event) {
			if (count === size) {
				baseline = slots[start]!.resourceVersion;
				slots[start] = event;
				start = (start + 1) % size;
			} else {
				slots[(start + count) % size] = event;
				count++;
			}
		},
		since(since, current) {
			if (!Number.isInteger(since) || since < baseline || since > current) return 'expired';
			const result: StoreEvent[] = [];
			for (let i = 0; i < count; i++) {
				const event = slots[(start + i) % size]!;
				if (event.resourceVersion > since) result.push(event);
			}
			return result;
		},
		reset(next) {
			slots.fill(undefined);
			start = 0;
			count = 0;
			baseline = next;
		},
	};
}
