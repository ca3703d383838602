/**
 * Per-interface sysctls a path depends on: `rp_filter` (reverse-path filter: 0 off, 1 strict, 2 loose) and
 * `forwarding`, for IPv4 and IPv6. Pure; never throws. Two formats, both printable by a BusyBox image:
 * - `grep -r . /proc/sys/net/ipv4/conf` (what the probe runs): `/proc/sys/net/ipv4/conf/eth0/rp_filter:1`
 * - `sysctl -a` / `sysctl net.ipv4.conf`: `net.ipv4.conf.eth0.rp_filter = 1` (a `.` in a device name is
 *   printed as `/`: `net.ipv4.conf.vxlan/calico.rp_filter`).
 * Other keys are skipped silently (the probe's grep prints every file under conf/).
 */
import type {Family} from './ip.js';
import {parseUint, splitLines, warning} from './parse-support.js';
import type {ParseWarning} from './types.js';

export type SysctlKey = 'rp_filter' | 'forwarding';

export type SysctlEntry = {
	readonly family: Family;
	/** Device name, or `all` / `default`. */
	readonly device: string;
	readonly key: SysctlKey;
	readonly value: number;
};

export type SysctlParseResult = {
	readonly format: 'sysctl';
	readonly entries: readonly SysctlEntry[];
	readonly warnings: readonly ParseWarning[];
};

const procPattern = /^\/proc\/sys\/net\/ipv([46])\/conf\/([^/\s]+)\/([a-z_]+):\s*(\S*)\s*$/;
const sysctlPattern = /^net\.ipv([46])\.conf\.(.+)\.([a-z_]+)\s*=\s*(\S*)\s*$/;
const keys: ReadonlySet<string> = new Set(['rp_filter', 'forwarding']);
const maxEntries = 200_000;

/** True when the first non-blank line is a /proc/sys/net grep line or a `net.ipv*.conf.` sysctl line. */
export function looksLikeSysctl(text: string): boolean {
	const first = text.trimStart().slice(0, 400).split('\n', 1)[0] ?? '';
	return /^\/proc\/sys\/net\/ipv[46]\//.test(first) || /^net\.ipv[46]\.\S+\s*=/.test(first);
}

export function parseSysctl(text: string): SysctlParseResult {
	const entries: SysctlEntry[] = [];
	const warnings: ParseWarning[] = [];
	for (const [index, raw] of splitLines(text).entries()) {
		const line = raw.trim();
		if (line === '') continue;
		const proc = procPattern.exec(line);
		const match = proc ?? sysctlPattern.exec(line);
		if (!match) {
			if (!line.startsWith('/proc/sys/') && !line.startsWith('net.')) warnings.push(warning(index + 1, raw, 'not a sysctl line'));
			continue;
		}
		const key = match[3]!;
		if (!keys.has(key)) continue;
		const value = parseUint(match[4]!, 0xffff_ffff);
		if (value === null) {
			warnings.push(warning(index + 1, raw, `${key} is not a number`));
			continue;
		}
		if (entries.length >= maxEntries) break;
		const device = proc ? match[2]! : match[2]!.replaceAll('/', '.');
		entries.push({family: match[1] === '6' ? 6 : 4, device, key: key as SysctlKey, value});
	}
	return {format: 'sysctl', entries, warnings};
}

/**
 * The rp_filter the kernel applies on a device: the larger of `all` and the device's own (kernel
 * IN_DEV_RPFILTER). Null when neither was read.
 */
export function rpFilterOf(entries: readonly SysctlEntry[], device: string): number | null {
	let all: number | null = null;
	let own: number | null = null;
	for (const entry of entries) {
		if (entry.family !== 4 || entry.key !== 'rp_filter') continue;
		if (entry.device === 'all') all = entry.value;
		else if (entry.device === device) own = entry.value;
	}
	if (all === null && own === null) return null;
	return Math.max(all ?? 0, own ?? 0);
}

/** Whether a device forwards (IPv4 or IPv6 `forwarding`), null when not read. */
export function forwardingOf(entries: readonly SysctlEntry[], device: string, family: Family): boolean | null {
	const entry = entries.find(candidate => candidate.family === family && candidate.key === 'forwarding' && candidate.device === device);
	return entry ? entry.value !== 0 : null;
}
