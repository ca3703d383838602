import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parseIPv4, parseIp} from '../../source/net/ip.js';
import {parseIPv4Fast, parseIpFast} from '../../source/net/ipv4-fast.js';

describe('parseIPv4Fast', () => {
	it('reads dotted quads with the strict rules of parseIPv4', () => {
		expect(parseIPv4Fast('192.168.175.5')).toBe(0xc0a8af05);
		expect(parseIPv4Fast('0.0.0.0')).toBe(0);
		expect(parseIPv4Fast('255.255.255.255')).toBe(0xffffffff);
		for (const bad of ['010.0.0.1', '256.0.0.1', '1.2.3', '1.2.3.4.5', '1..2.3', '.1.2.3', '1.2.3.', '1.2.3.4 ', 'a.b.c.d', '1.2.3.0004', '']) {
			expect(parseIPv4Fast(bad), bad).toBe(-1);
		}
	});

	it('agrees with parseIPv4 on random dotted text', () => {
		const part = fc.oneof(fc.integer({min: 0, max: 300}).map(String), fc.stringMatching(/^[0-9]{0,4}$/), fc.constantFrom('00', '01', '-1', 'x'));
		const text = fc.oneof(
			fc.array(part, {minLength: 1, maxLength: 6}).map(parts => parts.join('.')),
			fc.string({maxLength: 16}),
		);
		fc.assert(
			fc.property(text, candidate => {
				expect(parseIPv4Fast(candidate)).toBe(parseIPv4(candidate) ?? -1);
				expect(parseIpFast(candidate)).toEqual(parseIp(candidate));
			}),
			{numRuns: 3000},
		);
	});

	it('falls back to parseIp for IPv6', () => {
		expect(parseIpFast('fd00::1')).toEqual(parseIp('fd00::1'));
	});
});
