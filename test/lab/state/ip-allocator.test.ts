import {describe, expect, it} from 'vitest';
import {createIpAllocator} from '../../../source/lab/state/ip-allocator.js';

describe('createIpAllocator', () => {
	it('skips the tunnel address and taken ones, moves on after the last handed out, reuses only after wrapping', () => {
		const allocator = createIpAllocator('192.168.175.0/26');
		allocator.reserve('192.168.175.1');
		allocator.reserve('192.168.175.5');
		expect(allocator.allocate()).toBe('192.168.175.6');
		allocator.release('192.168.175.6');
		expect(allocator.allocate()).toBe('192.168.175.7');
		const rest: (string | null)[] = [];
		for (let i = 0; i < 60; i++) rest.push(allocator.allocate());
		expect(rest).toContain('192.168.175.63');
		expect(rest).toContain('192.168.175.2');
		expect(rest).not.toContain('192.168.175.0');
		expect(rest.filter((ip) => ip === null)).toHaveLength(0);
		expect(allocator.allocate()).toBeNull();
	});
});
