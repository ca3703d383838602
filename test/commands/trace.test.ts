import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';
import {command} from '../../source/commands/trace.js';
import {tracePicture} from '../../source/commands/trace-picture.js';
import {captureIo} from '../e2e/io-capture.js';
import type {Trace} from '../../source/net/trace-types.js';

const seed = fileURLToPath(new URL('../fixtures/trace/seed/', import.meta.url));
const from = 'default/hello-world-7c64bd9f6b-tpnrz';
const to = 'default/hello-world-7c64bd9f6b-lmhxb';
const scratch = mkdtempSync(join(tmpdir(), 'ni-trace-cmd-'));
afterAll(() => rmSync(scratch, {recursive: true, force: true}));

async function runTrace(argv: string[], options: {tty?: boolean; columns?: number} = {}) {
	const io = captureIo(argv);
	if (options.tty) Object.assign(io.stdout, {isTTY: true, columns: options.columns ?? 80});
	(io.stdin as PassThrough).end('');
	const code = await command.run(io);
	return {code, out: io.out(), err: io.err()};
}

const captures = (worker3 = join(seed, 'networking-worker3')) => [
	'--capture',
	`networking-worker2=${join(seed, 'networking-worker2')}`,
	'--capture',
	`networking-worker3=${worker3}`,
	'--nodes',
	join(seed, 'nodes.json'),
	'--pods',
	join(seed, 'pods.json'),
];

