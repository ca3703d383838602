import {describe, expect, it} from 'vitest';
import {parseIpRoute} from '../../source/net/parse-ip-route.js';
import type {Route} from '../../source/net/types.js';
import {fixture} from './parser-fixtures.js';

const pick = (destination: string, routes: readonly Route[]) => routes.filter(route => route.destination === destination);

describe('parseIpRoute', () => {
	it('reads the samples of the notes (§4.1)', () => {
		const text = [
			'default via 10.0.0.1 dev eth0 proto dhcp metric 100',
			'172.17.0.0/16',
			'\tnexthop via 10.0.0.60 dev eth0 weight 1',
			'\tnexthop via 10.0.0.61 dev eth0 weight 2',
			'192.168.60.0/26 via 192.168.60.0 dev vxlan.calico proto 80 onlink',
			'blackhole 192.168.223.128/26 proto bird',
			'192.168.223.140 dev calidown0000000 scope link linkdown',
		].join('\n');
		const result = parseIpRoute(text);
		expect(result.format).toBe('ip-route');
		expect(result.warnings).toEqual([]);
		const [defaultRoute, multipath, vxlan, blackhole, down] = result.routes;
		expect(defaultRoute).toMatchObject({destination: '0.0.0.0/0', family: 4, gateway: '10.0.0.1', interface: 'eth0', protocol: 'dhcp', metric: 100, line: 1});
		expect(multipath).toMatchObject({destination: '172.17.0.0/16', gateway: '10.0.0.60', interface: 'eth0', line: 2});
		expect(multipath!.nexthops).toEqual([
			{gateway: '10.0.0.60', interface: 'eth0', weight: 1, onlink: false, linkdown: false},
			{gateway: '10.0.0.61', interface: 'eth0', weight: 2, onlink: false, linkdown: false},
		]);
		expect(vxlan).toMatchObject({gateway: '192.168.60.0', interface: 'vxlan.calico', protocol: '80', onlink: true, kind: 'unicast'});
		expect(blackhole).toMatchObject({kind: 'blackhole', kindUncertain: false, interface: null, protocol: 'bird', destination: '192.168.223.128/26'});
		expect(down).toMatchObject({destination: '192.168.223.140/32', linkdown: true, scope: 'link'});
	});

	it('reads a real iproute2 capture', () => {
		const result = parseIpRoute(fixture('ns-ip-route.txt'));
		expect(result.warnings).toEqual([]);
		expect(result.routes).toHaveLength(13);
		expect(pick('10.98.0.0/16', result.routes)[0]).toMatchObject({mtu: 1400, metric: 5, scope: 'link'});
		expect(pick('10.244.1.0/24', result.routes)[0]).toMatchObject({preferredSource: '10.244.1.1', protocol: 'kernel'});
		expect(pick('198.51.100.128/25', result.routes)[0]).toMatchObject({kind: 'prohibit'});
		expect(pick('203.0.113.128/25', result.routes)[0]).toMatchObject({kind: 'throw', interface: null});
		expect(pick('172.17.0.0/16', result.routes)[0]!.nexthops).toHaveLength(2);
	});

	it('reads table all: other tables, local/broadcast/multicast, IPv6 reject on lo', () => {
		const result = parseIpRoute(fixture('ns-ip-route-table-all.txt'));
		expect(result.warnings).toEqual([]);
		expect(pick('10.9.0.0/16', result.routes)[0]).toMatchObject({table: '100', gateway: '172.20.0.7'});
		expect(pick('172.20.0.5/32', result.routes)[0]).toMatchObject({kind: 'local', table: 'local', interface: 'eth0', scope: 'host'});
		expect(pick('172.20.255.255/32', result.routes)[0]).toMatchObject({kind: 'broadcast'});
		expect(pick('ff00::/8', result.routes).every(route => route.kind === 'multicast' && route.family === 6)).toBe(true);
		expect(pick('fd00:192:168:223::80/122', result.routes)[0]).toMatchObject({kind: 'blackhole', interface: null, metric: 1024});
		expect(pick('fd00:2::/64', result.routes)[0]).toMatchObject({gateway: 'fd00:1::1', family: 6});
		expect(pick('::1/128', result.routes)[0]).toMatchObject({kind: 'local', interface: 'lo'});
	});

	it('reads BusyBox: doubled spaces, no proto, multipath without nexthops (warned)', () => {
		const result = parseIpRoute(fixture('ns-busybox-ip-route.txt'));
		expect(result.format).toBe('ip-route-busybox');
		expect(result.routes.every(route => route.source === 'ip-route-busybox')).toBe(true);
		expect(result.routes).toHaveLength(13);
		expect(result.routes[0]).toMatchObject({destination: '0.0.0.0/0', gateway: '172.20.0.1', metric: 100, protocol: null});
		expect(result.warnings).toHaveLength(1);
		expect(result.warnings[0]).toMatchObject({line: 4});
		expect(result.warnings[0]!.reason).toContain('multipath route without nexthops');
		expect(pick('172.17.0.0/16', result.routes)[0]).toMatchObject({gateway: null, interface: null, nexthops: []});
		const six = parseIpRoute(fixture('ns-busybox-ip-6-route.txt'));
		expect(six.warnings).toEqual([]);
		expect(pick('ff00::/8', six.routes)).toHaveLength(7);
		expect(pick('fd00:dead::/64', six.routes)[0]).toMatchObject({kind: 'unreachable', interface: null});
	});

	it('takes the family of default from the route (gateway, pref), else the argument', () => {
		expect(parseIpRoute('default via fc00::1 dev eth0 metric 1024 pref medium', 4).routes[0]!.destination).toBe('::/0');
		expect(parseIpRoute('default via 10.0.0.1 dev eth0', 6).routes[0]!.destination).toBe('0.0.0.0/0');
		expect(parseIpRoute('default dev wg0 metric 5', 6).routes[0]!.destination).toBe('::/0');
		expect(parseIpRoute('default dev wg0 metric 5').routes[0]!.destination).toBe('0.0.0.0/0');
		expect(parseIpRoute('default via fe80::1 dev eth0 proto ra metric 1024 expires 1799sec hoplimit 64 pref medium').routes[0]).toMatchObject({
			destination: '::/0',
			gateway: 'fe80::1',
			protocol: 'ra',
		});
	});

	it('reads IPv6 multipath, mtu lock, route get output, and numeric protocols', () => {
		const text = [
			'fd00:9::/64 proto static metric 1024 pref medium',
			'\tnexthop via fe80::1 dev eth0 weight 1 onlink',
			'\tnexthop via fe80::2 dev eth1 weight 1 linkdown',
			'10.1.0.0/16 via 10.0.0.1 dev eth0 proto 186 mtu lock 1400',
			'192.168.50.5 via 10.0.0.20 dev tunl0 src 192.168.223.128 uid 0',
			'    cache',
		].join('\n');
		const result = parseIpRoute(text);
		expect(result.warnings).toEqual([]);
		expect(result.routes[0]).toMatchObject({gateway: 'fe80::1', interface: 'eth0', onlink: true});
		expect(result.routes[0]!.nexthops[1]).toMatchObject({gateway: 'fe80::2', linkdown: true});
		expect(result.routes[1]).toMatchObject({mtu: 1400, protocol: '186'});
		expect(result.routes[2]).toMatchObject({destination: '192.168.50.5/32', preferredSource: '192.168.223.128', interface: 'tunl0'});
	});

	it('warns about unknown words and broken lines, keeps the rest', () => {
		const text = [
			'10.0.0.0/8 dev eth0 frobnicate 7',
			'not-a-prefix dev eth0',
			'10.2.0.0/16 via banana dev eth0',
			'10.3.0.0/16 dev eth0 metric 99999999999',
			'\tsomething indented',
			'10.4.0.0/16 dev eth0 metric',
			'10.5.0.0/16 via 10.0.0.1 dev eth0 metric x',
			'\tnexthop via 10.0.0.60 dev eth0 weight 1',
		].join('\n');
		const result = parseIpRoute(text);
		expect(result.routes.map(route => route.destination)).toEqual(['10.0.0.0/8', '10.4.0.0/16']);
		expect(result.warnings.map(w => w.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		// The nexthop of the unreadable line 7 is not handed to the route above it.
		expect(result.routes[1]!.nexthops).toEqual([]);
		expect(result.warnings[7]!.reason).toBe('nexthop line without its route');
		expect(result.warnings[0]!.reason).toContain('frobnicate');
	});
});
