import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parseIpAddr} from '../../source/net/parse-ip-addr.js';
import {parseIpAddrOneline} from '../../source/net/parse-ip-addr-oneline.js';
import type {Interface} from '../../source/net/types.js';
import {applyLineEdits, lineEdits} from './helpers/line-edits.js';
import {fixture} from './parser-fixtures.js';

/** Non-link-local addresses per device: what every capture run shows alike (link-locals follow random MACs). */
function stableAddresses(interfaces: readonly Interface[]): readonly string[] {
	return interfaces.flatMap(device =>
		device.addresses.filter(entry => !entry.address.startsWith('fe80:')).map(entry => `${device.name} ${entry.cidr} ${entry.scope} ${entry.flags.join(',')}`),
	);
}

describe('parseIpAddrOneline', () => {
	it('reads a real iproute2 `ip -o addr` capture: one device per index, every address with scope and flags', () => {
		const result = parseIpAddrOneline(fixture('ns-ip-o-addr.txt'));
		expect(result.format).toBe('ip-addr-oneline');
		expect(result.warnings).toEqual([]);
		expect(result.interfaces.map(device => `${device.index}:${device.name}`)).toEqual([
			'1:lo', '2:uplink-peer', '3:eth0', '4:cali52440ec1550', '5:cni0', '6:vethpeer0', '7:veth3a7e61c0', '8:vxlan.calico', '11:tun0',
		]);
		const eth0 = result.interfaces.find(device => device.name === 'eth0')!;
		expect(eth0).toMatchObject({kind: 'physical', role: 'uplink', state: null, mtu: null, flags: [], source: 'ip-addr-oneline'});
		expect(eth0.addresses.map(entry => [entry.cidr, entry.scope, entry.flags])).toEqual([
			['172.20.0.5/16', 'global', []],
			['172.20.0.50/16', 'global', ['secondary']],
			['fd00:1::5/64', 'global', ['nodad']],
			[expect.stringMatching(/^fe80::.*\/64$/), 'link', ['tentative']],
		]);
		const tun0 = result.interfaces.find(device => device.name === 'tun0')!;
		expect(tun0.addresses).toEqual([{family: 4, address: '10.99.0.1', prefixLength: 32, cidr: '10.99.0.1/32', peer: '10.99.0.2', scope: 'global', flags: []}]);
	});

	it('agrees with `ip addr` of the same namespace on every stable address', () => {
		const multiLine = parseIpAddr(fixture('ns-ip-addr.txt')).interfaces;
		const oneLine = parseIpAddrOneline(fixture('ns-ip-o-addr.txt')).interfaces.filter(device => device.name !== 'tun0');
		expect(stableAddresses(oneLine)).toEqual(stableAddresses(multiLine));
	});

	it('reads BusyBox `ip -o addr` (hex IPv6 flags) and the -4 / -6 captures', () => {
		const busybox = parseIpAddrOneline(fixture('ns-busybox-ip-o-addr.txt'));
		expect(busybox.warnings).toEqual([]);
		expect(stableAddresses(busybox.interfaces)).toEqual(stableAddresses(parseIpAddrOneline(fixture('ns-ip-o-addr.txt')).interfaces));
		const v4 = parseIpAddrOneline(fixture('ns-ip-4-o-addr.txt'));
		expect(v4.interfaces.flatMap(device => device.addresses.map(entry => entry.family))).toEqual([4, 4, 4, 4, 4, 4]);
		expect(parseIpAddrOneline(fixture('ns-busybox-ip-4-o-addr.txt')).interfaces).toEqual(v4.interfaces);
		const v6 = parseIpAddrOneline(fixture('ns-ip-6-o-addr.txt'));
		expect(v6.warnings).toEqual([]);
		expect(v6.interfaces.every(device => device.addresses.every(entry => entry.family === 6))).toBe(true);
	});

	it('reads `ip -o link` records (header and link line joined by a backslash)', () => {
		const text = [
			'1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
			'4: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1480 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/ipip 0.0.0.0 brd 0.0.0.0',
			'4: tunl0    inet 192.168.223.128/32 scope global tunl0\\       valid_lft forever preferred_lft forever',
		].join('\n');
		const result = parseIpAddrOneline(text);
		expect(result.warnings).toEqual([]);
		expect(result.interfaces).toHaveLength(2);
		expect(result.interfaces[1]).toMatchObject({name: 'tunl0', index: 4, peer: 'NONE', mtu: 1480, state: 'UNKNOWN', linkType: 'ipip', kind: 'tunnel', source: 'ip-addr-oneline'});
		expect(result.interfaces[1]!.addresses.map(entry => entry.cidr)).toEqual(['192.168.223.128/32']);
	});

	it('warns about lines it cannot read, with their line number, and keeps the rest', () => {
		const result = parseIpAddrOneline('1: lo    inet 127.0.0.1/8 scope host lo\nhello\n3: eth0    inet 300.1.1.1/8 scope global eth0\n99999999999: x    inet 1.2.3.4/8\n');
		expect(result.interfaces.map(device => device.name)).toEqual(['lo']);
		expect(result.warnings.map(item => [item.line, item.reason])).toEqual([
			[2, 'not an `ip -o addr` line'],
			[3, '300.1.1.1/8 is not an IPv4 address'],
			[4, 'not an `ip -o addr` line'],
		]);
	});

	it('never throws on mutated captures, and every warning names a line of the input', () => {
		const lines = fixture('ns-ip-o-addr.txt').split('\n');
		fc.assert(
			fc.property(lineEdits, edits => {
				const text = applyLineEdits(lines, edits);
				const result = parseIpAddrOneline(text);
				const count = text.split('\n').length;
				for (const item of result.warnings) expect(item.line! >= 1 && item.line! <= count).toBe(true);
				for (const device of result.interfaces) for (const entry of device.addresses) expect(entry.cidr).toBe(`${entry.address}/${entry.prefixLength}`);
			}),
			{numRuns: 300},
		);
	});
});
