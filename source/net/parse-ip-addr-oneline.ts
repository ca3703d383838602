/**
 * `ip -o addr` (iproute2 and BusyBox print it alike): one line per address, `\` where `ip addr` would break
 * the line. iproute2 ≥ 4.x prints no link lines with `-o addr`; `ip -o link` (and older `ip -o addr`) print
 * one `N: name: <FLAGS> mtu … \    link/…` line per device, read here with the `ip addr` parser.
 * ```
 * 3: eth0    inet 172.20.0.5/16 scope global eth0\       valid_lft forever preferred_lft forever
 * 11: tun0    inet 10.99.0.1 peer 10.99.0.2/32 scope global tun0\       valid_lft forever preferred_lft forever
 * ```
 * Only the index, the name and the addresses are shown: flags, state and MTU stay unknown (null / empty)
 * unless a link line gives them. Pure: linear, never throws.
 */
import {makeInterface} from './make-interface.js';
import {parseIpAddr, readAddress} from './parse-ip-addr.js';
import {parseUint, splitLines, tokens, warning} from './parse-support.js';
import type {AddrParseResult, Interface, InterfaceAddress, ParseWarning} from './types.js';

/** `N: name    inet …` (the device name as the kernel has it: no `@peer`, no `:`). */
const addressLinePattern = /^(\d{1,10}): ([^:\s]+)\s+(inet6?\s.*)$/;
/** `N: name[@peer]: <FLAGS> …` — a link record. */
const linkLinePattern = /^\d{1,10}: [^:@\s]+(?:@[^:\s]+)?: </;

type Entry = {interface: Interface; addresses: InterfaceAddress[]};

/** Parses `ip -o addr` / `ip -o link` text (iproute2 or BusyBox). */
export function parseIpAddrOneline(text: string): AddrParseResult {
	const warnings: ParseWarning[] = [];
	const entries = new Map<string, Entry>();
	const entryOf = (name: string, index: number): Entry => {
		const key = `${index}:${name}`;
		let entry = entries.get(key);
		if (entry === undefined) {
			entry = {interface: makeInterface({name, index, source: 'ip-addr-oneline'}), addresses: []};
			entries.set(key, entry);
		}
		return entry;
	};
	const lines = splitLines(text);
	for (let i = 0; i < lines.length; i++) {
		const raw = lines[i]!;
		const line = i + 1;
		if (raw.trim() === '') continue;
		const parts = raw.split('\\');
		const head = parts[0]!;
		if (linkLinePattern.test(head)) {
			const parsed = parseIpAddr(parts.join('\n'));
			for (const item of parsed.warnings) warnings.push(warning(line, raw, item.reason));
			for (const device of parsed.interfaces) {
				const entry = entryOf(device.name, device.index ?? 0);
				entry.interface = {...device, source: 'ip-addr-oneline'};
				entry.addresses.push(...device.addresses);
			}
			continue;
		}
		const match = addressLinePattern.exec(head);
		if (match === null) {
			warnings.push(warning(line, raw, 'not an `ip -o addr` line'));
			continue;
		}
		const index = parseUint(match[1]!, 0xffff_ffff);
		if (index === null) {
			warnings.push(warning(line, raw, `ifindex ${match[1]!} out of range`));
			continue;
		}
		const address = readAddress(tokens(match[3]!));
		if (typeof address === 'string') {
			warnings.push(warning(line, raw, address));
			continue;
		}
		entryOf(match[2]!, index).addresses.push(address);
	}
	const interfaces = [...entries.values()].map(entry => ({...entry.interface, addresses: entry.addresses}));
	return {format: 'ip-addr-oneline', interfaces, warnings};
}
