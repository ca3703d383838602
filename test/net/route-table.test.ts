import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {formatIPv4, formatIPv6, makePrefix} from '../../source/net/ip.js';
import {buildRouteTable, linearLookup} from '../../source/net/route-table.js';
import type {Route, RouteKind} from '../../source/net/types.js';
import {route} from './helpers/routes.js';

describe('buildRouteTable', () => {
	it('picks the longest prefix in IPv4', () => {
		const routes = [
			route('default', {gateway: '10.0.0.1', interface: 'eth0'}),
			route('10.0.0.0/8', {interface: 'eth1'}),
			route('10.1.0.0/16', {interface: 'eth2'}),
			route('10.1.2.3/32', {interface: 'cali1'}),
		];
		const table = buildRouteTable(routes);
		expect(table.size).toBe(4);
		expect(table.lookup('10.1.2.3')?.interface).toBe('cali1');
		expect(table.lookup('10.1.2.4')?.interface).toBe('eth2');
		expect(table.lookup('10.1.255.255')?.interface).toBe('eth2');
		expect(table.lookup('10.2.0.0')?.interface).toBe('eth1');
		expect(table.lookup('11.0.0.0')?.interface).toBe('eth0');
		expect(table.lookup('255.255.255.255')?.interface).toBe('eth0');
		expect(table.lookup('0.0.0.0')?.interface).toBe('eth0');
	});

	it('returns null without a match, for garbage, and for the other family', () => {
		const table = buildRouteTable([route('10.0.0.0/8', {interface: 'eth0'})]);
		expect(table.lookup('9.255.255.255')).toBeNull();
		expect(table.lookup('11.0.0.0')).toBeNull();
		expect(table.lookup('not-an-ip')).toBeNull();
		expect(table.lookup('::1')).toBeNull();
	});

	it('picks the longest prefix in IPv6', () => {
		const routes = [
			route('::/0', {gateway: 'fe80::1', interface: 'eth0'}),
			route('fd00:192:168:223::/64', {interface: 'eth1'}),
			route('fd00:192:168:223::80/122', {kind: 'blackhole'}),
			route('fd00:192:168:223::85/128', {interface: 'cali2'}),
		];
		const table = buildRouteTable(routes);
		expect(table.lookup('fd00:192:168:223::85')?.interface).toBe('cali2');
		expect(table.lookup('fd00:192:168:223::86')?.kind).toBe('blackhole');
		expect(table.lookup('fd00:192:168:223::1')?.interface).toBe('eth1');
		expect(table.lookup('2001:db8::1')?.interface).toBe('eth0');
		expect(table.lookup('10.0.0.1')).toBeNull();
	});

	it('prefers the lowest metric within a prefix, then the first route', () => {
		const table = buildRouteTable([
			route('10.0.0.0/24', {interface: 'a', metric: 100}),
			route('10.0.0.0/24', {interface: 'b', metric: 50}),
			route('10.0.0.0/24', {interface: 'c', metric: 50}),
		]);
		expect(table.lookup('10.0.0.9')?.interface).toBe('b');
	});

	it('honours kinds: reject routes are matches, throw is returned for the caller to fall through', () => {
		const table = buildRouteTable([
			route('default', {gateway: '10.0.0.1', interface: 'eth0'}),
			route('198.51.100.0/24', {kind: 'unreachable'}),
			route('198.51.100.128/25', {kind: 'prohibit'}),
			route('203.0.113.0/24', {kind: 'throw'}),
		]);
		expect(table.lookup('198.51.100.1')?.kind).toBe('unreachable');
		expect(table.lookup('198.51.100.200')?.kind).toBe('prohibit');
		expect(table.lookup('203.0.113.5')?.kind).toBe('throw');
	});

	it('models the main table only: local-table and other tables never match', () => {
		const table = buildRouteTable([
			route('10.0.0.10/32', {kind: 'local', table: 'local', interface: 'eth0'}),
			route('10.0.0.0/24', {interface: 'eth0', table: 'main'}),
			route('10.0.0.0/25', {gateway: '10.0.0.1', interface: 'eth1', table: '100'}),
			route('10.0.0.255/32', {kind: 'broadcast', interface: 'eth0'}),
		]);
		expect(table.size).toBe(1);
		expect(table.lookup('10.0.0.10')?.interface).toBe('eth0');
		expect(table.lookup('10.0.0.10')?.kind).toBe('unicast');
		expect(table.lookup('10.0.0.1')?.table).toBe('main');
		expect(table.lookup('10.0.0.255')?.kind).toBe('unicast');
	});

	it('handles adjacent and nested prefixes at the edges of the address space', () => {
		const table = buildRouteTable([
			route('0.0.0.0/1', {interface: 'low'}),
			route('128.0.0.0/1', {interface: 'high'}),
			route('255.255.255.255/32', {interface: 'top'}),
			route('0.0.0.0/32', {interface: 'bottom'}),
			route('127.255.255.255/32', {interface: 'edge'}),
		]);
		expect(table.lookup('0.0.0.0')?.interface).toBe('bottom');
		expect(table.lookup('0.0.0.1')?.interface).toBe('low');
		expect(table.lookup('127.255.255.254')?.interface).toBe('low');
		expect(table.lookup('127.255.255.255')?.interface).toBe('edge');
		expect(table.lookup('128.0.0.0')?.interface).toBe('high');
		expect(table.lookup('255.255.255.254')?.interface).toBe('high');
		expect(table.lookup('255.255.255.255')?.interface).toBe('top');
	});
});

