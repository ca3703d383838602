import {describe, expect, it} from 'vitest';
import {
	canonicalIp,
	cidrContains,
	formatIPv6,
	lengthToMask,
	maskToLength,
	parseIPv4,
	parseIPv6,
	parsePrefix,
} from '../../source/net/ip.js';

describe('ip', () => {
	it('parses IPv4 strictly', () => {
		expect(parseIPv4('192.168.175.5')).toBe(0xc0a8af05);
		expect(parseIPv4('010.0.0.1')).toBeNull();
		expect(parseIPv4('256.0.0.1')).toBeNull();
		expect(parseIPv4('1.2.3')).toBeNull();
	});

	it('parses and prints IPv6 canonically', () => {
		expect(canonicalIp('FD00:192:168:223:0:0:0:80')).toBe('fd00:192:168:223::80');
		expect(canonicalIp('::1')).toBe('::1');
		expect(canonicalIp('1:0:0:2:0:0:0:3')).toBe('1:0:0:2::3');
		expect(canonicalIp('1:2:3:4:5:6:7:8:9')).toBeNull();
		expect(canonicalIp('1::2::3')).toBeNull();
		expect(formatIPv6(parseIPv6('::ffff:1.2.3.4')!)).toBe('::ffff:102:304');
	});

	it('reads prefixes, host routes and default', () => {
		expect(parsePrefix('192.168.175.5')?.cidr).toBe('192.168.175.5/32');
		expect(parsePrefix('192.168.175.7/26')?.cidr).toBe('192.168.175.0/26');
		expect(parsePrefix('default', 4)?.cidr).toBe('0.0.0.0/0');
		expect(parsePrefix('default', 6)?.cidr).toBe('::/0');
		expect(parsePrefix('default')).toBeNull();
		expect(parsePrefix('10.0.0.0/33')).toBeNull();
	});

	it('converts masks', () => {
		expect(maskToLength('255.255.255.192')).toBe(26);
		expect(maskToLength('255.0.255.0')).toBeNull();
		expect(lengthToMask(16)).toBe('255.255.0.0');
		expect(lengthToMask(0)).toBe('0.0.0.0');
	});

	it('tests containment per family', () => {
		expect(cidrContains('192.168.175.0/26', '192.168.175.5')).toBe(true);
		expect(cidrContains('192.168.175.0/26', '192.168.175.64')).toBe(false);
		expect(cidrContains('fd00::/64', 'fd00::1')).toBe(true);
		expect(cidrContains('0.0.0.0/0', '::1')).toBe(false);
	});
});