describe('netinspect trace --capture (offline)', () => {
	it('prints the JSON contract: forward through tunl0 to worker3 and delivered, reverse through tunl0', async () => {
		const {code, out, err} = await runTrace([from, to, ...captures(), '--json']);
		expect(err).toBe('');
		expect(code).toBe(0);
		const result = JSON.parse(out) as Trace & {warnings: unknown[]};
		expect(Object.keys(result)).toEqual(['source', 'destination', 'forward', 'reverse', 'pathMtu', 'problems', 'warnings']);
		expect(result.destination).toEqual({ip: '192.168.21.132', pod: {namespace: 'default', name: 'hello-world-7c64bd9f6b-lmhxb', node: 'networking-worker3'}, node: 'networking-worker3'});
		expect(result.forward.delivered).toBe(true);
		expect(result.forward.hops.map(hop => [hop.node, hop.route, hop.gateway, hop.out])).toEqual([
			['networking-worker2', '192.168.21.128/26', '172.20.0.4', 'tunl0'],
			['networking-worker3', '192.168.21.132/32', null, 'cali6fd140eb306'],
		]);
		expect(Object.keys(result.forward.hops[0]!)).toEqual(['node', 'in', 'rule', 'table', 'route', 'outcome', 'out', 'gateway', 'nextHopNode', 'mtu', 'problems']);
		expect(result.reverse.hops.map(hop => hop.out)).toEqual(['tunl0', 'cali52440ec1550']);
		expect(result.reverse.delivered).toBe(true);
		expect(result.pathMtu).toBe(1480);
		expect(result.warnings).toEqual([]);
	});

	it('shows delivered false at worker3 with missing-host-route once the destination’s host route is gone', async () => {
		const worker3 = join(scratch, 'w3-no-host-route');
		cpSync(join(seed, 'networking-worker3'), worker3, {recursive: true});
		const routes = join(worker3, 'ip-route-table-all.txt');
		writeFileSync(routes, readFileSync(routes, 'utf8').replace(/^192\.168\.21\.132 dev .*\n/m, ''));
		const {code, out} = await runTrace([from, to, ...captures(worker3), '--json']);
		expect(code).toBe(0);
		const result = JSON.parse(out) as Trace;
		expect(result.forward.delivered).toBe(false);
		expect(result.forward.hops.at(-1)).toMatchObject({node: 'networking-worker3', outcome: 'blackhole'});
		expect(result.forward.hops.at(-1)!.problems).toContain('missing-host-route');
	});

	it('draws a broken path: the hop that drops it, its problems, and where it stops', async () => {
		const worker3 = join(scratch, 'w3-picture');
		cpSync(join(seed, 'networking-worker3'), worker3, {recursive: true});
		const routes = join(worker3, 'ip-route-table-all.txt');
		writeFileSync(routes, readFileSync(routes, 'utf8').replace(/^192\.168\.21\.132 dev .*\n/m, ''));
		const {out} = await runTrace([from, to, ...captures(worker3)]);
		const forward = out.slice(0, out.indexOf('\nreverse:'));
		expect(forward).toMatchInlineSnapshot(`
			"forward: default/hello-world-7c64bd9f6b-tpnrz → default/hello-world-7c64bd9f6b-lmhxb
			not delivered: pod-missing-on-node, missing-host-route, blackhole

			┌───────────────────────────────────────────────┐
			│ from pod default/hello-world-7c64bd9f6b-tpnrz │
			│ 192.168.175.5 on networking-worker2           │
			└──┬────────────────────────────────────────────┘
			   │ cali52440ec1550
			┌──┴────────────────────────────────────────────┐
			│ node networking-worker2  (in cali52440ec1550) │
			│ rule 32766: from all lookup main              │
			│ 192.168.21.128/26 via 172.20.0.4 dev tunl0    │
			└──┬────────────────────────────────────────────┘
			   │ tunl0 ipip mtu 1480 → 172.20.0.4 (networking-worker3)
			┌──┴──────────────────────────────────┐
			│ node networking-worker3  (in tunl0) │
			│ rule 32766: from all lookup main    │
			│ blackhole 192.168.21.128/26         │
			│ ✗ pod-missing-on-node               │
			│ ✗ missing-host-route                │
			│ ✗ blackhole                         │
			└─────────────────────────────────────┘
			✗ stops here: pod default/hello-world-7c64bd9f6b-lmhxb not reached
			"
		`);
	});

	it('draws the picture into a pipe as plain text, and says what it had to assume on stderr', async () => {
		const {code, out, err} = await runTrace([from, to, ...captures()]);
		expect(code).toBe(0);
		expect(out).not.toContain('\u001B');
		expect(out).toContain('│ 192.168.21.128/26 via 172.20.0.4 dev tunl0');
		expect(out).toContain('   │ tunl0 ipip mtu 1480 → 172.20.0.4 (networking-worker3)');
		expect(out).toMatch(/forward: default\/hello-world-7c64bd9f6b-tpnrz → default\/hello-world-7c64bd9f6b-lmhxb\ndelivered\n/);
		expect(err).toContain('networking-worker2: no rp_filter read; reverse-path filtering is not checked');
	});

	it('fits the terminal width and colours problems only on a terminal', async () => {
		const {out} = await runTrace([from, to, ...captures()], {tty: true, columns: 40});
		const plain = out.replaceAll(/\u001B\[\d+m/g, '');
		for (const line of plain.split('\n')) expect(line.length).toBeLessThanOrEqual(40);
		expect(out).toContain('\u001B[32mdelivered');
	});

	it('places a bare pod IP on the captured node that routes it into a veth, without --pods', async () => {
		const {code, out} = await runTrace(['192.168.175.5', '192.168.21.132', '--capture', `networking-worker2=${join(seed, 'networking-worker2')}`, '--capture', `networking-worker3=${join(seed, 'networking-worker3')}`, '--nodes', join(seed, 'nodes.json'), '--json']);
		expect(code).toBe(0);
		const result = JSON.parse(out) as Trace;
		expect(result.source).toEqual({ip: '192.168.175.5', pod: null, node: 'networking-worker2'});
		expect(result.forward.delivered).toBe(true);
	});

	it('refuses bad arguments with one line and exit 2', async () => {
		const cases: Array<[string[], RegExp]> = [
			[[from], /trace what\?/],
			[[from, to, 'extra', ...captures()], /unexpected argument "extra"/],
			[['a/b/c', to, ...captures()], /SRC: "a\/b\/c" is not a pod/],
			[[from, to, '--capture', 'nodir'], /--capture "nodir" is not NODE=DIR/],
			[[from, to, '--capture', `w=${join(scratch, 'missing')}`], /no such directory/],
			[[from, to, '--pods', 'x.json'], /--nodes and --pods go with --capture/],
			[[from, to, ...captures(), '--context', 'kind'], /--context is for a live trace/],
			[['default/nope', to, ...captures()], /SRC: pod default\/nope not found/],
			[[from, to, '--capture', `w=${seed}`], /no route table among/],
		];
		for (const [argv, message] of cases) {
			const {code, err, out} = await runTrace(argv);
			expect(code, argv.join(' ')).toBe(2);
			expect(err).toMatch(message);
			expect(err.trim().split('\n')).toHaveLength(1);
			expect(out).toBe('');
		}
	});
});

describe('tracePicture', () => {
	it('sanitizes names from the cluster', () => {
		const hostile: Trace = {
			source: {ip: '10.0.0.1', pod: {namespace: 'ns', name: 'evil\u001B]0;pwned\u0007', node: 'n1'}, node: 'n1'},
			destination: {ip: '10.0.0.2', pod: null, node: null},
			forward: {delivered: false, hops: [{node: 'n1\u001B[2J', in: null, rule: null, table: null, route: null, outcome: 'no-route', out: null, gateway: null, nextHopNode: null, mtu: null, problems: ['no-route']}], problems: ['no-route']},
			reverse: {delivered: false, hops: [], problems: ['source-node-unknown']},
			pathMtu: null,
			problems: ['no-route', 'source-node-unknown'],
		};
		const picture = tracePicture(hostile, {width: 80, color: false});
		expect(picture).not.toMatch(/[\u0000-\u0009\u000B-\u001F]/);
		expect(picture).toContain('evil\\x1b]0;pwned\\x07');
		expect(picture).toContain('✗ stops here: 10.0.0.2 not reached');
	});
});
