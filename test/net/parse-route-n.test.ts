import {describe, expect, it} from 'vitest';
import {parseRouteN} from '../../source/net/parse-route-n.js';
import {fixture} from './parser-fixtures.js';

const pick = (destination: string, routes: ReturnType<typeof parseRouteN>['routes']) =>
	routes.filter(route => route.destination === destination);

describe('parseRouteN', () => {
	it("reads the seed's worker2 table (route without -n): names kept, flagged degraded-input", () => {
		const result = parseRouteN(fixture('seed-worker2-route.txt'));
		expect(result.format).toBe('route-n');
		expect(result.routes.map(route => route.destination)).toEqual([
			'0.0.0.0/0',
			'172.20.0.0/16',
			'192.168.21.128/26',
			'192.168.78.128/26',
			'192.168.223.128/26',
			'192.168.175.0/26',
			'192.168.175.1/32',
			'192.168.175.5/32',
		]);
		const [defaultRoute, connected, toWorker3, , toControlPlane, block, pod1, pod5] = result.routes;
		expect(defaultRoute).toMatchObject({gateway: 'home', gatewayIsName: true, interface: 'eth0', kind: 'unicast', line: 3});
		expect(connected).toMatchObject({gateway: null, gatewayIsName: false, interface: 'eth0'});
		expect(toWorker3).toMatchObject({gateway: 'networking-work', gatewayIsName: true, interface: 'tunl0', flags: 'UG'});
		expect(toControlPlane).toMatchObject({gateway: 'networking-cont', interface: 'tunl0'});
		expect(block).toMatchObject({kind: 'blackhole', kindUncertain: true, interface: null, gateway: null});
		expect(pod1).toMatchObject({interface: 'cali7dac2757ae1', flags: 'UH', kind: 'unicast', kindUncertain: false});
		expect(pod5).toMatchObject({interface: 'cali52440ec1550', family: 4, table: null, source: 'route-n'});
		// One degraded-input warning per row that carries a name (default + 4 gateways), none for the rest.
		expect(result.warnings.map(w => w.line)).toEqual([3, 5, 6, 7]);
		expect(result.warnings.every(w => w.reason.startsWith('degraded-input:'))).toBe(true);
		expect(result.warnings[0]!.reason).toContain('15 characters');
	});

	it("reads the seed's control-plane table: its own block is blackhole-or-throw", () => {
		const result = parseRouteN(fixture('seed-control-plane-route.txt'));
		expect(result.routes).toHaveLength(6);
		expect(pick('192.168.223.128/26', result.routes)[0]).toMatchObject({kind: 'blackhole', kindUncertain: true});
		expect(pick('192.168.175.0/26', result.routes)[0]).toMatchObject({gateway: 'networking-work', interface: 'tunl0'});
	});

	it('reads the worker2 table as route -n prints it, without warnings', () => {
		const result = parseRouteN(fixture('seed-worker2-route-n.txt'));
		expect(result.warnings).toEqual([]);
		expect(result.routes).toHaveLength(8);
		expect(result.routes[0]).toMatchObject({destination: '0.0.0.0/0', gateway: '172.20.0.1', gatewayIsName: false});
		expect(pick('192.168.21.128/26', result.routes)[0]).toMatchObject({gateway: '172.20.0.4', interface: 'tunl0'});
	});

	it('reads a real net-tools capture: reject rows, blackhole and throw, onlink hidden', () => {
		const result = parseRouteN(fixture('ns-route-n.txt'));
		expect(result.format).toBe('route-n');
		expect(result.warnings).toEqual([]);
		expect(result.routes).toHaveLength(13);
		for (const destination of ['198.51.100.0/24', '198.51.100.128/25']) {
			expect(pick(destination, result.routes)[0]).toMatchObject({kind: 'unreachable', kindUncertain: true, interface: null, gateway: null, flags: '!'});
		}
		for (const destination of ['192.168.175.0/26', '203.0.113.128/25']) {
			expect(pick(destination, result.routes)[0]).toMatchObject({kind: 'blackhole', kindUncertain: true, interface: null});
		}
		// `onlink` and `linkdown` are invisible here.
		expect(pick('192.168.21.128/26', result.routes)[0]).toMatchObject({gateway: '192.168.21.128', interface: 'vxlan.calico', onlink: false});
		expect(pick('192.168.175.9/32', result.routes)[0]).toMatchObject({interface: 'calidown0000000', linkdown: false, flags: 'UH'});
		expect(result.routes[0]).toMatchObject({destination: '0.0.0.0/0', metric: 100});
	});

	it('tells BusyBox from reject rows printed with normal columns', () => {
		const result = parseRouteN(fixture('ns-busybox-route-n.txt'));
		expect(result.format).toBe('route-n-busybox');
		expect(result.routes.every(route => route.source === 'route-n-busybox')).toBe(true);
		expect(pick('198.51.100.0/24', result.routes)[0]).toMatchObject({kind: 'unreachable', kindUncertain: true, interface: null, gateway: null});
		const netTools = parseRouteN(fixture('ns-route-n.txt'));
		const strip = (routes: typeof result.routes) => routes.map(({source: _s, ...rest}) => rest);
		expect(strip(result.routes)).toEqual(strip(netTools.routes));
	});

	it('reads route -n -A inet6 (net-tools and the wide BusyBox layout) alike', () => {
		for (const name of ['ns-route-n-inet6.txt', 'ns-busybox-route-n-inet6.txt']) {
			const result = parseRouteN(fixture(name));
			expect(result.format).toBe('route-n-inet6');
			expect(result.warnings).toEqual([]);
			// 22 rows minus the two kernel null entries (::/0 !n -1 lo).
			expect(result.routes).toHaveLength(20);
			expect(pick('::/0', result.routes)).toEqual([]);
			expect(pick('fd00:192:168:223::80/122', result.routes)[0]).toMatchObject({
				family: 6,
				kind: 'blackhole',
				kindUncertain: true,
				interface: null,
				metric: 1024,
			});
			expect(pick('::1/128', result.routes)[0]).toMatchObject({kind: 'local', interface: 'lo', metric: 0});
			expect(pick('fd00:1::5/128', result.routes)[0]).toMatchObject({kind: 'local', interface: 'eth0'});
			expect(pick('ff00::/8', result.routes)).toHaveLength(7);
			expect(pick('ff00::/8', result.routes).every(route => route.kind === 'multicast')).toBe(true);
			expect(pick('fd00:2::/64', result.routes)[0]).toMatchObject({gateway: 'fd00:1::1', flags: 'UG', metric: 1024});
			expect(pick('fd00:1::/64', result.routes)[0]).toMatchObject({kind: 'unicast', interface: 'eth0', gateway: null, metric: 256});
			expect(pick('fe80::/64', result.routes)).toHaveLength(7);
		}
	});

	it('reads old net-tools rows where Ref and Use merge, gateways and metric -1', () => {
		const text = [
			'Kernel IPv6 routing table',
			'Destination                    Next Hop                   Flag Met Ref Use If',
			'fd00:2::/64                    fd00:1::1                  UG   1024 120 eth0',
			'fd00:3::/64                    fd00:1::1                  UG   -1   1      0 eth0',
		].join('\n');
		const result = parseRouteN(text);
		expect(result.warnings).toEqual([]);
		expect(result.routes[0]).toMatchObject({destination: 'fd00:2::/64', gateway: 'fd00:1::1', interface: 'eth0', metric: 1024});
		expect(result.routes[1]).toMatchObject({metric: 4_294_967_295});
	});

	it('warns about what it cannot use and keeps the rest', () => {
		const text = [
			'Kernel IP routing table',
			'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
			'networks-home   0.0.0.0         255.255.0.0     U     0      0        0 eth0',
			'10.0.0.0        0.0.0.0         255.0.255.0     U     0      0        0 eth0',
			'10.1.0.0        0.0.0.0         255.255.0.0     U     99999999999 0   0 eth0',
			'10.2.0.0        0.0.0.0         255.255.0.0     U     0      0',
			'10.3.0.0        0.0.0.0         255.255.0.0     U     0      0        0 eth1',
		].join('\n');
		const result = parseRouteN(text);
		expect(result.routes.map(route => route.destination)).toEqual(['10.3.0.0/16']);
		expect(result.warnings.map(w => w.line)).toEqual([3, 4, 5, 6]);
		expect(result.warnings[0]!.reason).toMatch(/^degraded-input: destination networks-home is a name/);
		expect(result.warnings[1]!.reason).toContain('non-contiguous');
	});

	it('warns that -e and -ee layouts lose data, and still reads them', () => {
		const ee = [
			'Kernel IP routing table',
			'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt',
			'192.168.175.5   0.0.0.0         255.255.255.255 UH    0      0        0 cali52 0     0      0',
		].join('\n');
		const result = parseRouteN(ee);
		expect(result.routes[0]).toMatchObject({interface: 'cali52', destination: '192.168.175.5/32'});
		expect(result.warnings[0]!.reason).toContain('6 characters');
		const e = [
			'Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface',
			'0.0.0.0         172.20.0.1      0.0.0.0         UG        0 0          0 eth0',
		].join('\n');
		const eResult = parseRouteN(e);
		expect(eResult.routes[0]).toMatchObject({gateway: '172.20.0.1', interface: 'eth0', metric: 0});
		expect(eResult.warnings[0]!.reason).toContain('no Metric column');
	});

	it('neutralises control characters and cuts long lines in warning text', () => {
		const result = parseRouteN(`\u001b[31mhostile ${'x'.repeat(1000)}`);
		expect(result.routes).toEqual([]);
		expect(result.warnings[0]!.text).not.toContain('\u001b');
		expect(result.warnings[0]!.text.startsWith('\\x1b[31m')).toBe(true);
		expect(result.warnings[0]!.text.length).toBeLessThan(220);
	});
});
