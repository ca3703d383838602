import {readFileSync} from 'node:fs';
import {PassThrough} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import stripAnsi from 'strip-ansi';
import {command} from '../../source/commands/analyze.js';
import type {AnalysisJson} from '../../source/commands/analysis-output.js';
import {maxTableEntries} from '../../source/commands/analyze.js';
import {parseRouteN} from '../../source/net/parse-route-n.js';
import {generatedRouteN} from '../net/helpers/generated-route-n.js';
import {linearLookup} from '../../source/net/route-table.js';

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
const seedNamed = fixture('parsers/seed-worker2-route.txt');
const seedNumeric = fixture('parsers/seed-worker2-route-n.txt');
const nodes = fixture('analyze/nodes.json');
const pods = fixture('analyze/pods.json');

async function analyze(argv: string[], stdinText = '') {
	const stdin = new PassThrough();
	stdin.end(stdinText);
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	stdout.on('data', chunk => (out += String(chunk)));
	stderr.on('data', chunk => (err += String(chunk)));
	const code = await command.run({argv, stdin, stdout, stderr, env: {}});
	return {code, out, err};
}

async function analyzeJson(argv: string[], stdinText = '') {
	const result = await analyze([...argv, '--json'], stdinText);
	expect(result.err).toBe('');
	expect(result.code).toBe(0);
	return JSON.parse(result.out) as AnalysisJson;
}

const seedArgs = (routes: string) => ['--routes', routes, '--node', 'networking-worker2', '--nodes', nodes, '--pods', pods];

describe('netinspect analyze: the seed worker2 table (done-when of issue 2)', () => {
	for (const [name, routes] of [
		['as printed in the seed (route without -n)', seedNamed],
		['as route -n prints it', seedNumeric],
	] as const) {
		it(`judges the seed's pods ${name}`, async () => {
			const result = await analyzeJson([...seedArgs(routes), '--ip', '192.168.223.130', '--ip', '172.20.0.2']);
			const byIp = new Map(result.verdicts.map(verdict => [verdict.ip, verdict]));
			expect(byIp.get('192.168.175.5')).toMatchObject({outcome: 'local-pod', interface: 'cali52440ec1550'});
			expect(byIp.get('192.168.175.1')).toMatchObject({outcome: 'local-pod', interface: 'cali7dac2757ae1'});
			expect(byIp.get('192.168.21.132')).toMatchObject({
				outcome: 'tunnel-to-node',
				interface: 'tunl0',
				nextHopNode: 'networking-worker3',
				pod: {namespace: 'default', name: 'hello-world-7c64bd9f6b-lmhxb', node: 'networking-worker3'},
			});
			expect(byIp.get('192.168.78.132')).toMatchObject({
				outcome: 'tunnel-to-node',
				interface: 'tunl0',
				nextHopNode: 'networking-worker',
			});
			expect(byIp.get('192.168.223.130')).toMatchObject({
				outcome: 'tunnel-to-node',
				interface: 'tunl0',
				route: '192.168.223.128/26',
				nextHopNode: 'networking-control-plane',
			});
			// What `route -n` hides is said once, for the input: the verdicts' problems are about their paths.
			expect(result.input.caveats).toEqual(['main-table-only', 'degraded-input']);
			expect(byIp.get('192.168.175.5')?.problems).toEqual([]);
			expect(byIp.get('172.20.0.2')).toMatchObject({outcome: 'on-link', interface: 'eth0', nextHopNode: 'networking-control-plane', problems: []});
		});
	}

	it('marks the named table degraded and says why in the warnings', async () => {
		const result = await analyzeJson(seedArgs(seedNamed));
		expect(result.input).toEqual({formats: ['route-n'], caveats: ['main-table-only', 'degraded-input']});
		expect(result.verdicts.some(verdict => verdict.problems.includes('degraded-input'))).toBe(false);
		expect(result.warnings.length).toBeGreaterThan(0);
		expect(result.warnings[0]).toMatchObject({source: seedNamed, line: 3});
		expect(result.warnings[0]!.reason).toMatch(/^degraded-input/);
	});

	it('keeps the JSON contract field names', async () => {
		const result = await analyzeJson(seedArgs(seedNumeric));
		expect(Object.keys(result)).toEqual(['node', 'input', 'routes', 'interfaces', 'verdicts', 'warnings']);
		expect(Object.keys(result.input)).toEqual(['formats', 'caveats']);
		expect(Object.keys(result.routes[0]!)).toEqual(['destination', 'gateway', 'interface', 'kind', 'metric', 'flags', 'table']);
		expect(Object.keys(result.verdicts[0]!)).toEqual([
			'ip',
			'outcome',
			'route',
			'interface',
			'gateway',
			'nextHopNode',
			'pod',
			'problems',
		]);
		expect(result.routes.find(route => route.destination === '192.168.175.0/26')).toMatchObject({
			kind: 'blackhole',
			interface: null,
			gateway: null,
		});
	});

	it('reads the table from stdin with -', async () => {
		const result = await analyzeJson(['--routes', '-', '--ip', '192.168.175.5'], readFileSync(seedNumeric, 'utf8'));
		expect(result.verdicts).toHaveLength(1);
		expect(result.verdicts[0]).toMatchObject({ip: '192.168.175.5', outcome: 'local-pod', pod: null});
		expect(result.warnings.every(warning => warning.source === 'stdin')).toBe(true);
	});

	it('prints the route table with the pods each route serves, then one line per IP', async () => {
		const {code, out} = await analyze(seedArgs(seedNumeric));
		expect(code).toBe(0);
		const text = stripAnsi(out);
		expect(text).toMatch(/│ destination\s+│ gateway\s+│ iface\s+│ kind\s+│ metric\s+│ next hop\s+│ pods/);
		expect(text).toMatch(/│ 192\.168\.21\.128\/26\s+│ 172\.20\.0\.4\s+│ tunl0\s+│ unicast\s+│ 0\s+│ networking-worker3/);
		expect(text).toMatch(/^192\.168\.175\.5 +local-pod +cali52440ec1550 \(local\) default\/hello-world-7c64bd9f6b-tpnrz$/m);
		expect(text).toMatch(/^input: main-table-only, degraded-input$/m);
	});
});

