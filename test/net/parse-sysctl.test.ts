import {describe, expect, it} from 'vitest';
import {forwardingOf, looksLikeSysctl, parseSysctl, rpFilterOf} from '../../source/net/parse-sysctl.js';

describe('parseSysctl', () => {
	it('reads `grep -r . /proc/sys/net/ipv4/conf` lines, skipping other keys', () => {
		const text = [
			'/proc/sys/net/ipv4/conf/all/accept_redirects:0',
			'/proc/sys/net/ipv4/conf/all/rp_filter:0',
			'/proc/sys/net/ipv4/conf/all/forwarding:1',
			'/proc/sys/net/ipv4/conf/eth0/rp_filter:1',
			'/proc/sys/net/ipv4/conf/vxlan.calico/rp_filter:2',
			'/proc/sys/net/ipv6/conf/eth0/forwarding:0',
			'grep: /proc/sys/net/ipv6/conf/eth0/stable_secret: Input/output error',
		].join('\n');
		const result = parseSysctl(text);
		expect(result.entries).toEqual([
			{family: 4, device: 'all', key: 'rp_filter', value: 0},
			{family: 4, device: 'all', key: 'forwarding', value: 1},
			{family: 4, device: 'eth0', key: 'rp_filter', value: 1},
			{family: 4, device: 'vxlan.calico', key: 'rp_filter', value: 2},
			{family: 6, device: 'eth0', key: 'forwarding', value: 0},
		]);
		expect(result.warnings.map(w => w.line)).toEqual([7]);
		expect(rpFilterOf(result.entries, 'eth0')).toBe(1);
		expect(rpFilterOf(result.entries, 'vxlan.calico')).toBe(2);
		expect(rpFilterOf(result.entries, 'tunl0')).toBe(0);
		expect(forwardingOf(result.entries, 'all', 4)).toBe(true);
		expect(forwardingOf(result.entries, 'eth0', 6)).toBe(false);
		expect(forwardingOf(result.entries, 'eth0', 4)).toBeNull();
	});

	it('reads `sysctl -a` lines, where a dot in a device name is a slash', () => {
		const result = parseSysctl('net.ipv4.conf.all.rp_filter = 2\nnet.ipv4.conf.vxlan/calico.rp_filter = 0\nnet.ipv4.conf.eth0.rp_filter = x\n');
		expect(result.entries).toEqual([
			{family: 4, device: 'all', key: 'rp_filter', value: 2},
			{family: 4, device: 'vxlan.calico', key: 'rp_filter', value: 0},
		]);
		expect(result.warnings.map(w => w.reason)).toEqual(['rp_filter is not a number']);
		// `all` raises a device's own setting (the kernel takes the larger).
		expect(rpFilterOf(result.entries, 'vxlan.calico')).toBe(2);
		expect(rpFilterOf([], 'eth0')).toBeNull();
	});

	it('is detected by content', () => {
		expect(looksLikeSysctl('/proc/sys/net/ipv4/conf/all/rp_filter:1\n')).toBe(true);
		expect(looksLikeSysctl('net.ipv4.conf.all.rp_filter = 1\n')).toBe(true);
		expect(looksLikeSysctl('default via 10.0.0.1 dev eth0\n')).toBe(false);
	});
});
