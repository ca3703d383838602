/**
 * A sweep pod's container logs → the node's routes and interfaces. Each container ran a known command
 * (sweep-pod-spec.ts), so no format detection: `ip route show table all` (v4 and v6), `ip addr`, and
 * `route -n` when `ip route` failed. A container that failed gives a warning, not a failure, unless no route
 * table came back at all. Pure.
 */
import {parseIpAddr} from '../net/parse-ip-addr.js';
import {parseIpRoute} from '../net/parse-ip-route.js';
import {parseRouteN} from '../net/parse-route-n.js';
import type {Interface, ParseWarning, Route} from '../net/types.js';
import {sanitizeLine} from '../text/sanitize.js';
import type {NodeOutputs} from './sweep-probe.js';

export type SweepTables =
	| {readonly ok: true; readonly routes: readonly Route[]; readonly interfaces: readonly Interface[]; readonly warnings: readonly ParseWarning[]}
	| {readonly ok: false; readonly message: string};

function failed(outputs: NodeOutputs, name: string): string | null {
	const output = outputs[name];
	if (!output) return `${name}: not read`;
	if (output.exitCode === 0) return null;
	const firstLine = output.text.split('\n').find(line => line.trim() !== '') ?? '';
	return `${name} exited ${output.exitCode ?? '?'}${firstLine ? `: ${sanitizeLine(firstLine, 120)}` : ''}`;
}

export function sweepTables(outputs: NodeOutputs): SweepTables {
	const warnings: ParseWarning[] = [];
	const routes: Route[] = [];
	const note = (reason: string) => warnings.push({line: null, text: '', reason});
	if (failed(outputs, 'routes') === null) {
		const v4 = parseIpRoute(outputs['routes']!.text, 4);
		for (const route of v4.routes) routes.push(route);
		for (const warning of v4.warnings) warnings.push(warning);
	} else if (failed(outputs, 'route-n') === null) {
		note(`ip route failed (${failed(outputs, 'routes')}); read route -n instead (main table only)`);
		const fallback = parseRouteN(outputs['route-n']!.text);
		for (const route of fallback.routes) routes.push(route);
		for (const warning of fallback.warnings) warnings.push(warning);
	} else {
		return {ok: false, message: `no route table: ${failed(outputs, 'routes')}; ${failed(outputs, 'route-n')}`};
	}
	if (failed(outputs, 'routes6') === null) {
		const v6 = parseIpRoute(outputs['routes6']!.text, 6);
		for (const route of v6.routes) routes.push(route);
		for (const warning of v6.warnings) warnings.push(warning);
	}
	let interfaces: readonly Interface[] = [];
	const addrFailure = failed(outputs, 'addr');
	if (addrFailure === null) {
		const parsed = parseIpAddr(outputs['addr']!.text);
		interfaces = parsed.interfaces;
		for (const warning of parsed.warnings) warnings.push(warning);
	} else {
		note(`no interfaces (${addrFailure}): MTUs and link states are not checked on this node`);
	}
	return {ok: true, routes, interfaces, warnings};
}
