import {describe, expect, it} from 'vitest';
import {backoffDelay, reconnectDelay} from '../../source/kube/backoff.js';

describe('backoffDelay', () => {
	it('doubles from 1 s and caps at 30 s', () => {
		expect([1, 2, 3, 4, 5, 6, 7, 50].map(attempt => backoffDelay(attempt))).toEqual([
			1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
		]);
		expect(backoffDelay(0)).toBe(0);
		expect(backoffDelay(3, {initialMs: 10, maxMs: 25})).toBe(25);
	});
});

describe('reconnectDelay (W3: streams that end too soon)', () => {
	it('lets two short streams reconnect at once, then backs off', () => {
		expect([0, 1, 2, 3, 4, 5].map(count => reconnectDelay(count))).toEqual([0, 0, 0, 1000, 2000, 4000]);
	});
});
