/**
 * The inspector's heap growth limit: the flag, and the user's own choice kept. How much it saves is measured
 * in `npm run bench` (peak RSS under 2,000 pod events/s): a peak-heap assertion here passed under Node 20 and
 * failed under Node 24, where V8 answers the same flag less and less steadily.
 */
import {describe, expect, it} from 'vitest';
import {heapGrowingPercent, heapGrowthFlag, limitHeapGrowth} from '../../source/commands/heap-growth.js';

describe('heap growth', () => {
	it('sets V8’s heap growing factor unless the user set one (node flags or NODE_OPTIONS)', () => {
		expect(heapGrowthFlag([], undefined)).toBe(`--heap-growing-percent=${heapGrowingPercent}`);
		expect(heapGrowthFlag(['--enable-source-maps'], '--max-old-space-size=4096')).toBe(`--heap-growing-percent=${heapGrowingPercent}`);
		expect(heapGrowthFlag(['--heap-growing-percent=80'], undefined)).toBeNull();
		expect(heapGrowthFlag([], '--max-old-space-size=4096 --heap_growing_percent=50')).toBeNull();
	});

	it('hands the flag to V8 once, and nothing when the user chose their own', () => {
		const set: string[] = [];
		limitHeapGrowth([], undefined, flag => set.push(flag));
		expect(set).toEqual([`--heap-growing-percent=${heapGrowingPercent}`]);
		limitHeapGrowth(['--heap-growing-percent=80'], undefined, flag => set.push(flag));
		limitHeapGrowth([], '--heap-growing-percent=10', flag => set.push(flag));
		expect(set).toHaveLength(1);
	});
});
