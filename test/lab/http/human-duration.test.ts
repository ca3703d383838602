import {describe, expect, it} from 'vitest';
import {ageSince, humanDuration} from '../../../source/lab/http/human-duration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration (apimachinery duration.HumanDuration)', () => {
	it.each([
		[-3 * s, '<invalid>'],
		[-1 * s, '0s'],
		[0, '0s'],
		[119 * s, '119s'],
		[2 * m, '2m'],
		[5 * m + 7 * s, '5m7s'],
		[9 * m + 59 * s, '9m59s'],
		[10 * m + 30 * s, '10m'],
		[179 * m, '179m'],
		[3 * h, '3h'],
		[7 * h + 59 * m, '7h59m'],
		[8 * h + 30 * m, '8h'],
		[47 * h, '47h'],
		[2 * d, '2d'],
		[7 * d + 23 * h, '7d23h'],
		[8 * d + 5 * h, '8d'],
		[729 * d, '729d'],
		[730 * d, '2y'],
		[365 * 3 * d + 10 * d, '3y10d'],
		[365 * 8 * d, '8y'],
	])('%d ms → %s', (milliseconds, expected) => {
		expect(humanDuration(milliseconds)).toBe(expected);
	});
	it('ages from a timestamp, <unknown> without one', () => {
		expect(ageSince('2024-01-01T00:00:00Z', Date.parse('2024-01-01T00:36:10Z'))).toBe('36m');
		expect(ageSince(undefined, 0)).toBe('<unknown>');
		expect(ageSince('not a time', 0)).toBe('<unknown>');
	});
});