describe('netinspect analyze: output to a file or a pipe', () => {
	it('never wraps table rows, even with IPv6 destinations wider than a terminal', async () => {
		const wide = [
			'2001:db8:1234:5678:9abc:def0:1234:0/112 via 2001:db8:1234:5678:9abc:def0:1234:5678 dev eth0 metric 1024 pref medium',
			'2001:db8:1234:5678:9abc:def0:4321:0/112 dev calif00dfeedbeef metric 1024 pref medium',
		].join('\n');
		const {code, out} = await analyze(['--routes', '-'], `${wide}\n`);
		expect(code).toBe(0);
		const rows = stripAnsi(out).split('\n').filter(line => line.startsWith('│'));
		expect(rows.length).toBeGreaterThanOrEqual(3);
		expect(rows.filter(line => !line.endsWith('│'))).toEqual([]);
		expect(Math.max(...rows.map(line => line.length))).toBeGreaterThan(120);
	});
});

describe('netinspect analyze: bad input gets exit 2 and one line', () => {
	const cases: Array<[string, string[], RegExp]> = [
		['no --routes', ['--ip', '10.0.0.1'], /--routes FILE is required/],
		['a bad --ip', ['--routes', seedNumeric, '--ip', '10.0.0.300'], /--ip "10.0.0.300" is not an IP address/],
		['a missing file', ['--routes', '/nonexistent/route.txt'], /cannot read \/nonexistent\/route.txt: no such file/],
		['an unknown flag', ['--routes', seedNumeric, '--bogus'], /unknown flag --bogus/],
		['interfaces passed as routes', ['--routes', fixture('parsers/ns-ip-addr.txt')], /interface output; pass it with --addrs/],
		['a route table passed as interfaces', ['--routes', seedNumeric, '--addrs', seedNumeric], /route table; pass it with --routes/],
		['nodes that are not JSON', ['--routes', seedNumeric, '--nodes', seedNumeric], /not JSON \(expected `kubectl get nodes -o json`\)/],
		['stdin twice', ['--routes', '-', '--addrs', '-'], /"-" \(stdin\) can be given only once/],
		['unrecognisable text', ['--routes', fixture('analyze/README.md')], /not a route table this tool knows/],
		['binary routes', ['--routes', '/dev/zero'], /^netinspect analyze: cannot read \/dev\/zero: not text \(a NUL byte at offset 0\)$/m],
		['a huge argument list (xargs)', ['--routes', seedNumeric, ...Array.from({length: 300_000}, () => 'x')], /unexpected argument "x"/],
		['pods that are a route table', ['--routes', seedNumeric, '--pods', seedNumeric], /not JSON \(expected `kubectl get pods -A -o json`\)/],
	];
	for (const [name, argv, message] of cases) {
		it(name, async () => {
			const {code, out, err} = await analyze(argv);
			expect(code).toBe(2);
			expect(out).toBe('');
			expect(err).toMatch(message);
			expect(err.trim().split('\n')).toHaveLength(1);
		});
	}
});

