/**
 * Issue 8 items 11 and 13, every parser: arbitrary and capture-like text never throws, results and warnings stay
 * bounded (at most maxWarnings + 1 warnings, short texts), generated tables of any size parse row for row, and an
 * `ip addr` header the parser rejects never hands its addresses to another interface.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parseAny} from '../../source/net/detect-format.js';
import {formatIPv4, lengthToMask} from '../../source/net/ip.js';
import {parseIfconfig} from '../../source/net/parse-ifconfig.js';
import {parseIpAddrBrief} from '../../source/net/parse-ip-addr-brief.js';
import {parseIpAddrOneline} from '../../source/net/parse-ip-addr-oneline.js';
import {parseIpAddr} from '../../source/net/parse-ip-addr.js';
import {parseIpAddrJson, parseIpLinkJson} from '../../source/net/parse-ip-json.js';
import {parseIpRouteJson} from '../../source/net/parse-ip-route-json.js';
import {parseIpRoute} from '../../source/net/parse-ip-route.js';
import {parseProcNetRoute} from '../../source/net/parse-proc-net-route.js';
import {parseRouteN} from '../../source/net/parse-route-n.js';
import {maxWarningReason, maxWarnings, maxWarningText} from '../../source/net/parse-support.js';
import type {ParseWarning} from '../../source/net/types.js';
import {fuzzRuns, fuzzTimeout} from './fuzz-runs.js';

const parsers = {
	parseRouteN,
	parseIpRoute,
	parseIpRouteJson,
	parseProcNetRoute,
	parseIpAddr,
	parseIpAddrOneline,
	parseIpAddrBrief,
	parseIfconfig,
	parseIpAddrJson,
	parseIpLinkJson,
	parseAny,
} as const;

/** Words of every format, so random text reaches deep into each parser. */
const vocabulary = [
	'default', 'via', 'dev', 'eth0', 'tunl0', 'proto', 'bird', 'metric', '-1', 'scope', 'link', 'src', 'table', 'local',
	'blackhole', 'unreachable', 'nexthop', 'weight', 'onlink', 'mtu', 'inet', 'inet6', '10.0.0.1', '10.0.0.0/8', '::',
	'fe80::1/64', '0.0.0.0', '255.255.255.0', '255.0.255.0', 'UG', 'U', '!', '!n', '*', 'Kernel', 'IP', 'routing', 'table',
	'Destination', 'Gateway', 'Genmask', 'Flags', 'Iface', 'Next', 'Hop', '1:', '2:', 'lo:', 'eth0@if3:', '<UP,LOWER_UP>',
	'state', 'UP', 'group', 'link/ether', 'brd', 'peer', 'flags', '02', '0100A8C0', '00000000', '0003', '[', ']', '{', '}',
	'"dst":', '"ifname":', '"addr_info":', '"10.0.0.0/8"', ',', '\n', '\n    ', '\t', '\u0000', '\u001B[2J', '\u202E', '9'.repeat(30),
	'inet addr:10.0.0.1', 'Bcast:10.0.0.255', 'Mask:255.255.255.0', 'Link', 'encap:Ethernet', 'HWaddr', 'flags=4163<UP,RUNNING>',
	'netmask', 'broadcast', 'RX', 'packets', '\\', 'UNKNOWN', 'DOWN', 'qlen',
];
const wordy = fc.array(fc.constantFrom(...vocabulary), {maxLength: 80}).map(words => words.join(' '));
const anyText = fc.oneof(wordy, fc.string({maxLength: 300}), fc.string({unit: 'binary', maxLength: 300}));

function checkWarnings(warnings: readonly ParseWarning[]): void {
	expect(warnings.length).toBeLessThanOrEqual(maxWarnings + 1);
	for (const item of warnings) {
		expect(item.text.length).toBeLessThanOrEqual(maxWarningText + 1);
		expect(item.reason.length).toBeLessThanOrEqual(maxWarningReason + 1);
		expect(/[\u0000-\u001F\u007F-\u009F]/.test(item.text + item.reason)).toBe(false);
	}
}

describe('fuzz: every parser on arbitrary text (issue 8 item 11)', () => {
	for (const [name, parse] of Object.entries(parsers)) {
		it(`${name} never throws and keeps its warnings bounded`, () => {
			fc.assert(
				fc.property(anyText, text => {
					const result = parse(text);
					if ('kind' in result) {
						checkWarnings(result.kind === 'unknown' ? result.warnings : result.result.warnings);
					} else {
						checkWarnings(result.warnings);
						const items = 'routes' in result ? result.routes : result.interfaces;
						expect(items.length).toBeLessThanOrEqual(text.length);
					}
				}),
				{numRuns: fuzzRuns},
			);
		}, fuzzTimeout);
	}
});

