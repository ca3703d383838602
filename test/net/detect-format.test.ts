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
			'ns-ip-o-addr.txt': 'ip-addr-oneline',
			'ns-ip-4-o-addr.txt': 'ip-addr-oneline',
			'ns-ip-6-o-addr.txt': 'ip-addr-oneline',
			'ns-busybox-ip-o-addr.txt': 'ip-addr-oneline',
			'ns-busybox-ip-4-o-addr.txt': 'ip-addr-oneline',
			'ns-ip-br-addr.txt': 'ip-addr-brief',
			'ns-ip-br-4-addr.txt': 'ip-addr-brief',
			'ns-ifconfig.txt': 'ifconfig',
			'ns-ifconfig-a.txt': 'ifconfig',
			'seed-control-plane-ifconfig.txt': 'ifconfig',
			'ns-busybox-ifconfig.txt': 'ifconfig-busybox',
			'ns-busybox-ifconfig-a.txt': 'ifconfig-busybox',
		};
		for (const [name, format] of Object.entries(expected)) {
			expect([name, detectFormat(fixture(name))]).toEqual([name, format]);
		}
	});

	it('knows headerless route -n rows, broken old JSON, and says null for the rest', () => {
		expect(detectFormat('192.168.175.5   0.0.0.0         255.255.255.255 UH    0      0        0 cali52440ec1550')).toBe('route-n');
		expect(detectFormat('[{"blackhole","dst":"10.0.0.0/8"}]')).toBe('ip-route-json');
		expect(detectFormat('tunl0: flags=193<UP,RUNNING,NOARP>  mtu 1480')).toBe('ifconfig');
		expect(detectFormat('')).toBeNull();
		expect(detectFormat('hello world')).toBeNull();
	});
});

describe('detectFormat, the captures people paste (issue 8 item 17)', () => {
	it('tells ip -o link, ip -br link and a pasted command line apart', () => {
		expect(detectFormat('1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00')).toBe('ip-addr-oneline');
		expect(detectFormat('lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> ')).toBe('ip-addr-brief');
		expect(detectFormat('$ ip -4 -o addr\n1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever')).toBe('ip-addr-oneline');
		expect(detectFormat('eth0      Link encap:Ethernet  HWaddr 02:42:AC:14:00:05  ')).toBe('ifconfig-busybox');
		// Route lines are not mistaken for brief lines, nor the reverse.
		expect(detectFormat('default via 172.20.0.1 dev eth0')).toBe('ip-route');
		expect(detectFormat('10.0.0.0/8 UP 10.0.0.1/8')).toBe('ip-route');
		expect(detectFormat('eth0 SOMETHING 10.0.0.1/8')).toBeNull();
		for (const prompt of ['$ ', 'root@networking-worker2:/# ', '/ # ', 'sudo ', '']) {
			expect([prompt, detectFormat(`${prompt}ifconfig -a\ntunl0: flags=193<UP,RUNNING,NOARP>  mtu 1480\n`)]).toEqual([prompt, 'ifconfig']);
		}
		// A command echo counts only as the very first line.
		expect(detectFormat('hello\nifconfig\n')).toBeNull();
	});

	it('parseAny hands each of them to its parser', () => {
		for (const [name, format, count] of [
			['ns-ip-4-o-addr.txt', 'ip-addr-oneline', 5],
			['ns-ip-br-addr.txt', 'ip-addr-brief', 11],
			['ns-ifconfig.txt', 'ifconfig', 10],
			['ns-busybox-ifconfig-a.txt', 'ifconfig-busybox', 11],
		] as const) {
			const parsed = parseAny(fixture(name));
			expect([name, parsed.kind, parsed.kind === 'interfaces' && parsed.result.format, parsed.kind === 'interfaces' && parsed.result.interfaces.length]).toEqual([
				name,
				'interfaces',
				format,
				count,
			]);
		}
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