describe('netinspect analyze: JSON of the wrong shape gets exit 2 and what was expected', () => {
	const pod = readFileSync(pods, 'utf8');
	const node = readFileSync(nodes, 'utf8');
	const cases: Array<[string, string, string, string]> = [
		['items that are not an array', '--pods', '{"items":5}', '"items" is a number, not an array'],
		['null', '--pods', 'null', 'got null'],
		['a ServiceList', '--pods', '{"kind":"ServiceList","apiVersion":"v1","items":[]}', 'got a ServiceList'],
		['nodes given as pods', '--pods', node, 'item 1 is a Node, not a Pod'],
		['pods given as nodes', '--nodes', pod, 'item 1 is a Pod, not a Node'],
	];
	for (const [name, flag, document, problem] of cases) {
		it(name, async () => {
			const {code, out, err} = await analyze(['--routes', seedNumeric, flag, '-'], document);
			expect(code).toBe(2);
			expect(out).toBe('');
			const what = flag === '--pods' ? 'pods -A' : 'nodes';
			expect(err).toBe(`netinspect analyze: stdin: expected \`kubectl get ${what} -o json\`, ${problem}\n`);
		});
	}
});

/** A deterministic table of `count` distinct IPv4 prefixes (/8 to /30), gateways and devices varied. */
function generatedTable(count: number): string {
	return generatedRouteN({count, seed: 7, minLength: 8, maxLength: 30, via: index => ({gateway: `172.20.${index % 200}.1`, iface: `eth${index % 3}`, metric: index % 7})});
}

describe('netinspect analyze: a full-size table (a node with BGP routes)', () => {
	const count = 150_000;
	const table = generatedTable(count);
	const ips = ['1.2.3.4', '10.20.30.40', '100.64.1.1', '172.20.5.1', '192.168.1.1', '203.0.113.9', '8.8.8.8', '255.255.255.254'];

	it(`judges ${count} routes (more than the 130k that overflowed the stack) as a linear scan would`, async () => {
		const result = await analyzeJson(['--routes', '-', ...ips.flatMap(ip => ['--ip', ip])], table);
		expect(result.routes).toHaveLength(count);
		const routes = parseRouteN(table).routes;
		for (const ip of ips) {
			const expected = linearLookup(routes, ip);
			const verdict = result.verdicts.find(candidate => candidate.ip === ip);
			expect(verdict?.route ?? null, ip).toBe(expected?.destination ?? null);
			if (expected) expect(verdict).toMatchObject({interface: expected.interface, gateway: expected.gateway});
		}
	});

	it('prints the first routes as a table and says how many more --json lists', async () => {
		const {code, out, err} = await analyze(['--routes', '-', '--ip', '8.8.8.8'], generatedTable(5000));
		expect(err).toBe('');
		expect(code).toBe(0);
		const text = stripAnsi(out);
		expect(text).toMatch(/^Routes \(5000\)$/m);
		expect(text).toMatch(/^… 4800 more routes not shown \(--json lists them all\)$/m);
		expect(text.split('\n').filter(line => line.startsWith('│ ')).length).toBe(201);
	});

	it('refuses a table of more lines than it reads, before parsing it', async () => {
		const {code, err} = await analyze(['--routes', '-'], `Kernel IP routing table\n${'\n'.repeat(maxTableEntries)}`);
		expect(code).toBe(2);
		expect(err).toBe(`netinspect analyze: stdin: too big (${maxTableEntries + 1} lines; at most ${maxTableEntries} are read)\n`);
	});
});