const kinds: readonly RouteKind[] = ['unicast', 'unicast', 'unicast', 'blackhole', 'throw', 'unreachable', 'local'];

/** Random routes with few distinct prefixes (so nesting, duplicates and metric ties happen often). */
function routesArbitrary(family: 4 | 6): fc.Arbitrary<Route[]> {
	const bits = family === 4 ? 32 : 128;
	const entry = fc.record({
		// Addresses drawn from a small pool of top bits so prefixes nest and collide.
		high: fc.integer({min: 0, max: 15}),
		low: fc.bigInt({min: 0n, max: (1n << BigInt(bits - 4)) - 1n}),
		length: fc.oneof(fc.integer({min: 0, max: bits}), fc.constantFrom(0, 4, 8, bits - 1, bits)),
		metric: fc.integer({min: 0, max: 3}),
		kind: fc.constantFrom(...kinds),
		table: fc.constantFrom<string | null>(null, null, null, 'main', '100'),
	});
	return fc.array(entry, {maxLength: 60}).map(entries =>
		entries.map((item, index) => {
			const raw = (BigInt(item.high) << BigInt(bits - 4)) | item.low;
			const prefix = family === 4 ? makePrefix({family: 4, value: Number(raw)}, item.length) : makePrefix({family: 6, value: raw}, item.length);
			return route(prefix!.cidr, {interface: `if${index}`, metric: item.metric, kind: item.kind, table: item.table});
		}),
	);
}

function ipArbitrary(family: 4 | 6): fc.Arbitrary<string> {
	const bits = family === 4 ? 32 : 128;
	return fc
		.record({high: fc.integer({min: 0, max: 15}), low: fc.bigInt({min: 0n, max: (1n << BigInt(bits - 4)) - 1n})})
		.map(({high, low}) => {
			const value = (BigInt(high) << BigInt(bits - 4)) | low;
			return family === 4 ? formatIPv4(Number(value)) : formatIPv6(value);
		});
}

describe('buildRouteTable agrees with linearLookup', () => {
	for (const family of [4, 6] as const) {
		it(`on random IPv${family} tables and IPs`, () => {
			fc.assert(
				fc.property(routesArbitrary(family), fc.array(ipArbitrary(family), {minLength: 1, maxLength: 40}), (routes, ips) => {
					const table = buildRouteTable(routes);
					// Also probe each route's own network address and the address just past it.
					const probes = [...ips, ...routes.map(candidate => candidate.destination.split('/')[0]!)];
					for (const ip of probes) expect(table.lookup(ip)).toBe(linearLookup(routes, ip));
				}),
				{numRuns: 300},
			);
		});
	}

	it('on mixed-family tables', () => {
		fc.assert(
			fc.property(routesArbitrary(4), routesArbitrary(6), ipArbitrary(4), ipArbitrary(6), (v4, v6, ip4, ip6) => {
				const routes = [...v6, ...v4];
				const table = buildRouteTable(routes);
				expect(table.lookup(ip4)).toBe(linearLookup(routes, ip4));
				expect(table.lookup(ip6)).toBe(linearLookup(routes, ip6));
			}),
			{numRuns: 100},
		);
	});
});
