import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parseIfconfig} from '../../source/net/parse-ifconfig.js';
import {parseIpAddrOneline} from '../../source/net/parse-ip-addr-oneline.js';
import type {Interface} from '../../source/net/types.js';
import {applyLineEdits, lineEdits} from './helpers/line-edits.js';
import {fixture} from './parser-fixtures.js';

const summary = (device: Interface) => [device.name, device.flags.join(','), device.state, device.mtu, device.linkType, device.kind];
const cidrs = (device: Interface) => device.addresses.map(entry => `${entry.cidr}${entry.peer ? ` peer ${entry.peer}` : ''} ${entry.scope}`).sort();

describe('parseIfconfig, net-tools 2.x', () => {
	it('reads the seed paste (Calico tunl0, with the command line above it)', () => {
		const result = parseIfconfig(fixture('seed-control-plane-ifconfig.txt'));
		expect(result.format).toBe('ifconfig');
		expect(result.warnings).toEqual([{line: 1, text: 'ifconfig', reason: 'not an ifconfig interface header'}]);
		expect(result.interfaces.map(summary)).toEqual([['tunl0', 'UP,RUNNING,NOARP', null, 1480, 'ipip', 'tunnel']]);
		expect(result.interfaces[0]).toMatchObject({role: 'calico-ipip', source: 'ifconfig'});
		expect(cidrs(result.interfaces[0]!)).toEqual(['192.168.223.128/32 null']);
	});

	it('reads a real `ifconfig -a` capture: flags, MTU, link types, down devices, IPv6 scopes, a point-to-point peer', () => {
		const result = parseIfconfig(fixture('ns-ifconfig-a.txt'));
		expect(result.warnings).toEqual([]);
		expect(result.interfaces.map(summary)).toEqual([
			['cali52440ec1550', 'UP,BROADCAST,RUNNING,MULTICAST', null, 1500, 'ether', 'veth'],
			['calidown0000000', 'UP,BROADCAST,MULTICAST', 'DOWN', 1500, 'ether', 'veth'],
			['calidownpeer', 'BROADCAST,MULTICAST', 'DOWN', 1500, 'ether', 'veth'],
			['cni0', 'UP,BROADCAST,RUNNING,MULTICAST', null, 1500, 'ether', 'bridge'],
			['eth0', 'UP,BROADCAST,RUNNING,MULTICAST', null, 1500, 'ether', 'physical'],
			['lo', 'UP,LOOPBACK,RUNNING', null, 65536, 'loopback', 'loopback'],
			['tun0', 'UP,POINTOPOINT,NOARP,MULTICAST', 'DOWN', 1420, 'none', 'other'],
			['uplink-peer', 'UP,BROADCAST,RUNNING,MULTICAST', null, 1500, 'ether', 'other'],
			['veth3a7e61c0', 'UP,BROADCAST,RUNNING,MULTICAST', null, 1500, 'ether', 'veth'],
			['vethpeer0', 'UP,BROADCAST,RUNNING,MULTICAST', null, 1500, 'ether', 'veth'],
			['vxlan.calico', 'UP,BROADCAST,RUNNING,MULTICAST', null, 1450, 'ether', 'tunnel'],
		]);
		const byName = new Map(result.interfaces.map(device => [device.name, device]));
		// ifconfig shows only the primary IPv4 address: 172.20.0.50 (secondary) is not in the capture.
		expect(cidrs(byName.get('eth0')!)).toEqual(['172.20.0.5/16 null', 'fd00:1::5/64 global', expect.stringMatching(/^fe80::\S+\/64 link$/)]);
		expect(cidrs(byName.get('lo')!)).toEqual(['127.0.0.1/8 null', '::1/128 host']);
		expect(cidrs(byName.get('tun0')!)).toEqual(['10.99.0.1/32 peer 10.99.0.2 null']);
	});

	it('`ifconfig` leaves out the devices that are not UP, `ifconfig -a` keeps them', () => {
		const up = parseIfconfig(fixture('ns-ifconfig.txt')).interfaces.map(device => device.name);
		const all = parseIfconfig(fixture('ns-ifconfig-a.txt')).interfaces.map(device => device.name);
		expect(all.filter(name => !up.includes(name))).toEqual(['calidownpeer']);
	});

	it('has the addresses `ip -o addr` shows, except secondary IPv4 ones', () => {
		const oneline = parseIpAddrOneline(fixture('ns-ip-o-addr.txt')).interfaces;
		const ifconfig = parseIfconfig(fixture('ns-ifconfig-a.txt')).interfaces;
		for (const device of oneline) {
			const expected = device.addresses.filter(entry => !entry.flags.includes('secondary')).map(entry => entry.cidr).sort();
			const shown = ifconfig.find(candidate => candidate.name === device.name)!;
			expect([device.name, shown.addresses.map(entry => entry.cidr).sort()]).toEqual([device.name, expected]);
		}
	});

	it('merges alias blocks (eth0:1) into their device', () => {
		const text = [
			'eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 9001',
			'        inet 10.0.0.10  netmask 255.255.255.0  broadcast 10.0.0.255',
			'',
			'eth0:1: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 9001',
			'        inet 10.0.0.11  netmask 255.255.255.0  broadcast 10.0.0.255',
		].join('\n');
		const result = parseIfconfig(text);
		expect(result.warnings).toEqual([]);
		expect(result.interfaces.map(device => [device.name, device.mtu, device.addresses.map(entry => entry.cidr)])).toEqual([
			['eth0', 9001, ['10.0.0.10/24', '10.0.0.11/24']],
		]);
	});
});

