import {describe, expect, it} from 'vitest';
import {parseIpAddr} from '../../source/net/parse-ip-addr.js';
import type {Interface} from '../../source/net/types.js';
import {fixture} from './parser-fixtures.js';

const byName = (name: string, interfaces: readonly Interface[]) => interfaces.find(candidate => candidate.name === name);

describe('parseIpAddr', () => {
	it('reads the samples of the notes (§3.1), tunl0@NONE included', () => {
		const text = [
			'2: eth0@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
			'    link/ether aa:5b:f1:4a:59:36 brd ff:ff:ff:ff:ff:ff link-netnsid 0',
			'    altname enp0s3',
			'    inet 10.0.0.10/24 scope global eth0',
			'       valid_lft forever preferred_lft forever',
			'4: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1440 qdisc noqueue state UNKNOWN',
			'    link/ipip 0.0.0.0 brd 0.0.0.0',
			'    inet 10.253.252.128/32 scope global tunl0',
			'5: veth3a7e61c0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master cni0 state UP group default qlen 1000',
			'    link/ether 6e:1c:aa:01:02:03 brd ff:ff:ff:ff:ff:ff link-netns cni-1234-abcd',
			'9: calidown0000000@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue state LOWERLAYERDOWN group default',
		].join('\n');
		const result = parseIpAddr(text);
		expect(result.format).toBe('ip-addr');
		expect(result.warnings).toEqual([]);
		const [eth0, tunl0, veth, down] = result.interfaces;
		expect(eth0).toMatchObject({
			name: 'eth0',
			index: 2,
			peer: 'if3',
			peerIndex: 3,
			peerNetns: '0',
			state: 'UP',
			mtu: 1500,
			linkType: 'ether',
			altnames: ['enp0s3'],
			kind: 'physical',
			role: 'uplink',
		});
		expect(eth0!.addresses).toEqual([
			{family: 4, address: '10.0.0.10', prefixLength: 24, cidr: '10.0.0.10/24', peer: null, scope: 'global', flags: []},
		]);
		expect(tunl0).toMatchObject({name: 'tunl0', peer: 'NONE', peerIndex: null, linkType: 'ipip', kind: 'tunnel', role: 'calico-ipip', state: 'UNKNOWN'});
		expect(tunl0!.addresses[0]!.cidr).toBe('10.253.252.128/32');
		expect(veth).toMatchObject({master: 'cni0', peerNetns: 'cni-1234-abcd', peerIndex: 2, kind: 'veth', role: 'kindnet-workload'});
		expect(down).toMatchObject({state: 'LOWERLAYERDOWN', flags: ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP', 'M-DOWN']});
	});

	it('reads a real iproute2 capture: link-netns, same-netns @name peers, secondary and IPv6 flags', () => {
		const result = parseIpAddr(fixture('ns-ip-addr.txt'));
		expect(result.warnings).toEqual([]);
		expect(result.interfaces.map(i => i.name)).toEqual([
			'lo',
			'uplink-peer',
			'eth0',
			'cali52440ec1550',
			'cni0',
			'vethpeer0',
			'veth3a7e61c0',
			'vxlan.calico',
			'calidownpeer',
			'calidown0000000',
		]);
		const interfaces = result.interfaces;
		expect(byName('lo', interfaces)).toMatchObject({kind: 'loopback', linkType: 'loopback', mtu: 65536});
		expect(byName('eth0', interfaces)).toMatchObject({peer: 'uplink-peer', peerIndex: 2, peerNetns: null});
		expect(byName('eth0', interfaces)!.addresses.map(a => [a.cidr, a.flags])).toEqual([
			['172.20.0.5/16', []],
			['172.20.0.50/16', ['secondary']],
			['fd00:1::5/64', ['nodad']],
			['fe80::e427:2bff:fef2:2120/64', ['tentative']],
		]);
		expect(byName('cali52440ec1550', interfaces)).toMatchObject({peer: 'if2', peerIndex: 2, role: 'calico-workload'});
		expect(byName('cali52440ec1550', interfaces)!.peerNetns).toMatch(/^ni-cap-pod-/);
		expect(byName('veth3a7e61c0', interfaces)).toMatchObject({master: 'cni0'});
		expect(byName('vxlan.calico', interfaces)).toMatchObject({mtu: 1450, kind: 'tunnel', role: 'calico-vxlan', linkKind: null});
		expect(byName('calidown0000000', interfaces)).toMatchObject({state: 'LOWERLAYERDOWN'});
	});

	it('reads BusyBox: no state, hex IPv6 flags, and does not trust its @name peers', () => {
		const result = parseIpAddr(fixture('ns-busybox-ip-addr.txt'));
		expect(result.format).toBe('ip-addr-busybox');
		expect(result.warnings).toEqual([]);
		const cali = byName('cali52440ec1550', result.interfaces);
		// BusyBox printed `cali52440ec1550@uplink-peer`: an unrelated local name for the peer's index 2.
		expect(cali).toMatchObject({peer: null, peerNetns: null, state: null, source: 'ip-addr-busybox'});
		expect(byName('eth0', result.interfaces)!.addresses[2]).toMatchObject({cidr: 'fd00:1::5/64', flags: ['nodad']});
		const iproute = parseIpAddr(fixture('ns-ip-addr.txt'));
		const addresses = (interfaces: readonly Interface[]) => interfaces.map(i => [i.name, i.mtu, i.master, i.addresses.map(a => a.cidr)]);
		expect(addresses(result.interfaces)).toEqual(addresses(iproute.interfaces));
	});

	it('reads point-to-point peers and ip -d details', () => {
		const text = [
			'7: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN group default qlen 1000',
			'    link/none  promiscuity 0 minmtu 0 maxmtu 2147483552',
			'    wireguard addrgenmode none numtxqueues 1',
			'    inet 10.9.0.1 peer 10.9.0.2/32 scope global wg0',
			'8: vxlan.calico: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1410 qdisc noqueue state UNKNOWN group default',
			'    link/ether 66:7a:1f:5e:1d:11 brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535',
			'    vxlan id 4096 local 10.0.0.10 dev eth0 srcport 0 0 dstport 4789 nolearning ttl auto ageing 300',
		].join('\n');
		const result = parseIpAddr(text);
		expect(result.warnings).toEqual([]);
		expect(result.interfaces[0]).toMatchObject({linkType: 'none', linkKind: 'wireguard', kind: 'tunnel'});
		expect(result.interfaces[0]!.addresses[0]).toMatchObject({address: '10.9.0.1', prefixLength: 32, peer: '10.9.0.2'});
		expect(result.interfaces[1]).toMatchObject({linkKind: 'vxlan', kind: 'tunnel'});
	});

	it('warns about lines it cannot read and keeps the rest', () => {
		const text = [
			'garbage at the top',
			'    inet 10.0.0.1/24 scope global eth0',
			'2: eth0: <UP> mtu 1500 state UP',
			'    inet 10.0.0.300/24 scope global eth0',
			'    inet 10.0.0.5/99 scope global eth0',
			'    inet 10.0.0.6/24 scope global eth0',
			'99999999999: big: <UP> mtu 1',
		].join('\n');
		const result = parseIpAddr(text);
		expect(result.interfaces).toHaveLength(1);
		expect(result.interfaces[0]!.addresses.map(a => a.cidr)).toEqual(['10.0.0.6/24']);
		expect(result.warnings.map(w => w.line)).toEqual([1, 2, 4, 5, 7]);
	});
});

describe('parseIpAddr: a header it cannot read', () => {
	const block = (header: string, address: string) => [header, '    link/ether aa:5b:f1:4a:59:36 brd ff:ff:ff:ff:ff:ff', `    inet ${address} scope global`];

	it('drops the lines under it with a warning instead of giving them to the interface above', () => {
		const text = [
			...block('2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default', '10.0.0.10/24'),
			...block('99999999999: eth1: <UP> mtu 1500 state UP', '10.9.9.9/24'),
			...block('3 bad header without colon', '10.8.8.8/24'),
			...block('4: cali1: <UP,LOWER_UP> mtu 1480 state UP', '192.168.1.1/32'),
		].join('\n');
		const result = parseIpAddr(text);
		expect(result.interfaces.map(device => [device.name, device.addresses.map(address => address.cidr)])).toEqual([
			['eth0', ['10.0.0.10/24']],
			['cali1', ['192.168.1.1/32']],
		]);
		expect(result.warnings.map(warning => [warning.line, warning.reason])).toEqual([
			[4, 'ifindex 99999999999 out of range; its indented lines are dropped'],
			[5, 'belongs to the interface header on line 4, which was not read; dropped'],
			[6, 'belongs to the interface header on line 4, which was not read; dropped'],
			[7, 'not an interface header; its indented lines are dropped'],
			[8, 'belongs to the interface header on line 7, which was not read; dropped'],
			[9, 'belongs to the interface header on line 7, which was not read; dropped'],
		]);
	});
});
