/**
 * `ip rule` (text, iproute2 and BusyBox) and `ip -j rule`: the policy-routing rules the kernel walks in
 * priority order before it looks into a table. Pure; never throws. Selectors netinspect cannot decide for a
 * packet (ipproto, ports, uid ranges, tos, l3mdev, oif) are kept in `undecidable` so a lookup can say so.
 *
 * Text: `1536:\tfrom 10.0.1.60 lookup 2`, `200:\tnot from 10.9.0.0/24 goto 300`,
 * `210:\tfrom all to 10.3.0.0/24 blackhole`. JSON (iproute2 6.1): `{"priority":100,"src":"10.1.0.0",
 * "srclen":16,"dst":"10.2.0.5","fwmark":"0x80","fwmask":"0x80","iif":"eth0","table":"100"}`, `"goto":300`,
 * `"action":"blackhole"`, `"not":null`, `"nop":null`.
 */
import {parseIp, parsePrefix, type Family} from './ip.js';
import {FieldReader, isObject, jsonSnippet} from './json-fields.js';
import {parseUint, splitLines, tokens, warning} from './parse-support.js';
import type {ParseWarning} from './types.js';

export type RuleAction = 'lookup' | 'goto' | 'blackhole' | 'unreachable' | 'prohibit' | 'nop';

export type Rule = {
	readonly family: Family;
	readonly priority: number;
	/** `not`: the selectors are inverted. */
	readonly not: boolean;
	/** Canonical CIDR, or null for `all`. */
	readonly from: string | null;
	readonly to: string | null;
	readonly iif: string | null;
	readonly oif: string | null;
	readonly fwmark: number | null;
	readonly fwmask: number | null;
	readonly action: RuleAction;
	/** For `lookup`: table name or number as printed (`main`, `local`, `2`). */
	readonly table: string | null;
	/** For `goto`: the priority to continue at. */
	readonly target: number | null;
	readonly suppressPrefixLength: number | null;
	/** Selectors a route lookup cannot decide (`ipproto tcp`, `dport 80`, `uidrange 1-2`, `tos 0x10`). */
	readonly undecidable: readonly string[];
	/** The rule as `ip rule` prints it (rebuilt for JSON input). */
	readonly text: string;
	readonly line: number | null;
};

export type RuleParseResult = {
	readonly format: 'ip-rule' | 'ip-rule-json';
	readonly rules: readonly Rule[];
	readonly warnings: readonly ParseWarning[];
};

const rulePattern = /^(\d{1,10}):\s/;
const actionWords: ReadonlySet<string> = new Set(['blackhole', 'unreachable', 'prohibit', 'nop']);
/** Selectors that take one argument and that a route lookup cannot decide. */
const undecidableWords: ReadonlySet<string> = new Set(['tos', 'dsfield', 'ipproto', 'sport', 'dport', 'uidrange', 'realms', 'tun_id', 'flowlabel', 'protocol']);
const maxRules = 100_000;

/** True when the text's first non-blank line is an `ip rule` line (`0:\tfrom all lookup local`). */
export function looksLikeIpRule(text: string): boolean {
	const first = text.trimStart().slice(0, 400).split('\n', 1)[0] ?? '';
	return rulePattern.test(first) && / (from|to|not) /.test(` ${first.replace(/^\d+:\s*/, '')} `);
}

