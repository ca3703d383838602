import {describe, expect, it} from 'vitest';
import {apiTime, microTime} from '../../../source/lab/state/timestamps.js';

describe('timestamps', () => {
	it('writes MicroTime with exactly six fractional digits and Time in whole seconds', () => {
		const ms = Date.UTC(2024, 4, 6, 7, 8, 9, 123);
		expect(microTime(ms)).toBe('2024-05-06T07:08:09.123000Z');
		expect(microTime(Date.UTC(2024, 0, 1))).toBe('2024-01-01T00:00:00.000000Z');
		expect(apiTime(ms)).toBe('2024-05-06T07:08:09Z');
	});
});
