/**
 * Property-based tests of every parser: random and mutated inputs never throw, results stay bounded by the
 * input (no more routes or warnings than lines, short warning texts), and rows untouched by a mutation are kept.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parseAny} from '../../source/net/detect-format.js';
import {parsePrefix} from '../../source/net/ip.js';
import {parseIpAddr} from '../../source/net/parse-ip-addr.js';
import {parseIpAddrJson, parseIpLinkJson} from '../../source/net/parse-ip-json.js';
import {parseIpRouteJson} from '../../source/net/parse-ip-route-json.js';
import {parseIpRoute} from '../../source/net/parse-ip-route.js';
import {parseProcNetRoute} from '../../source/net/parse-proc-net-route.js';
import {parseRouteN} from '../../source/net/parse-route-n.js';
import type {AddrParseResult, RouteParseResult} from '../../source/net/types.js';
import {fixture} from './parser-fixtures.js';

const routeParsers = {parseRouteN, parseIpRoute, parseIpRouteJson, parseProcNetRoute} as const;
const addrParsers = {parseIpAddr, parseIpAddrJson, parseIpLinkJson} as const;

const textFixtures = {
	parseRouteN: ['seed-worker2-route.txt', 'ns-route-n.txt', 'ns-busybox-route-n.txt', 'ns-route-n-inet6.txt', 'ns-busybox-route-n-inet6.txt'],
	parseIpRoute: ['ns-ip-route.txt', 'ns-ip-route-table-all.txt', 'ns-busybox-ip-route.txt', 'ns-busybox-ip-6-route.txt'],
	parseProcNetRoute: ['ns-proc-net-route.txt'],
	parseIpAddr: ['ns-ip-addr.txt', 'ns-busybox-ip-addr.txt'],
} as const;

const lineCount = (text: string) => text.split('\n').length;

function checkRoutes(result: RouteParseResult, text: string): void {
	const lines = lineCount(text);
	expect(result.routes.length).toBeLessThanOrEqual(Math.max(lines, text.length));
	expect(result.warnings.length).toBeLessThanOrEqual(Math.max(lines * 2, text.length) + 1);
	for (const route of result.routes) {
		const prefix = parsePrefix(route.destination);
		expect(prefix?.cidr).toBe(route.destination);
		expect(prefix?.family).toBe(route.family);
		expect(Number.isInteger(route.metric) && route.metric >= 0 && route.metric <= 4_294_967_295).toBe(true);
		if (route.line !== null) expect(route.line >= 1 && route.line <= lines).toBe(true);
	}
	for (const w of result.warnings) {
		expect(w.text.length).toBeLessThanOrEqual(201);
		expect(/[\u0000-\u001f\u007f-\u009f]/.test(w.text)).toBe(false);
		if (w.line !== null) expect(w.line >= 1 && w.line <= lines).toBe(true);
	}
}

function checkInterfaces(result: AddrParseResult, text: string): void {
	expect(result.interfaces.length).toBeLessThanOrEqual(Math.max(lineCount(text), text.length));
	for (const iface of result.interfaces) {
		expect(iface.name.length).toBeGreaterThan(0);
		for (const address of iface.addresses) expect(address.cidr).toBe(`${address.address}/${address.prefixLength}`);
	}
	for (const w of result.warnings) expect(w.text.length).toBeLessThanOrEqual(201);
}

/** Strings made of the words these formats use, so random input reaches deep into the parsers. */
const vocabulary = [
	'default', 'via', 'dev', 'eth0', 'tunl0', 'proto', 'bird', 'metric', '-1', '4294967296', 'scope', 'link', 'src',
	'table', 'local', 'all', 'blackhole', 'unreachable', 'nexthop', 'weight', 'onlink', 'mtu', 'lock', 'inet', 'inet6',
	'10.0.0.1', '10.0.0.0/8', '::', 'fe80::1', 'fd00::/64', '0.0.0.0', '255.255.255.0', '255.0.255.0', 'UG', 'U', '!n', 'Un',
	'*', '-', 'Kernel', 'IP', 'IPv6', 'routing', 'table', 'Destination', 'Gateway', 'Genmask', 'Flags', 'Iface', 'Next', 'Hop',
	'1:', '2:', 'lo:', 'eth0@if3:', 'tunl0@NONE:', '<UP,LOWER_UP>', 'state', 'UP', 'group', 'link/ether', 'link-netnsid',
	'altname', 'peer', 'brd', 'flags', '02', 'valid_lft', 'forever', '0100A8C0', '00000000', '0003', '{', '}', '[', ']',
	'"dst"', '"ifname"', ':', ',', '"', '\t', '  ', '\n', '\n\t', '\u001b[2J', '\u0000', '9'.repeat(40),
];
const wordy = fc.array(fc.constantFrom(...vocabulary), {maxLength: 60}).map(words => words.join(' '));
const anyText = fc.oneof(fc.string({maxLength: 300}), fc.string({unit: 'binary', maxLength: 300}), wordy);