/** True when the text is `ip -j rule` output (a JSON array whose first entry starts with `priority`). */
export function looksLikeIpRuleJson(text: string): boolean {
	return /^\[\s*\{\s*"priority"\s*:/.test(text.trimStart().slice(0, 200));
}

function selectorPrefix(text: string, family: Family | null): string | null | undefined {
	if (text === 'all') return null;
	const prefix = parsePrefix(text);
	if (!prefix || (family !== null && prefix.family !== family)) return undefined;
	return prefix.cidr;
}

function parseMark(text: string): {readonly mark: number; readonly mask: number | null} | null {
	const [markText, maskText] = text.split('/');
	const mark = markText === undefined ? Number.NaN : Number(markText);
	const mask = maskText === undefined ? null : Number(maskText);
	if (!Number.isInteger(mark) || mark < 0 || mark > 0xffff_ffff) return null;
	if (mask !== null && (!Number.isInteger(mask) || mask < 0 || mask > 0xffff_ffff)) return null;
	return {mark, mask};
}

function familyOf(...cidrs: Array<string | null>): Family | null {
	for (const cidr of cidrs) {
		if (cidr === null) continue;
		const ip = parseIp(cidr.split('/')[0]!);
		if (ip) return ip.family;
	}
	return null;
}

type Draft = {
	-readonly [K in keyof Rule]: Rule[K] extends readonly string[] ? string[] : Rule[K];
};

function emptyDraft(priority: number, line: number | null, text: string, family: Family): Draft {
	return {
		family,
		priority,
		not: false,
		from: null,
		to: null,
		iif: null,
		oif: null,
		fwmark: null,
		fwmask: null,
		action: 'lookup',
		table: null,
		target: null,
		suppressPrefixLength: null,
		undecidable: [],
		text,
		line,
	};
}

function parseTextLine(raw: string, lineNumber: number, defaultFamily: Family): Rule | string {
	const match = rulePattern.exec(raw);
	if (!match) return 'not an `ip rule` line (PRIORITY: selectors action)';
	const priority = parseUint(match[1]!, 0xffff_ffff);
	if (priority === null) return 'priority out of range';
	const words = tokens(raw.slice(match[0].length));
	const draft = emptyDraft(priority, lineNumber, raw.trim(), defaultFamily);
	let sawAction = false;
	for (let i = 0; i < words.length; i++) {
		const word = words[i]!;
		const next = words[i + 1];
		if (word === 'not') {
			draft.not = true;
			continue;
		}
		if (word === '[detached]' || word === 'l3mdev') {
			if (word === 'l3mdev') draft.undecidable.push('l3mdev');
			continue;
		}
		if (actionWords.has(word)) {
			draft.action = word as RuleAction;
			sawAction = true;
			continue;
		}
		if (next === undefined) return `"${word}" without its value`;
		i++;
		switch (word) {
			case 'from':
			case 'to': {
				const cidr = selectorPrefix(next, null);
				if (cidr === undefined) return `${word} ${next} is not an address or prefix`;
				if (word === 'from') draft.from = cidr;
				else draft.to = cidr;
				break;
			}
			case 'iif': {
				draft.iif = next;
				break;
			}
			case 'oif': {
				draft.oif = next;
				draft.undecidable.push(`oif ${next}`);
				break;
			}
			case 'fwmark': {
				const mark = parseMark(next);
				if (!mark) return `fwmark ${next} is not a mark`;
				draft.fwmark = mark.mark;
				draft.fwmask = mark.mask;
				break;
			}
			case 'lookup':
			case 'table': {
				draft.action = 'lookup';
				draft.table = next;
				sawAction = true;
				break;
			}
			case 'goto': {
				const target = parseUint(next, 0xffff_ffff);
				if (target === null) return `goto ${next} is not a priority`;
				draft.action = 'goto';
				draft.target = target;
				sawAction = true;
				break;
			}
			case 'suppress_prefixlength': {
				draft.suppressPrefixLength = parseUint(next, 128);
				break;
			}
			case 'suppress_ifgroup':
			case 'pref':
			case 'priority':
			case 'map-to':
			case 'nat': {
				break;
			}
			default: {
				if (undecidableWords.has(word)) draft.undecidable.push(`${word} ${next}`);
				else return `unknown selector "${word}"`;
			}
		}
	}
	if (!sawAction) return 'no action (lookup, goto, blackhole, unreachable, prohibit, nop)';
	draft.family = familyOf(draft.from, draft.to) ?? defaultFamily;
	return draft;
}

/** Parses `ip rule` text (`ip -6 rule` when `family` is 6: `from all` lines say no family). */
export function parseIpRule(text: string, family: Family = 4): RuleParseResult {
	const rules: Rule[] = [];
	const warnings: ParseWarning[] = [];
	const lines = splitLines(text);
	for (const [index, raw] of lines.entries()) {
		if (raw.trim() === '') continue;
		if (rules.length >= maxRules) {
			warnings.push(warning(index + 1, raw, `more than ${maxRules} rules: the rest is ignored`));
			break;
		}
		const parsed = parseTextLine(raw, index + 1, family);
		if (typeof parsed === 'string') warnings.push(warning(index + 1, raw, parsed));
		else rules.push(parsed);
	}
	return {format: 'ip-rule', rules, warnings};
}

function jsonPrefix(reader: FieldReader, key: string, lengthKey: string): string | null | undefined {
	const text = reader.string(key);
	if (text === null || text === 'all') return null;
	const length = reader.integer(lengthKey, 128);
	return selectorPrefix(length === null ? text : `${text}/${length}`, null);
}

function textOf(rule: Draft): string {
	const parts = [`${rule.priority}:\t${rule.not ? 'not ' : ''}from ${rule.from ?? 'all'}`];
	if (rule.to !== null) parts.push(`to ${rule.to}`);
	if (rule.fwmark !== null) parts.push(`fwmark 0x${rule.fwmark.toString(16)}${rule.fwmask === null ? '' : `/0x${rule.fwmask.toString(16)}`}`);
	if (rule.iif !== null) parts.push(`iif ${rule.iif}`);
	parts.push(...rule.undecidable);
	if (rule.action === 'lookup') parts.push(`lookup ${rule.table ?? '?'}`);
	else if (rule.action === 'goto') parts.push(`goto ${rule.target ?? '?'}`);
	else parts.push(rule.action);
	if (rule.suppressPrefixLength !== null) parts.push(`suppress_prefixlength ${rule.suppressPrefixLength}`);
	return parts.join(' ');
}

/** Parses `ip -j rule` (`family` for entries whose selectors are all `all`). */
export function parseIpRuleJson(text: string, family: Family = 4): RuleParseResult {
	let document: unknown;
	try {
		document = JSON.parse(text);
	} catch {
		return {format: 'ip-rule-json', rules: [], warnings: [warning(null, text.slice(0, 80), 'not JSON (expected `ip -j rule`)')]};
	}
	if (!Array.isArray(document)) {
		return {format: 'ip-rule-json', rules: [], warnings: [warning(null, jsonSnippet(document), 'not a JSON array (expected `ip -j rule`)')]};
	}
	const rules: Rule[] = [];
	const warnings: ParseWarning[] = [];
	for (const [index, entry] of document.entries()) {
		if (rules.length >= maxRules) {
			warnings.push(warning(null, '', `more than ${maxRules} rules: the rest is ignored`));
			break;
		}
		if (!isObject(entry)) {
			warnings.push(warning(null, jsonSnippet(entry), `entry ${index} is not an object`));
			continue;
		}
		const reader = new FieldReader(entry);
		const priority = reader.integer('priority', 0xffff_ffff);
		const from = jsonPrefix(reader, 'src', 'srclen');
		const to = jsonPrefix(reader, 'dst', 'dstlen');
		if (priority === null || from === undefined || to === undefined) {
			warnings.push(warning(null, jsonSnippet(entry), priority === null ? 'no priority' : 'src or dst is not an address'));
			continue;
		}
		const draft = emptyDraft(priority, null, '', familyOf(from, to) ?? family);
		draft.not = reader.has('not');
		draft.from = from;
		draft.to = to;
		draft.iif = reader.string('iif');
		draft.oif = reader.string('oif');
		if (draft.oif !== null) draft.undecidable.push(`oif ${draft.oif}`);
		const mark = reader.string('fwmark', true);
		if (mark !== null) {
			const mask = reader.string('fwmask', true);
			const parsed = parseMark(mask === null ? mark : `${mark}/${mask}`);
			if (parsed) {
				draft.fwmark = parsed.mark;
				draft.fwmask = parsed.mask;
			}
		}
		for (const key of ['tos', 'dsfield', 'ipproto', 'sport', 'dport', 'realms', 'tun_id', 'flowlabel']) {
			const value = reader.string(key, true);
			if (value !== null) draft.undecidable.push(`${key} ${value}`);
		}
		if (reader.has('uid_start')) draft.undecidable.push(`uidrange ${reader.integer('uid_start') ?? '?'}-${reader.integer('uid_end') ?? '?'}`);
		if (reader.has('l3mdev')) draft.undecidable.push('l3mdev');
		draft.suppressPrefixLength = reader.integer('suppress_prefixlen', 128);
		const target = reader.integer('goto', 0xffff_ffff);
		const action = reader.string('action');
		if (target !== null) {
			draft.action = 'goto';
			draft.target = target;
		} else if (action !== null && actionWords.has(action)) {
			draft.action = action as RuleAction;
		} else if (reader.has('nop')) {
			draft.action = 'nop';
		} else {
			draft.table = reader.string('table', true);
			if (draft.table === null) {
				warnings.push(warning(null, jsonSnippet(entry), 'no table and no action'));
				continue;
			}
		}
		draft.text = textOf(draft);
		rules.push(draft);
	}
	return {format: 'ip-rule-json', rules, warnings};
}

/** The rules a kernel has when nobody added any: what a lookup assumes when no `ip rule` was read. */
export function defaultRules(family: Family): readonly Rule[] {
	const rule = (priority: number, table: string): Rule => {
		const draft = emptyDraft(priority, null, '', family);
		draft.table = table;
		draft.text = textOf(draft);
		return draft;
	};
	return family === 4 ? [rule(0, 'local'), rule(32_766, 'main'), rule(32_767, 'default')] : [rule(0, 'local'), rule(32_766, 'main')];
}
