/**
 * Raw `/proc/net/route` (the kernel's `fib_route_seq_show`): tab-separated, addresses as 8 hex digits in
 * little-endian byte order (`0100A8C0` = 192.168.0.1), flags in hex. Main table only, first nexthop only.
 * Kinds as `route -n` reads them: RTF_REJECT → `unreachable` (or prohibit), Iface `*` → `blackhole` (or throw),
 * both with kindUncertain.
 */
import {formatIPv4, maskToLength, makePrefix} from './ip.js';
import {makeRoute, tokens, warning, numberedLines, warningList} from './parse-support.js';
import type {Route, RouteParseResult} from './types.js';

const rtfGateway = 0x2;
const rtfHost = 0x4;
const rtfReject = 0x200;

/** 8 hex digits, little-endian → IPv4 number. */
function hexLittleEndian(text: string): number | null {
	if (!/^[0-9A-Fa-f]{8}$/.test(text)) return null;
	const value = Number.parseInt(text, 16);
	const bytes = [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24];
	return bytes.reduce((sum, byte) => sum * 256 + byte, 0);
}

function flagsText(flags: number): string {
	// As net-tools prints them: `!` replaces `U`.
	return `${flags & rtfReject ? '!' : 'U'}${flags & rtfGateway ? 'G' : ''}${flags & rtfHost ? 'H' : ''}`;
}

/** Parses `/proc/net/route`. */
export function parseProcNetRoute(text: string): RouteParseResult {
	const routes: Route[] = [];
	const warnings = warningList();
	for (const [line, raw] of numberedLines(text)) {
		const words = tokens(raw);
		if (words.length === 0 || words[0] === 'Iface') continue;
		if (words.length < 8) {
			warnings.add(warning(line, raw, `expected 11 fields, found ${words.length}`));
			continue;
		}
		const [ifaceText, destinationHex, gatewayHex, flagsHex, , , metricText, maskHex] = words as [
			string,
			string,
			string,
			string,
			string,
			string,
			string,
			string,
		];
		const destination = hexLittleEndian(destinationHex);
		const gateway = hexLittleEndian(gatewayHex);
		const mask = hexLittleEndian(maskHex);
		const flags = /^[0-9A-Fa-f]{1,8}$/.test(flagsHex) ? Number.parseInt(flagsHex, 16) : null;
		const metric = /^\d{1,10}$/.test(metricText) ? Number(metricText) : null;
		if (destination === null || gateway === null || mask === null || flags === null || metric === null || metric > 0xffff_ffff) {
			warnings.add(warning(line, raw, 'fields are not /proc/net/route hex values'));
			continue;
		}
		const length = maskToLength(formatIPv4(mask));
		if (length === null) {
			warnings.add(warning(line, raw, `non-contiguous mask ${formatIPv4(mask)}`));
			continue;
		}
		const reject = (flags & rtfReject) !== 0;
		const iface = ifaceText === '*' ? null : ifaceText;
		const kind = reject ? 'unreachable' : iface === null ? 'blackhole' : 'unicast';
		routes.push(
			makeRoute({
				family: 4,
				destination: makePrefix({family: 4, value: destination}, length)!.cidr,
				gateway: gateway === 0 ? null : formatIPv4(gateway),
				interface: reject ? null : iface,
				kind,
				kindUncertain: kind !== 'unicast',
				metric,
				flags: flagsText(flags),
				source: 'proc-net-route',
				line,
			}),
		);
	}
	return {format: 'proc-net-route', routes, warnings: warnings.list()};
}