type Mutation =
	| {readonly type: 'insert'; readonly at: number; readonly text: string}
	| {readonly type: 'delete'; readonly at: number}
	| {readonly type: 'duplicate'; readonly at: number}
	| {readonly type: 'corrupt'; readonly at: number; readonly column: number; readonly text: string};

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	fc.record({type: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(anyText, fc.constant('x'.repeat(5000)), fc.constant(`1${'0'.repeat(400)}`))}),
	fc.record({type: fc.constant('delete' as const), at: fc.nat()}),
	fc.record({type: fc.constant('duplicate' as const), at: fc.nat()}),
	fc.record({type: fc.constant('corrupt' as const), at: fc.nat(), column: fc.nat(), text: fc.string({unit: 'binary', maxLength: 5})}),
);

/** Applies mutations; returns the new lines and which original lines survived unchanged (by new index). */
function mutate(lines: readonly string[], mutations: readonly Mutation[]): {lines: string[]; untouched: Map<number, number>} {
	let current = lines.map((text, index) => ({text, origin: index as number | null}));
	for (const m of mutations) {
		const at = current.length === 0 ? 0 : m.at % (current.length + (m.type === 'insert' ? 1 : 0));
		if (m.type === 'insert') current.splice(at, 0, {text: m.text.replaceAll('\n', ' '), origin: null});
		else if (current.length === 0) continue;
		else if (m.type === 'delete') current.splice(at, 1);
		else if (m.type === 'duplicate') current.splice(at, 0, {text: current[at]!.text, origin: null});
		else {
			const line = current[at]!.text;
			const column = m.column % (line.length + 1);
			current[at] = {text: line.slice(0, column) + m.text.replaceAll('\n', ' ') + line.slice(column), origin: null};
		}
		current = [...current];
	}
	const untouched = new Map<number, number>();
	current.forEach((entry, index) => {
		if (entry.origin !== null) untouched.set(index + 1, entry.origin + 1);
	});
	return {lines: current.map(entry => entry.text), untouched};
}

