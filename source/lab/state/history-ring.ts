/**
 * The watch history: the last `capacity` store events, and from which resourceVersion on a watch can
 * still be replayed (like etcd's compaction revision). Like the apiserver's watch cache, it may also keep
 * every event younger than `fresh.ms` (its eventFreshDuration, 75 s) up to `fresh.max` events (102,400):
 * under thousands of changes a second a LIST of 150,000 pods takes seconds, and its watch must still
 * resume from the list's resourceVersion instead of getting 410 and relisting for ever.
 */
import type {StoreEvent} from '../cluster-types.js';

/** Event: what is kept of each (the object store keeps its events as JSON text). */
export type HistoryRing<Event extends {readonly resourceVersion: number} = StoreEvent> = {
	readonly push: (event: Event) => void;
	/** Events after `since`; 'expired' when `since` is older than what is kept or newer than `current`. */
	readonly since: (since: number, current: number) => readonly Event[] | 'expired';
	/** Forget everything (after a resourceVersion jump): only `baseline` onwards can be replayed. */
	readonly reset: (baseline: number) => void;
};

export type FreshHistory = {readonly ms: number; readonly max: number; readonly now: () => number};

export function createHistoryRing<Event extends {readonly resourceVersion: number} = StoreEvent>(
	capacity: number,
	initialBaseline: number,
	fresh: FreshHistory | null = null,
): HistoryRing<Event> {
	const size = Math.max(1, Math.floor(capacity));
	const max = Math.max(size, fresh?.max ?? size);
	// A queue: events[head..] in resourceVersion order, with the time each came.
	let events: Event[] = [];
	let times: number[] = [];
	let head = 0;
	/** Every event with a resourceVersion above this is kept. */
	let baseline = initialBaseline;
	const stale = (now: number): boolean => fresh === null || now - times[head]! > fresh.ms;
	return {
		push(event) {
			const now = fresh?.now() ?? 0;
			events.push(event);
			times.push(now);
			while (events.length - head > size && (events.length - head > max || stale(now))) {
				baseline = events[head]!.resourceVersion;
				head++;
			}
			if (head > 1024 && head * 2 > events.length) {
				events = events.slice(head);
				times = times.slice(head);
				head = 0;
			}
		},
		since(since, current) {
			if (!Number.isInteger(since) || since < baseline || since > current) return 'expired';
			// The first event after `since` (they are in resourceVersion order).
			let low = head;
			let high = events.length;
			while (low < high) {
				const middle = (low + high) >>> 1;
				if (events[middle]!.resourceVersion > since) high = middle;
				else low = middle + 1;
			}
			return events.slice(low);
		},
		reset(next) {
			events = [];
			times = [];
			head = 0;
			baseline = next;
		},
	};
}
