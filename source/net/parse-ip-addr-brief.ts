/**
 * iproute2 `ip -br addr` (and `ip -br link`): one line per device, `%-16s %-14s ` then the addresses.
 * ```
 * eth0@uplink-peer UP             172.20.0.5/16 172.20.0.50/16 fd00:1::5/64 fe80::8837:dbff:fea5:b041/64
 * cali52440ec1550@if2 UP             fe80::10e6:54ff:fe18:44dc/64
 * tun0             DOWN           10.99.0.1 peer 10.99.0.2/32
 * lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP>      (ip -br link)
 * ```
 * Columns are never trusted (a long name pushes the rest right): words are read by what they look like.
 * No index, MTU or scope is shown. BusyBox has no `-br`. Pure: linear, never throws.
 */
import {parseIp} from './ip.js';
import {makeInterface} from './make-interface.js';
import {readAddress} from './parse-ip-addr.js';
import {parseUint, splitLines, tokens, warning} from './parse-support.js';
import type {AddrParseResult, Interface, InterfaceAddress, ParseWarning} from './types.js';

/** Operational states iproute2 prints (`oper_states` in ip/ipaddress.c). */
export const briefStates: ReadonlySet<string> = new Set([
	'UNKNOWN',
	'NOTPRESENT',
	'DOWN',
	'LOWERLAYERDOWN',
	'TESTING',
	'DORMANT',
	'UP',
]);

const namePattern = /^([^:@\s/]+)(?:@([^:\s/]+))?$/;
const linkAddressPattern = /^[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2})+$/;

function familyWord(addressText: string): string | null {
	const slash = addressText.indexOf('/');
	const ip = parseIp(slash === -1 ? addressText : addressText.slice(0, slash));
	if (ip === null) return null;
	return ip.family === 4 ? 'inet' : 'inet6';
}

/** One line; a word it cannot read is reported through `warn` and skipped, the device is kept. */
function readLine(words: readonly string[], warn: (reason: string) => void): Interface | string {
	const name = namePattern.exec(words[0]!);
	if (name === null) return `${words[0]!} is not a device name`;
	const state = words[1];
	if (state === undefined || !briefStates.has(state)) return 'not an `ip -br` line (no state after the name)';
	let flags: string[] = [];
	const addresses: InterfaceAddress[] = [];
	for (let i = 2; i < words.length; i++) {
		const word = words[i]!;
		if (word.startsWith('<') && word.endsWith('>')) {
			flags = word === '<>' ? [] : word.slice(1, -1).split(',');
			continue;
		}
		const family = familyWord(word);
		if (family === null) {
			if (!linkAddressPattern.test(word)) warn(`${word} is not an address`); // `ip -br link` prints the MAC
			continue;
		}
		const peer = words[i + 1] === 'peer' ? words[i + 2] : undefined;
		const address = readAddress(peer === undefined ? [family, word] : [family, word, 'peer', peer]);
		if (peer !== undefined) i += 2;
		if (typeof address === 'string') warn(address);
		else addresses.push(address);
	}
	const suffix = name[2] ?? null;
	const peerIndex = suffix === null ? null : /^if(\d{1,10})$/.exec(suffix);
	return makeInterface({
		name: name[1]!,
		peer: suffix,
		peerIndex: peerIndex ? parseUint(peerIndex[1]!, 0xffff_ffff) : null,
		flags,
		state,
		addresses,
		source: 'ip-addr-brief',
	});
}

/** Parses `ip -br addr` / `ip -br link` text. */
export function parseIpAddrBrief(text: string): AddrParseResult {
	const warnings: ParseWarning[] = [];
	const interfaces: Interface[] = [];
	const lines = splitLines(text);
	for (let i = 0; i < lines.length; i++) {
		const raw = lines[i]!;
		const words = tokens(raw);
		if (words.length === 0) continue;
		const parsed = readLine(words, reason => warnings.push(warning(i + 1, raw, reason)));
		if (typeof parsed === 'string') warnings.push(warning(i + 1, raw, parsed));
		else interfaces.push(parsed);
	}
	return {format: 'ip-addr-brief', interfaces, warnings};
}
