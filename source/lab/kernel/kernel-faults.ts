/**
 * Faults that change one node's kernel after its layout is built: removed routes, MTUs, rp_filter, extra
 * policy rules and the routes of the tables they point to. (Misrouted and stale blocks and another layout
 * change how the layout is built: cni-layouts.ts.) Pure.
 */
import {parsePrefix} from '../../net/ip.js';
import type {Route} from '../../net/types.js';
import type {NodeKernelFaults} from '../topology-types.js';
import {route} from './kernel-parts.js';
import type {NodeKernel} from './node-kernel.js';

/** `default`, `A/L` and bare host addresses all name a destination; host bits are cleared like `ip` does. */
function removalKeys(text: string): readonly string[] {
	if (text === 'default') return ['0.0.0.0/0', '::/0'];
	const prefix = parsePrefix(text);
	return prefix ? [prefix.cidr] : [text];
}

/** Whether a device name matches a fault's name: exactly, or by prefix when the pattern ends in `*`. */
export function deviceMatches(pattern: string, name: string): boolean {
	return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

function tableRoute(entry: NonNullable<NodeKernelFaults['tableRoutes']>[number]): Route {
	const destination = entry.destination === 'default' ? '0.0.0.0/0' : (parsePrefix(entry.destination, 4)?.cidr ?? entry.destination);
	return route({
		family: 4,
		destination,
		kind: entry.kind,
		gateway: entry.gateway,
		interface: entry.device,
		table: entry.table === 'main' ? null : entry.table,
		scope: entry.gateway === null && entry.device !== null && entry.kind === 'unicast' ? 'link' : null,
	});
}

export function applyFaults(kernel: NodeKernel, faults: NodeKernelFaults): NodeKernel {
	const none = [faults.removedRoutes, faults.tableRoutes, faults.rules].every(list => (list ?? []).length === 0);
	if (none && Object.keys(faults.mtus ?? {}).length === 0 && Object.keys(faults.rpFilter ?? {}).length === 0) return kernel;
	const removed = new Set((faults.removedRoutes ?? []).flatMap(text => removalKeys(text)));
	const mtus = Object.entries(faults.mtus ?? {});
	const mtuOf = (name: string, mtu: number | null): number | null => {
		// The last matching entry wins: an exact name set after `cali*` overrides it for that device.
		let result = mtu;
		for (const [pattern, value] of mtus) if (deviceMatches(pattern, name)) result = value;
		return result;
	};
	const conf: Record<string, Readonly<Record<string, number>>> = {...kernel.ipv4Conf};
	for (const [name, value] of Object.entries(faults.rpFilter ?? {})) conf[name] = {...conf[name], rp_filter: value};
	return {
		...kernel,
		routes: [...kernel.routes, ...(faults.tableRoutes ?? []).map(tableRoute)].filter(candidate => !removed.has(candidate.destination)),
		interfaces: kernel.interfaces.map(device => (mtus.length === 0 ? device : {...device, mtu: mtuOf(device.name, device.mtu)})),
		rules: [...kernel.rules, ...(faults.rules ?? [])],
		ipv4Conf: conf,
	};
}
