/**
 * Problems that describe the input rather than one IP (`route -n` shows only the main table; host names
 * instead of addresses): views say them once instead of on every line, and `--json` lists them as the input's
 * caveats, never on a verdict. Pure.
 */
import type {Problem, Route, SourceFormat} from './types.js';

export const inputProblems: ReadonlySet<string> = new Set(['main-table-only', 'degraded-input']);

/** Formats that show the main table only (no other tables, no local table, no rules). */
export const mainTableOnlySources: ReadonlySet<SourceFormat> = new Set(['route-n', 'route-n-busybox', 'proc-net-route']);

/** Formats that lose facts the kernel knows (kinds, nexthops, names cut or resolved). */
export const degradedSources: ReadonlySet<SourceFormat> = new Set([
	'route-n',
	'route-n-busybox',
	'route-n-inet6',
	'proc-net-route',
	'ip-route-busybox',
]);

/** The input-wide problems of a capture read from `formats` (whatever routes it held) and giving `routes`. */
export function inputCaveats(formats: readonly SourceFormat[], routes: readonly Route[]): readonly Problem[] {
	let mainTableOnly = formats.some(format => mainTableOnlySources.has(format));
	let degraded = formats.some(format => degradedSources.has(format));
	for (const route of routes) {
		if (mainTableOnly && degraded) break;
		mainTableOnly ||= mainTableOnlySources.has(route.source);
		degraded ||= degradedSources.has(route.source) || route.gatewayIsName;
	}
	return [...(mainTableOnly ? ['main-table-only'] : []), ...(degraded ? ['degraded-input'] : [])];
}
