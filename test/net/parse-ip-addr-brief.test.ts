import {describe, expect, it} from 'vitest';
import {parseIpAddrBrief} from '../../source/net/parse-ip-addr-brief.js';
import {parseIpAddrOneline} from '../../source/net/parse-ip-addr-oneline.js';
import {fixture} from './parser-fixtures.js';

describe('parseIpAddrBrief', () => {
	it('reads a real `ip -br addr` capture: peers, states, peer addresses, devices without addresses', () => {
		const result = parseIpAddrBrief(fixture('ns-ip-br-addr.txt'));
		expect(result.format).toBe('ip-addr-brief');
		expect(result.warnings).toEqual([]);
		expect(result.interfaces.map(device => [device.name, device.peer, device.peerIndex, device.state])).toEqual([
			['lo', null, null, 'UNKNOWN'],
			['uplink-peer', 'eth0', null, 'UP'],
			['eth0', 'uplink-peer', null, 'UP'],
			['cali52440ec1550', 'if2', 2, 'UP'],
			['cni0', null, null, 'UP'],
			['vethpeer0', 'veth3a7e61c0', null, 'UP'],
			['veth3a7e61c0', 'vethpeer0', null, 'UP'],
			['vxlan.calico', null, null, 'UNKNOWN'],
			['calidownpeer', 'calidown0000000', null, 'DOWN'],
			['calidown0000000', 'calidownpeer', null, 'LOWERLAYERDOWN'],
			['tun0', null, null, 'DOWN'],
		]);
		const eth0 = result.interfaces[2]!;
		expect(eth0).toMatchObject({kind: 'physical', role: 'uplink', index: null, mtu: null, source: 'ip-addr-brief'});
		expect(eth0.addresses.map(entry => entry.cidr)).toEqual(['172.20.0.5/16', '172.20.0.50/16', 'fd00:1::5/64', expect.stringMatching(/^fe80::/)]);
		expect(result.interfaces[10]!.addresses).toEqual([
			{family: 4, address: '10.99.0.1', prefixLength: 32, cidr: '10.99.0.1/32', peer: '10.99.0.2', scope: null, flags: []},
		]);
	});

	it('has the same addresses per device as `ip -o addr` of the same run', () => {
		const brief = parseIpAddrBrief(fixture('ns-ip-br-addr.txt')).interfaces;
		const oneline = parseIpAddrOneline(fixture('ns-ip-o-addr.txt')).interfaces;
		const cidrs = (list: typeof brief) => list.filter(device => device.addresses.length > 0).map(device => `${device.name} ${device.addresses.map(entry => entry.cidr).join(' ')}`);
		expect(cidrs(brief)).toEqual(cidrs(oneline));
		const v4 = parseIpAddrBrief(fixture('ns-ip-br-4-addr.txt'));
		expect(v4.warnings).toEqual([]);
		expect(v4.interfaces.map(device => device.name)).toEqual(['lo', 'eth0', 'cni0', 'vxlan.calico', 'tun0']);
	});

	it('reads `ip -br link` (link-layer address and flags) and warns about words it cannot read', () => {
		const result = parseIpAddrBrief(
			'lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> \n' +
				'tunl0@NONE       UNKNOWN        <NOARP,UP,LOWER_UP> \n' +
				'eth0             UP             10.0.0.1/24 bogus 10.0.0.2/40 \n' +
				'hello world\n',
		);
		expect(result.interfaces.map(device => [device.name, device.flags.join(','), device.addresses.map(entry => entry.cidr).join(' ')])).toEqual([
			['lo', 'LOOPBACK,UP,LOWER_UP', ''],
			['tunl0', 'NOARP,UP,LOWER_UP', ''],
			['eth0', '', '10.0.0.1/24'],
		]);
		expect(result.interfaces[1]).toMatchObject({peer: 'NONE', kind: 'tunnel', role: 'calico-ipip'});
		expect(result.warnings.map(item => [item.line, item.reason])).toEqual([
			[3, 'bogus is not an address'],
			[3, '10.0.0.2/40 has a bad prefix length'],
			[4, 'not an `ip -br` line (no state after the name)'],
		]);
	});
});