describe('parser properties', () => {
	it('never throw on random text, and keep results bounded and well-formed', () => {
		fc.assert(
			fc.property(anyText, text => {
				for (const parse of Object.values(routeParsers)) checkRoutes(parse(text), text);
				for (const parse of Object.values(addrParsers)) checkInterfaces(parse(text), text);
				const any = parseAny(text);
				expect(['routes', 'interfaces', 'unknown']).toContain(any.kind);
			}),
			{numRuns: 400},
		);
	});

	it('never throw on random JSON documents, including route- and interface-shaped ones', () => {
		const loose = fc.anything({maxDepth: 3});
		const routeShaped = fc.record(
			{dst: fc.oneof(fc.constantFrom('default', '10.0.0.0/8', 'fd00::1', '1.2.3.4/99'), loose), gateway: loose, dev: loose, type: fc.oneof(fc.constantFrom('blackhole', 'local', 'x'), loose), metric: loose, flags: loose, nexthops: fc.array(loose, {maxLength: 3}), metrics: loose, table: loose},
			{requiredKeys: []},
		);
		const ifaceShaped = fc.record(
			{ifname: loose, ifindex: loose, link: loose, link_index: loose, link_netnsid: loose, flags: loose, mtu: loose, addr_info: fc.array(fc.record({family: fc.oneof(fc.constantFrom('inet', 'inet6'), loose), local: loose, prefixlen: loose}, {requiredKeys: []}), {maxLength: 3}), linkinfo: loose, altnames: loose},
			{requiredKeys: []},
		);
		fc.assert(
			fc.property(fc.array(fc.oneof(routeShaped, ifaceShaped, loose), {maxLength: 8}), entries => {
				let text: string;
				try {
					text = JSON.stringify(entries);
				} catch {
					return; // BigInt: not JSON
				}
				if (text === undefined) return;
				for (const parse of [parseIpRouteJson, parseProcNetRoute]) checkRoutes(parse(text), text);
				for (const parse of [parseIpAddrJson, parseIpLinkJson]) checkInterfaces(parse(text), text);
				parseAny(text);
			}),
			{numRuns: 300},
		);
	});

	it('survive adversarial shapes: huge lines, deep nesting, many headers', () => {
		const inputs = [
			'['.repeat(200_000),
			`[${'{"dst":'.repeat(50_000)}`,
			`1: ${'a@'.repeat(100_000)}: <UP>`,
			`1: a: <${'<'.repeat(100_000)}`,
			'\t nexthop via'.repeat(50_000),
			'Destination Gateway Genmask Flags Metric Ref Use Iface\n'.repeat(5000),
			`${'1.2.3.4 '.repeat(100_000)}\n`,
			'\n'.repeat(100_000),
			`default ${'via 10.0.0.1 '.repeat(50_000)}`,
		];
		for (const text of inputs) {
			for (const parse of Object.values(routeParsers)) checkRoutes(parse(text), text);
			for (const parse of Object.values(addrParsers)) checkInterfaces(parse(text), text);
			parseAny(text);
		}
	});

	for (const [name, files] of Object.entries(textFixtures)) {
		const parse = {...routeParsers, ...addrParsers}[name as keyof typeof textFixtures]!;
		it(`${name}: mutated real captures never throw and keep the rows no mutation touched`, () => {
			for (const file of files) {
				const original = fixture(file).split('\n');
				const before = parse(original.join('\n'));
				const keyOf = (line: number | null, result: RouteParseResult | AddrParseResult): string[] =>
					'routes' in result
						? result.routes.filter(r => r.line === line && r.nexthops.length === 0).map(r => `${r.destination} ${r.gateway} ${r.interface} ${r.kind}`)
						: [];
				fc.assert(
					fc.property(fc.array(mutation, {minLength: 1, maxLength: 6}), mutations => {
						const {lines, untouched} = mutate(original, mutations);
						const text = lines.join('\n');
						const after = parse(text);
						if ('routes' in after) {
							checkRoutes(after, text);
							// A route line that survived unchanged (and is not part of a multipath block or a
							// header change) still gives the same route.
							const changedHeader = lines.some((l, i) => /^\s*(Destination|Kernel|Iface)/.test(l) && !untouched.has(i + 1));
							if (changedHeader) return;
							for (const [newLine, oldLine] of untouched) {
								const was = keyOf(oldLine, before);
								if (was.length === 0) continue;
								// Indented lines below a route are its nexthops: a deleted multipath head hands them on.
								if (/^\s/.test(lines[newLine] ?? '')) continue;
								expect(keyOf(newLine, after)).toEqual(was);
							}
						} else {
							checkInterfaces(after, text);
							// Every interface whose header line survived is still there.
							for (const [newLine, oldLine] of untouched) {
								const header = /^\d+: ([^:@\s]+)/.exec(original[oldLine - 1]!);
								if (header === null) continue;
								expect(after.interfaces.some(i => i.name === header[1])).toBe(true);
								void newLine;
							}
						}
					}),
					{numRuns: 150},
				);
			}
		});
	}
});