/** One `route -n` row: [destination, length, gateway or null, metric, iface]. */
const routeRow = fc.tuple(fc.nat({max: 0xffff_ffff}), fc.integer({min: 0, max: 32}), fc.option(fc.nat({max: 0xffff_ffff}), {nil: null}), fc.nat({max: 5000}), fc.stringMatching(/^[a-z][a-z0-9.]{0,14}$/));

describe('fuzz: generated tables parse row for row (issue 8 item 11)', () => {
	it('parseRouteN reads every row of a generated route -n table, whatever its size', () => {
		fc.assert(
			fc.property(fc.array(routeRow, {maxLength: 40}), fc.oneof({arbitrary: fc.constant(0), weight: 19}, {arbitrary: fc.constant(maxWarnings + 3), weight: 1}), (rows, padding) => {
				const text = [
					'Kernel IP routing table',
					'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
					...rows.map(([address, length, gateway, metric, iface]) => {
						const mask = length === 0 ? 0 : (0xffff_ffff << (32 - length)) >>> 0;
						const network = formatIPv4((address & mask) >>> 0);
						return `${network.padEnd(16)}${(gateway === null ? '0.0.0.0' : formatIPv4(gateway)).padEnd(16)}${lengthToMask(length).padEnd(16)}U${gateway === null ? '' : 'G'}    ${metric}      0        0 ${iface}`;
					}),
					...Array.from({length: padding}, () => 'not a route row'),
				].join('\n');
				const result = parseRouteN(text);
				expect(result.routes).toHaveLength(rows.length);
				result.routes.forEach((route, index) => {
					const [, length, gateway, metric, iface] = rows[index]!;
					expect(route.destination.endsWith(`/${length}`)).toBe(true);
					expect(route.gateway).toBe(gateway === null || gateway === 0 ? null : formatIPv4(gateway));
					expect([route.metric, route.interface]).toEqual([metric, iface]);
				});
				expect(result.warnings).toHaveLength(padding === 0 ? 0 : maxWarnings + 1);
			}),
			{numRuns: fuzzRuns},
		);
	}, fuzzTimeout);
});

/** Headers the parser must reject: no index, an index past 2^32, no `<flags>`, words instead. */
const badHeader = fc.oneof(
	fc.stringMatching(/^[a-z]{1,8}: <UP> mtu 1500$/),
	fc.constant('99999999999: eth9: <UP> mtu 1500 state UP'),
	fc.constant('7 eth9 <UP> mtu 1500'),
	fc.constant('7: eth9 mtu 1500'),
	fc.stringMatching(/^[A-Za-z][^\n\r]{0,30}$/).filter(text => !/^\d+: /.test(text)),
);
const block = fc.record({
	name: fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/),
	index: fc.integer({min: 1, max: 100_000}),
	addresses: fc.array(fc.tuple(fc.nat({max: 0xffff_ffff}), fc.integer({min: 1, max: 32})), {maxLength: 4}),
	rejected: fc.option(badHeader, {nil: null, freq: 3}),
	state: fc.boolean(),
});

describe('fuzz: ip addr headers it cannot read (issue 8 item 13)', () => {
	it('every interface gets exactly the addresses under its own header; a rejected one gives none away', () => {
		fc.assert(
			fc.property(fc.array(block, {maxLength: 8}), blocks => {
				const lines: string[] = [];
				for (const {name, index, addresses, rejected, state} of blocks) {
					lines.push(rejected ?? `${index}: ${name}: <BROADCAST,UP,LOWER_UP> mtu 1500 qdisc noqueue${state ? ' state UP group default' : ''}`);
					lines.push('    link/ether aa:bb:cc:dd:ee:ff brd ff:ff:ff:ff:ff:ff');
					for (const [address, length] of addresses) lines.push(`    inet ${formatIPv4(address)}/${length} scope global ${name}`);
				}
				const result = parseIpAddr(lines.join('\n'));
				const accepted = blocks.filter(item => item.rejected === null);
				expect(result.interfaces.map(device => device.name)).toEqual(accepted.map(item => item.name));
				result.interfaces.forEach((device, at) => {
					expect(device.addresses.map(address => address.cidr)).toEqual(accepted[at]!.addresses.map(([address, length]) => `${formatIPv4(address)}/${length}`));
				});
				checkWarnings(result.warnings);
			}),
			{numRuns: fuzzRuns},
		);
	}, fuzzTimeout);
});
