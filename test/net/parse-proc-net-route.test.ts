import {describe, expect, it} from 'vitest';
import {parseProcNetRoute} from '../../source/net/parse-proc-net-route.js';
import {parseRouteN} from '../../source/net/parse-route-n.js';
import type {Route} from '../../source/net/types.js';
import {fixture} from './parser-fixtures.js';

describe('parseProcNetRoute', () => {
	it('decodes little-endian hex: the same table as route -n prints from it', () => {
		const result = parseProcNetRoute(fixture('ns-proc-net-route.txt'));
		expect(result.format).toBe('proc-net-route');
		expect(result.warnings).toEqual([]);
		const comparable = (routes: readonly Route[]) => routes.map(({source: _s, line: _l, ...rest}) => rest);
		expect(comparable(result.routes)).toEqual(comparable(parseRouteN(fixture('ns-route-n.txt')).routes));
		expect(result.routes[0]).toMatchObject({destination: '0.0.0.0/0', gateway: '172.20.0.1', metric: 100, line: 2});
	});

	it('warns about rows that are not hex and keeps the rest', () => {
		const text = [
			'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
			'eth0\tZZ000000\t010014AC\t0003\t0\t0\t0\t00000000\t0\t0\t0',
			'eth0\t0000000A\t00000000\t0001\t0\t0\t0\t00FF00FF\t0\t0\t0',
			'eth0\t0000000A\t00000000\t0001',
			'*\t0000A8C0\t00000000\t0201\t0\t0\t0\t0000FFFF\t0\t0\t0',
		].join('\n');
		const result = parseProcNetRoute(text);
		expect(result.routes).toHaveLength(1);
		expect(result.routes[0]).toMatchObject({destination: '192.168.0.0/16', kind: 'unreachable', kindUncertain: true, flags: '!'});
		expect(result.warnings.map(w => w.line)).toEqual([2, 3, 4]);
	});
});
