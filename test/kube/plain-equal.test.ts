import {describe, expect, it} from 'vitest';
import {plainEqual} from '../../source/kube/plain-equal.js';

describe('plainEqual', () => {
	it('compares plain data deeply', () => {
		const route = {family: 4, destination: '10.0.0.0/24', gateway: null, flags: ['U', 'G'], nested: {mtu: 1480}};
		expect(plainEqual(route, structuredClone(route))).toBe(true);
		expect(plainEqual([route], [structuredClone(route)])).toBe(true);
		expect(plainEqual(route, {...route, gateway: '10.0.0.1'})).toBe(false);
		expect(plainEqual(route, {...route, nested: {mtu: 1500}})).toBe(false);
		expect(plainEqual(route, {...route, extra: undefined})).toBe(false);
		expect(plainEqual([1, 2], [1, 2, 3])).toBe(false);
		expect(plainEqual([], {})).toBe(false);
		expect(plainEqual(null, {})).toBe(false);
		expect(plainEqual(Number.NaN, Number.NaN)).toBe(true);
	});
});
