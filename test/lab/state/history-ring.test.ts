import {describe, expect, it} from 'vitest';
import type {StoreEvent} from '../../../source/lab/cluster-types.js';
import {createHistoryRing} from '../../../source/lab/state/history-ring.js';

const event = (resourceVersion: number): StoreEvent => ({type: 'MODIFIED', resource: 'pods', object: {} as StoreEvent['object'], previous: null, resourceVersion});
const versions = (result: readonly StoreEvent[] | 'expired') => (result === 'expired' ? result : result.map(entry => entry.resourceVersion));

describe('history ring', () => {
	it('keeps the last `capacity` events without a fresh window', () => {
		const ring = createHistoryRing(3, 0);
		for (let rv = 1; rv <= 5; rv++) ring.push(event(rv));
		expect(ring.since(1, 5)).toBe('expired');
		expect(versions(ring.since(2, 5))).toEqual([3, 4, 5]);
		expect(versions(ring.since(4, 5))).toEqual([5]);
		expect(ring.since(6, 5)).toBe('expired');
	});

	it('also keeps events younger than the fresh window (an event storm outruns a count), up to its maximum', () => {
		let now = 0;
		const ring = createHistoryRing(3, 0, {ms: 1000, max: 2500, now: () => now});
		for (let rv = 1; rv <= 2000; rv++) ring.push(event(rv));
		// 2,000 events within the window: a watch from the first still resumes.
		expect(versions(ring.since(0, 2000))).toHaveLength(2000);
		now = 500;
		for (let rv = 2001; rv <= 3000; rv++) ring.push(event(rv));
		// The maximum holds: the oldest 500 went.
		expect(ring.since(499, 3000)).toBe('expired');
		expect(versions(ring.since(500, 3000))).toHaveLength(2500);
		// Past the window only `capacity` stay.
		now = 2000;
		ring.push(event(3001));
		expect(ring.since(2997, 3001)).toBe('expired');
		expect(versions(ring.since(2998, 3001))).toEqual([2999, 3000, 3001]);
		ring.reset(5000);
		expect(ring.since(3001, 5000)).toBe('expired');
		expect(ring.since(5000, 5000)).toEqual([]);
	});
});