describe('netinspect analyze: untrusted text', () => {
	it('--json escapes C1 controls, bidi overrides and zero-width characters from the input', async () => {
		const hostile = readFileSync(seedNumeric, 'utf8').replace('cali52440ec1550', 'cali\u009B2J\u202Eevil\u200B');
		const {code, out} = await analyze(['--routes', '-', '--ip', '192.168.175.5', '--json'], hostile);
		expect(code).toBe(0);
		expect(out).not.toMatch(/[\u0080-\u009F\u200B\u202E]/);
		expect(out).toContain('"interface": "cali\\u009b2J\\u202eevil\\u200b"');
		const json = JSON.parse(out) as AnalysisJson;
		expect(json.verdicts[0]?.interface).toBe('cali\u009B2J\u202Eevil\u200B');
	});

	it('shows a zero-width character in a name instead of hiding it, and cuts a huge one', async () => {
		const hostile = readFileSync(seedNumeric, 'utf8').replace('cali52440ec1550', `cali\u200B${'x'.repeat(5000)}`);
		const {code, out} = await analyze(['--routes', '-', '--ip', '192.168.175.5'], hostile);
		expect(code).toBe(0);
		const text = stripAnsi(out);
		expect(text).not.toContain('\u200B');
		expect(text).toContain('cali\\u{200b}');
		// The table cell is cut to 16 columns and the path line to 200 characters (5,000 would wrap onto 6 lines).
		expect(text.length).toBeLessThan(3000);
	});

	it('neutralises terminal control sequences from the input', async () => {
		const hostile = readFileSync(seedNumeric, 'utf8').replace('cali52440ec1550', 'cali\u001B]0;pwned\u0007x');
		const {code, out} = await analyze(['--routes', '-', '--ip', '192.168.175.5'], hostile);
		expect(code).toBe(0);
		expect(stripAnsi(out)).not.toContain('\u0007');
		expect(out).not.toContain('\u001B]0;');
	});
});

describe('netinspect analyze: the interface captures people paste (issue 8 item 17)', () => {
	it('takes `ip -4 -o addr`, `ip -br addr` and both ifconfig layouts as --addrs (exit 2 before)', async () => {
		for (const [name, device, address] of [
			['ns-ip-4-o-addr.txt', 'eth0', '172.20.0.5/16'],
			['ns-ip-br-addr.txt', 'eth0', '172.20.0.5/16'],
			['seed-control-plane-ifconfig.txt', 'tunl0', '192.168.223.128/32'],
			['ns-busybox-ifconfig-a.txt', 'eth0', '172.20.0.5/16'],
		] as const) {
			const result = await analyzeJson([...seedArgs(seedNumeric), '--addrs', fixture(`parsers/${name}`)]);
			const shown = result.interfaces.find(entry => entry.name === device);
			expect([name, shown?.addresses]).toEqual([name, expect.arrayContaining([address])]);
		}
	});

	it('judges the routes when an address file cannot be read or recognised, and says so in the warnings', async () => {
		const result = await analyzeJson([
			...seedArgs(seedNumeric),
			'--addrs',
			'/nonexistent/addrs.txt',
			'--addrs',
			fixture('analyze/README.md'),
		]);
		expect(result.verdicts.find(verdict => verdict.ip === '192.168.175.5')).toMatchObject({outcome: 'local-pod'});
		expect(result.interfaces).toEqual([]);
		expect(result.warnings).toEqual([
			{source: '/nonexistent/addrs.txt', line: null, text: '', reason: 'cannot read /nonexistent/addrs.txt: no such file: judged without it'},
			expect.objectContaining({source: fixture('analyze/README.md'), line: 1, reason: expect.stringMatching(/^not interface output this tool knows .*ifconfig.*: judged without it$/)}),
		]);
	});
});
