import {describe, expect, it} from 'vitest';
import {detectFormat, parseAny} from '../../source/net/detect-format.js';
import {fixture} from './parser-fixtures.js';

describe('detectFormat', () => {
	it('names the format of every capture', () => {
		const expected: Record<string, string> = {
			'seed-worker2-route.txt': 'route-n',
			'seed-control-plane-route.txt': 'route-n',
			'ns-route-n.txt': 'route-n',
			'ns-busybox-route-n.txt': 'route-n',
			'ns-route-n-inet6.txt': 'route-n-inet6',
			'ns-busybox-route-n-inet6.txt': 'route-n-inet6',
			'ns-proc-net-route.txt': 'proc-net-route',
			'ns-ip-route.txt': 'ip-route',
			'ns-ip-6-route.txt': 'ip-route',
			'ns-ip-route-table-all.txt': 'ip-route',
			'ns-busybox-ip-route.txt': 'ip-route-busybox',
			'ns-busybox-ip-6-route.txt': 'ip-route-busybox',
			'ns-ip-j-route.json': 'ip-route-json',
			'ns-ip-j-6-route-table-all.json': 'ip-route-json',
			'ns-ip-addr.txt': 'ip-addr',
			'ns-busybox-ip-addr.txt': 'ip-addr-busybox',
			'ns-ip-j-addr.json': 'ip-addr-json',
			'ns-ip-d-j-link.json': 'ip-link-json',
		};
		for (const [name, format] of Object.entries(expected)) {
			expect([name, detectFormat(fixture(name))]).toEqual([name, format]);
		}
	});

	it('knows headerless route -n rows, broken old JSON, and says null for the rest', () => {
		expect(detectFormat('192.168.175.5   0.0.0.0         255.255.255.255 UH    0      0        0 cali52440ec1550')).toBe('route-n');
		expect(detectFormat('[{"blackhole","dst":"10.0.0.0/8"}]')).toBe('ip-route-json');
		expect(detectFormat('tunl0: flags=193<UP,RUNNING,NOARP>  mtu 1480')).toBeNull();
		expect(detectFormat('')).toBeNull();
		expect(detectFormat('hello world')).toBeNull();
	});
});

describe('parseAny', () => {
	it('dispatches to the right parser and keeps its precise format', () => {
		const routes = parseAny(fixture('ns-busybox-route-n.txt'));
		expect(routes.kind).toBe('routes');
		if (routes.kind === 'routes') expect(routes.result.format).toBe('route-n-busybox');
		const interfaces = parseAny(fixture('ns-ip-j-addr.json'));
		expect(interfaces.kind).toBe('interfaces');
		if (interfaces.kind === 'interfaces') expect(interfaces.result.interfaces.length).toBe(10);
		const seed = parseAny(fixture('seed-worker2-route.txt'));
		expect(seed.kind === 'routes' && seed.result.routes.length).toBe(8);
	});

	it('reports unknown input with its first line', () => {
		const result = parseAny('\n\nifconfig says hello\n');
		expect(result).toEqual({
			kind: 'unknown',
			warnings: [expect.objectContaining({line: 3, text: 'ifconfig says hello'})],
		});
		expect(parseAny('  \n')).toMatchObject({kind: 'unknown', warnings: [{line: null, reason: 'empty input'}]});
	});
});

describe('detect-format re-exports', () => {
	it('offers mergeLinkKinds next to parseAny', async () => {
		const module = await import('../../source/net/detect-format.js');
		const parsed = parseAny(fixture('ns-ip-addr.txt'));
		const links = parseAny(fixture('ns-ip-d-j-link.json'));
		if (parsed.kind !== 'interfaces' || links.kind !== 'interfaces') throw new Error('fixtures not interfaces');
		const merged = module.mergeLinkKinds(parsed.result.interfaces, links.result.interfaces);
		expect(merged.find(i => i.name === 'cni0')).toMatchObject({linkKind: 'bridge', kind: 'bridge'});
	});
});