describe('parseIfconfig, BusyBox (and net-tools 1.60) "Link encap" layout', () => {
	it('reads a real BusyBox `ifconfig -a` capture like net-tools reads the same namespace', () => {
		const busybox = parseIfconfig(fixture('ns-busybox-ifconfig-a.txt'));
		expect(busybox.format).toBe('ifconfig-busybox');
		expect(busybox.warnings).toEqual([]);
		const netTools = parseIfconfig(fixture('ns-ifconfig-a.txt'));
		expect(busybox.interfaces.map(summary)).toEqual(netTools.interfaces.map(summary));
		expect(busybox.interfaces.map(cidrs)).toEqual(netTools.interfaces.map(cidrs));
		expect(busybox.interfaces.every(device => device.source === 'ifconfig-busybox')).toBe(true);
	});

	it('reads an old net-tools paste with a long name, an IPIP tunnel and [NO FLAGS]', () => {
		const text = [
			'cali52440ec1550 Link encap:Ethernet  HWaddr EE:EE:EE:EE:EE:EE  ',
			'          inet6 addr: fe80::ecee:eeff:feee:eeee/64 Scope:Link',
			'          UP BROADCAST RUNNING MULTICAST  MTU:1440  Metric:1',
			'          RX packets:5 errors:0 dropped:0 overruns:0 frame:0',
			'',
			'tunl0     Link encap:IPIP Tunnel  HWaddr   ',
			'          inet addr:10.233.104.64  Mask:255.255.255.255',
			'          UP RUNNING NOARP  MTU:1440  Metric:1',
			'',
			'dummy0    Link encap:Ethernet  HWaddr 00:00:00:00:00:01  ',
			'          [NO FLAGS]  MTU:1500  Metric:1',
			'          inet addr:1.2.3  Mask:255.0.0.0',
		].join('\n');
		const result = parseIfconfig(text);
		expect(result.interfaces.map(summary)).toEqual([
			['cali52440ec1550', 'UP,BROADCAST,RUNNING,MULTICAST', null, 1440, 'ether', 'veth'],
			['tunl0', 'UP,RUNNING,NOARP', null, 1440, 'ipip', 'tunnel'],
			['dummy0', '', 'DOWN', 1500, 'ether', 'other'],
		]);
		expect(cidrs(result.interfaces[1]!)).toEqual(['10.233.104.64/32 null']);
		expect(result.warnings.map(item => [item.line, item.reason])).toEqual([[12, '1.2.3 is not an IPv4 address']]);
	});
});

describe('parseIfconfig robustness', () => {
	it('takes no property of a lookup table for a hardware type (Link encap:constructor)', () => {
		const result = parseIfconfig('x0        Link encap:constructor  \n          UP RUNNING  MTU:1500  Metric:1\n');
		expect(result.interfaces.map(summary)).toEqual([['x0', 'UP,RUNNING', null, 1500, null, 'other']]);
	});

	it('never throws on mutated captures of either layout', () => {
		const captures = [fixture('ns-ifconfig-a.txt'), fixture('ns-busybox-ifconfig-a.txt')].map(text => text.split('\n'));
		fc.assert(
			fc.property(fc.nat(1), lineEdits, (which, edits) => {
				const text = applyLineEdits(captures[which]!, edits);
				const result = parseIfconfig(text);
				const count = text.split('\n').length;
				expect(result.interfaces.length).toBeLessThanOrEqual(count);
				for (const item of result.warnings) expect(item.line! >= 1 && item.line! <= count && item.text.length <= 201).toBe(true);
			}),
			{numRuns: 300},
		);
	});
});
