/**
 * One namespace, every format (test/fixtures/parsers/capture.sh): all parsers must report the same routes,
 * except where a format cannot know (route -n: blackhole vs throw and unreachable vs prohibit; BusyBox
 * ip route: the nexthops of a multipath route, which it warns about).
 */
import {describe, expect, it} from 'vitest';
import {parseIpRouteJson} from '../../source/net/parse-ip-route-json.js';
import {parseIpRoute} from '../../source/net/parse-ip-route.js';
import {parseProcNetRoute} from '../../source/net/parse-proc-net-route.js';
import {parseRouteN} from '../../source/net/parse-route-n.js';
import type {Route} from '../../source/net/types.js';
import {fixture} from './parser-fixtures.js';

/** What every format can see of a route. A kind route -n cannot tell is widened to its look-alike group. */
function seen(route: Route): string {
	const kind =
		route.kind === 'throw' || (route.kind === 'blackhole' && route.family === 4)
			? 'blackhole|throw'
			: route.kind === 'prohibit' || (route.kind === 'unreachable' && route.family === 4)
				? 'unreachable|prohibit'
				: route.family === 6 && ['blackhole', 'unreachable', 'prohibit'].includes(route.kind)
					? 'reject'
					: route.kind;
	return `${route.destination} gw=${route.gateway} dev=${route.interface} ${kind} metric=${route.metric}`;
}

const sorted = (routes: readonly Route[]) => routes.map(route => seen(route)).sort();

describe('all formats of one capture agree', () => {
	it('IPv4 main table: route -n, BusyBox route -n, /proc/net/route, ip route, ip -j route', () => {
		const reference = sorted(parseIpRouteJson(fixture('ns-ip-j-route.json')).routes);
		expect(reference).toHaveLength(13);
		expect(sorted(parseIpRoute(fixture('ns-ip-route.txt')).routes)).toEqual(reference);
		expect(sorted(parseRouteN(fixture('ns-route-n.txt')).routes)).toEqual(reference);
		expect(sorted(parseRouteN(fixture('ns-busybox-route-n.txt')).routes)).toEqual(reference);
		expect(sorted(parseProcNetRoute(fixture('ns-proc-net-route.txt')).routes)).toEqual(reference);
		// table all adds table 100, the local table and (without -4) IPv6; its IPv4 main-table part is the same.
		const all = parseIpRouteJson(fixture('ns-ip-j-route-table-all.json')).routes;
		expect(sorted(all.filter(route => route.table === null && route.family === 4))).toEqual(reference);
	});

	it('IPv4, BusyBox ip route: the same except the multipath route, which it warns about', () => {
		const busybox = parseIpRoute(fixture('ns-busybox-ip-route.txt'));
		const reference = parseIpRouteJson(fixture('ns-ip-j-route.json')).routes;
		const multipath = reference.filter(route => route.nexthops.length > 0).map(route => route.destination);
		expect(multipath).toEqual(['172.17.0.0/16']);
		const without = (routes: readonly Route[]) => sorted(routes.filter(route => !multipath.includes(route.destination)));
		expect(without(busybox.routes)).toEqual(without(reference));
		expect(busybox.warnings.map(w => w.line)).toEqual([busybox.routes.find(r => r.destination === '172.17.0.0/16')!.line]);
	});

	it('IPv6, all tables: route -n -A inet6 (both layouts) and ip -6 route show table all', () => {
		const reference = sorted(parseIpRouteJson(fixture('ns-ip-j-6-route-table-all.json'), 6).routes);
		expect(reference).toHaveLength(20);
		expect(sorted(parseIpRoute(fixture('ns-ip-6-route-table-all.txt'), 6).routes)).toEqual(reference);
		expect(sorted(parseRouteN(fixture('ns-route-n-inet6.txt')).routes)).toEqual(reference);
		expect(sorted(parseRouteN(fixture('ns-busybox-route-n-inet6.txt')).routes)).toEqual(reference);
	});

	it("the seed's worker2 table: printed names and route -n IPs give the same destinations and devices", () => {
		const names = parseRouteN(fixture('seed-worker2-route.txt')).routes;
		const ips = parseRouteN(fixture('seed-worker2-route-n.txt')).routes;
		const shape = (routes: readonly Route[]) => routes.map(r => [r.destination, r.interface, r.kind, r.gateway === null]).sort();
		expect(shape(names)).toEqual(shape(ips));
	});
});
