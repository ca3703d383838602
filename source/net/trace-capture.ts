/**
 * One node's captured files as a trace reads them: every format `analyze` reads (detect-format.ts) plus
 * `ip rule` / `ip -j rule` and rp_filter/forwarding sysctls, each detected by content. Pure.
 */
import {mergeLinkKinds, parseAny} from './detect-format.js';
import {looksLikeIpRule, looksLikeIpRuleJson, parseIpRule, parseIpRuleJson, type Rule} from './parse-ip-rule.js';
import {looksLikeSysctl, parseSysctl, type SysctlEntry} from './parse-sysctl.js';
import type {TraceNode} from './trace-types.js';
import type {Interface, ParseWarning, Route} from './types.js';

export type CaptureFile = {readonly label: string; readonly text: string};

export type SourcedWarning = ParseWarning & {readonly source: string};

export type CapturedNode = {
	readonly node: TraceNode;
	readonly warnings: readonly SourcedWarning[];
	/** What the files held, for one line of caveats (`no ip rule: default rules assumed`). */
	readonly read: {readonly routes: number; readonly interfaces: number; readonly rules: number; readonly sysctls: number};
};

/** A file name that says `ip -6 rule` (the text of `from all` rules does not tell the family). */
function ipv6Hint(label: string): boolean {
	return /(^|[^0-9])6[-_.]?rule|rule[-_.]?6|inet6/i.test(label);
}

/** Reads every file of one node; files in no known format become warnings, never errors. */
export function readCapturedNode(name: string, files: readonly CaptureFile[]): CapturedNode {
	const routes: Route[] = [];
	const addressed: Interface[] = [];
	const links: Interface[] = [];
	const rules: Rule[] = [];
	const sysctls: SysctlEntry[] = [];
	const warnings: SourcedWarning[] = [];
	let rulesRead = false;
	let sysctlsRead = false;
	const note = (label: string, list: readonly ParseWarning[]) => warnings.push(...list.map(entry => ({...entry, source: label})));
	for (const file of files) {
		if (looksLikeIpRuleJson(file.text) || looksLikeIpRule(file.text)) {
			const parsed = looksLikeIpRuleJson(file.text) ? parseIpRuleJson(file.text, ipv6Hint(file.label) ? 6 : 4) : parseIpRule(file.text, ipv6Hint(file.label) ? 6 : 4);
			rules.push(...parsed.rules);
			rulesRead = true;
			note(file.label, parsed.warnings);
			continue;
		}
		if (looksLikeSysctl(file.text)) {
			const parsed = parseSysctl(file.text);
			sysctls.push(...parsed.entries);
			sysctlsRead = true;
			note(file.label, parsed.warnings);
			continue;
		}
		const parsed = parseAny(file.text);
		if (parsed.kind === 'unknown') {
			note(file.label, parsed.warnings);
			continue;
		}
		if (parsed.kind === 'routes') routes.push(...parsed.result.routes);
		else (parsed.result.format === 'ip-link-json' ? links : addressed).push(...parsed.result.interfaces);
		note(file.label, parsed.result.warnings);
	}
	const interfaces = addressed.length > 0 ? mergeLinkKinds(addressed, links) : links;
	return {
		node: {name, routes: dedupeRoutes(routes), interfaces: [...interfaces], rules: rulesRead ? rules : null, sysctls: sysctlsRead ? sysctls : null},
		warnings,
		read: {routes: routes.length, interfaces: interfaces.length, rules: rules.length, sysctls: sysctls.length},
	};
}

/** `ip route` and `ip -6 route` captures of `table all` may both list a family: keep each route once. */
function dedupeRoutes(routes: readonly Route[]): Route[] {
	const seen = new Set<string>();
	const kept: Route[] = [];
	for (const route of routes) {
		const key = [route.family, route.kind, route.destination, route.table ?? 'main', route.gateway, route.interface, route.metric].join(' ');
		if (seen.has(key)) continue;
		seen.add(key);
		kept.push(route);
	}
	return kept;
}
