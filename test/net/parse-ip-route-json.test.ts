import {describe, expect, it} from 'vitest';
import {parseIpRouteJson} from '../../source/net/parse-ip-route-json.js';
import {parseIpRoute} from '../../source/net/parse-ip-route.js';
import type {Route} from '../../source/net/types.js';
import {fixture} from './parser-fixtures.js';

const pick = (destination: string, routes: readonly Route[]) => routes.filter(route => route.destination === destination);

describe('parseIpRouteJson', () => {
	it('reads the samples of the notes (§4.2)', () => {
		const text = `[${[
			'{"dst":"172.17.0.0/16","flags":[],"nexthops":[{"gateway":"10.0.0.60","dev":"eth0","weight":1,"flags":[]},{"gateway":"10.0.0.61","dev":"eth0","weight":2,"flags":["onlink"]}]}',
			'{"dst":"192.168.60.0/26","gateway":"192.168.60.0","dev":"vxlan.calico","protocol":"80","flags":["onlink"]}',
			'{"type":"blackhole","dst":"192.168.223.128/26","protocol":"bird","flags":[]}',
			'{"dst":"10.98.0.0/16","dev":"eth0","scope":"link","prefsrc":"10.0.0.10","flags":[],"metrics":[{"mtu":1400}]}',
			'{"type":"local","dst":"10.0.0.10","dev":"eth0","table":"local","protocol":"kernel","scope":"host","prefsrc":"10.0.0.10","flags":[]}',
		].join(',')}]`;
		const result = parseIpRouteJson(text);
		expect(result.format).toBe('ip-route-json');
		expect(result.warnings).toEqual([]);
		const [multipath, vxlan, blackhole, cilium, local] = result.routes;
		expect(multipath).toMatchObject({gateway: '10.0.0.60', interface: 'eth0', source: 'ip-route-json'});
		expect(multipath!.nexthops[1]).toEqual({gateway: '10.0.0.61', interface: 'eth0', weight: 2, onlink: true, linkdown: false});
		expect(vxlan).toMatchObject({protocol: '80', onlink: true, gateway: '192.168.60.0'});
		expect(blackhole).toMatchObject({kind: 'blackhole', interface: null, protocol: 'bird'});
		expect(cilium).toMatchObject({mtu: 1400, preferredSource: '10.0.0.10', scope: 'link'});
		expect(local).toMatchObject({kind: 'local', destination: '10.0.0.10/32', table: 'local'});
	});

	it('agrees with the text parser on the same real table (table all, IPv4 and IPv6)', () => {
		const pairs = [
			['ns-ip-j-route.json', 'ns-ip-route.txt', 4],
			['ns-ip-j-route-table-all.json', 'ns-ip-route-table-all.txt', 4],
			['ns-ip-j-6-route-table-all.json', 'ns-ip-6-route-table-all.txt', 6],
		] as const;
		for (const [json, text, family] of pairs) {
			const fromJson = parseIpRouteJson(fixture(json), family);
			expect(fromJson.warnings).toEqual([]);
			const fromText = parseIpRoute(fixture(text), family);
			const comparable = (routes: readonly Route[]) => routes.map(({source: _s, line: _l, ...rest}) => rest);
			expect(comparable(fromJson.routes)).toEqual(comparable(fromText.routes));
		}
	});

	it('reads IPv6 default by the family argument or the gateway', () => {
		expect(parseIpRouteJson('[{"dst":"default","dev":"wg0","flags":[]}]', 6).routes[0]!.destination).toBe('::/0');
		expect(parseIpRouteJson('[{"dst":"default","gateway":"fe80::1","dev":"eth0","flags":[]}]').routes[0]!.family).toBe(6);
		expect(parseIpRouteJson('[{"dst":"default","dev":"eth0","flags":[]}]').routes[0]!.destination).toBe('0.0.0.0/0');
	});

	it('lets the route itself decide over the family argument (`table all` lists both families)', () => {
		const both = '[{"dst":"default","gateway":"172.20.0.1","dev":"eth0","flags":[]},{"dst":"default","gateway":"fc00::1","dev":"eth0","metric":1024,"flags":[],"pref":"medium"},{"dst":"default","dev":"wg0","metric":1024,"flags":[],"pref":"medium"}]';
		expect(parseIpRouteJson(both, 4).routes.map(route => route.destination)).toEqual(['0.0.0.0/0', '::/0', '::/0']);
	});

	it('falls back to text, with one clear warning, when iproute2 4.14-4.16 prints text for -j route', () => {
		const result = parseIpRouteJson('default via 10.0.0.1 dev eth0\n10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5\n');
		expect(result.routes).toHaveLength(2);
		expect(result.warnings).toHaveLength(1);
		expect(result.warnings[0]!.reason).toMatch(/^not JSON: .*4\.14-4\.16/);
	});

	it('names iproute2 4.17-4.20 for its invalid JSON and still reads the routes', () => {
		const broken = '[{"dst":"10.0.0.0/24","dev":"eth0","flags":[]},{"blackhole","dst":"192.168.223.128/26","protocol":"bird","flags":[]}]';
		const result = parseIpRouteJson(broken);
		expect(result.warnings).toHaveLength(1);
		expect(result.warnings[0]!.reason).toContain('4.17-4.20');
		expect(result.routes[1]).toMatchObject({kind: 'blackhole', destination: '192.168.223.128/26'});
		const garbage = parseIpRouteJson('[{"dst": ');
		expect(garbage.routes).toEqual([]);
		expect(garbage.warnings[0]!.reason).toMatch(/^invalid JSON/);
	});

	it('type-checks every field of untrusted input', () => {
		const text = JSON.stringify([
			{dst: 5},
			{dst: '10.0.0.0/8', gateway: 'nope'},
			{dst: '10.1.0.0/16', dev: 7, metric: -3, flags: 'onlink', protocol: 186, table: 100},
			'string',
			{type: 'weird', dst: '10.2.0.0/16'},
			{dst: '10.3.0.0/16', dev: 'eth0', metric: 1e300, nexthops: [1, {gateway: '10.0.0.9', dev: 'eth1'}]},
		]);
		const result = parseIpRouteJson(text);
		expect(result.routes.map(route => route.destination)).toEqual(['10.1.0.0/16', '10.3.0.0/16']);
		expect(result.routes[0]).toMatchObject({interface: null, metric: 0, protocol: '186', table: '100', onlink: false});
		expect(result.routes[1]).toMatchObject({gateway: '10.0.0.9', interface: 'eth1'});
		expect(result.warnings).toHaveLength(6);
		expect(parseIpRouteJson('{"dst":"x"}').warnings[0]!.reason).toMatch(/^not JSON/);
		expect(parseIpRouteJson('[1]').warnings[0]!.reason).toContain('not an object');
		expect(parseIpRouteJson('').warnings[0]!.reason).toContain('empty');
	});
});
