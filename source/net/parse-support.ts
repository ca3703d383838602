/**
 * Small pieces every parser in source/net/parse-*.ts shares: line splitting, whitespace tokens, warnings
 * (bounded and free of control characters), strict numbers, and a Route with every field at its default.
 * Pure: linear scans only, never throws.
 */
import type {ParseWarning, RouteKind} from './types.js';

/** Longest warning `text` kept; the rest of a (possibly huge, hostile) line is cut. */
export const maxWarningText = 200;

/** Splits on `\n`, dropping a trailing `\r` from each line (captures copied from Windows tools). */
export function splitLines(text: string): string[] {
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i]!;
		if (line.endsWith('\r')) lines[i] = line.slice(0, -1);
	}
	return lines;
}

/**
 * The lines of `text` as splitLines cuts them, each with its 1-based number, one at a time: a parser walks a
 * 256 MB input (or one of millions of empty lines) without an array of every line.
 */
export function* numberedLines(text: string): Generator<readonly [line: number, raw: string]> {
	let start = 0;
	let line = 1;
	while (start <= text.length) {
		let end = text.indexOf('\n', start);
		if (end === -1) end = text.length;
		const raw = text.slice(start, end);
		yield [line++, raw.endsWith('\r') ? raw.slice(0, -1) : raw];
		start = end + 1;
	}
}

/** Tokens separated by any run of whitespace (BusyBox doubles spaces; columns are never trusted). */
export function tokens(line: string): string[] {
	const trimmed = line.trim();
	return trimmed === '' ? [] : trimmed.split(/\s+/);
}

/**
 * Warning text shown to people: control characters (C0, DEL, C1) become `\xNN` so untrusted input cannot
 * drive a terminal, and the text is cut to `maxLength` characters. (The commands and the UI still pass it
 * through source/text/sanitize.ts, which also shows bidi, zero-width and tag characters.)
 */
export function safeText(text: string, maxLength: number = maxWarningText): string {
	// eslint-disable-next-line no-control-regex
	const escaped = text
		.slice(0, maxLength + 1)
		.replace(/[\u0000-\u001f\u007f-\u009f]/g, ch => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
	return escaped.length > maxLength ? `${escaped.slice(0, maxLength)}…` : escaped;
}

/** Longest warning `reason` kept: reasons quote tokens of the input (`Genmask …`), which may be huge. */
export const maxWarningReason = 300;

export function warning(line: number | null, text: string, reason: string): ParseWarning {
	return {line, text: safeText(text), reason: safeText(reason, maxWarningReason)};
}

/** Most warnings one parse keeps: a junk input must not cost a warning object per line. */
export const maxWarnings = 1000;

/** Collects at most {@link maxWarnings} warnings; `list()` ends with one that counts the rest. */
export type WarningList = {
	readonly add: (warning: ParseWarning) => void;
	readonly list: () => ParseWarning[];
};

export function warningList(): WarningList {
	const kept: ParseWarning[] = [];
	let more = 0;
	return {
		add(item) {
			if (kept.length < maxWarnings) kept.push(item);
			else more++;
		},
		list: () => (more === 0 ? kept : [...kept, warning(null, '', `${more} more warnings not listed (only the first ${maxWarnings} are kept)`)]),
	};
}

const uint32Max = 4_294_967_295;

/** Decimal integer 0..2^32-1 (`-1` reads as 2^32-1, as the kernel means it); null otherwise. */
export function parseMetric(text: string): number | null {
	if (text === '-1') return uint32Max;
	return parseUint(text, uint32Max);
}

/** Decimal integer 0..max without sign or leading junk; null otherwise. */
export function parseUint(text: string, max: number = Number.MAX_SAFE_INTEGER): number | null {
	if (!/^\d{1,16}$/.test(text)) return null;
	const value = Number(text);
	return value <= max ? value : null;
}

export {makeRoute, type RouteInit} from './route.js';

/** Address flags iproute2 prints by name in `ip addr`, and as `addr_info` booleans (only when true) in JSON. */
export const addressFlagNames = [
	'secondary',
	'temporary',
	'dynamic',
	'noprefixroute',
	'deprecated',
	'tentative',
	'nodad',
	'optimistic',
	'dadfailed',
	'home',
	'mngtmpaddr',
	'autojoin',
	'stable-privacy',
	'permanent',
] as const;

/** Route types that `ip route` prints as a leading word (and `ip -j route` as `type`). */
export const routeTypeWords: Readonly<Record<string, RouteKind>> = {
	unicast: 'unicast',
	local: 'local',
	broadcast: 'broadcast',
	multicast: 'multicast',
	anycast: 'anycast',
	blackhole: 'blackhole',
	unreachable: 'unreachable',
	prohibit: 'prohibit',
	throw: 'throw',
};

export function isRouteTypeWord(word: string): boolean {
	return Object.hasOwn(routeTypeWords, word);
}
