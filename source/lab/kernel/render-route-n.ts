/**
 * `route -n`, `route` (no -n), `route -n -A inet6` and `/proc/net/route` as net-tools 2.10, BusyBox 1.35
 * and the kernel print them (layouts: route-and-addr-formats.md §2; checked byte for byte against the real
 * tools in test/lab/kernel/namespace-parity.test.ts). Pure.
 */
import {formatIPv4, lengthToMask, parseIPv4, parsePrefix} from '../../net/ip.js';
import type {Route} from '../../net/types.js';
import type {NodeKernel} from './node-kernel.js';
import {dumpOrder} from './route-order.js';
import {left, lines, right} from './text-columns.js';
import type {ToolFlavor} from './tool-flavor.js';

export type RouteNOptions = {
	/** false: `route` without `-n` (no DNS in the lab: only `default` and /etc/networks names appear). */
	readonly numeric?: boolean;
};

const ipv4Header = ['Kernel IP routing table', 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface'];

/** /etc/networks of Debian and Ubuntu (netbase). */
const networkNames: Readonly<Record<string, string>> = {'127.0.0.0': 'loopback', '169.254.0.0': 'link-local'};

function isReject(route: Route): boolean {
	return route.kind === 'unreachable' || route.kind === 'prohibit';
}

/** Only the main table reaches /proc/net/route; a multipath route shows its first nexthop. */
function procRows(kernel: NodeKernel): readonly Route[] {
	return dumpOrder(kernel.routes, 4, 'main');
}

function firstHop(route: Route): {readonly gateway: string | null; readonly device: string | null} {
	const hop = route.nexthops[0];
	return hop ? {gateway: hop.gateway, device: hop.interface} : {gateway: route.gateway, device: route.interface};
}

function flagsOf(route: Route, gateway: string | null): string {
	const host = route.destination.endsWith('/32');
	if (isReject(route)) return host ? '!H' : '!';
	return `U${gateway === null ? '' : 'G'}${host ? 'H' : ''}`;
}

function destinationName(prefix: {readonly address: string; readonly length: number}, numeric: boolean): string {
	if (numeric) return prefix.address;
	if (prefix.address === '0.0.0.0') return 'default';
	return networkNames[prefix.address] ?? prefix.address;
}

export function renderRouteN(kernel: NodeKernel, flavor: ToolFlavor, options: RouteNOptions = {}): string {
	const numeric = options.numeric ?? true;
	const rows = procRows(kernel).map(route => {
		const prefix = parsePrefix(route.destination) ?? {address: '0.0.0.0', length: 0};
		const {gateway, device} = firstHop(route);
		const flags = flagsOf(route, gateway);
		const destination = left(destinationName(prefix, numeric).slice(0, 15), 15);
		const mask = left(lengthToMask(prefix.length), 15);
		if (flavor === 'gnu' && isReject(route)) {
			return `${destination} ${left('-', 15)} ${mask} ${left(flags, 5)} ${left(route.metric, 6)} ${left('-', 2)} ${right(0, 7)} -`;
		}
		const zeroGateway = !numeric && flavor === 'busybox' ? '*' : '0.0.0.0';
		const gatewayText = left((gateway ?? zeroGateway).slice(0, 15), 15);
		return `${destination} ${gatewayText} ${mask} ${left(flags, 5)} ${left(route.metric, 6)} ${left(0, 2)} ${right(0, 7)} ${device ?? '*'}`;
	});
	return lines([...ipv4Header, ...rows]);
}

/** Little-endian hex of an IPv4 address, as /proc/net/route prints it on x86 and arm64. */
function procHex(address: string): string {
	const value = parseIPv4(address) ?? 0;
	const swapped = (((value & 255) << 24) | (((value >>> 8) & 255) << 16) | (((value >>> 16) & 255) << 8) | (value >>> 24)) >>> 0;
	return swapped.toString(16).toUpperCase().padStart(8, '0');
}

export function renderProcNetRoute(kernel: NodeKernel): string {
	const header = 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT';
	const rows = procRows(kernel).map(route => {
		const prefix = parsePrefix(route.destination) ?? {address: '0.0.0.0', length: 0};
		const {gateway, device} = firstHop(route);
		let flags = isReject(route) ? 0x0201 : 0x0001;
		if (gateway !== null) flags |= 0x0002;
		if (prefix.length === 32) flags |= 0x0004;
		const mask = formatIPv4(parseIPv4(lengthToMask(prefix.length)) ?? 0);
		return [
			device ?? '*',
			procHex(prefix.address),
			procHex(gateway ?? '0.0.0.0'),
			flags.toString(16).toUpperCase().padStart(4, '0'),
			'0',
			'0',
			String(route.metric),
			procHex(mask),
			'0',
			'0',
			'0',
		].join('\t');
	});
	return lines([header, ...rows].map(row => row.padEnd(127, ' ')));
}

/** Flags of /proc/net/ipv6_route as net-tools prints them: U, `!` replacing it, G, and n (no nexthop). */
function ipv6Flags(route: Route): string {
	if (isReject(route) || route.kind === 'blackhole' || route.kind === 'throw') return '!n';
	if (route.kind === 'local' || route.kind === 'anycast') return 'Un';
	return route.gateway === null ? 'U' : 'UG';
}

/** fib6_ref of a quiet node: 1 in the tree, one more per holder (local routes 2, multicast 3). */
function ipv6Ref(route: Route): number {
	if (route.kind === 'local' || route.kind === 'anycast') return 2;
	if (route.kind === 'multicast') return 3;
	return 1;
}

type Ipv6Row = {readonly destination: string; readonly nextHop: string; readonly flags: string; readonly metric: number; readonly ref: number; readonly device: string};

/** /proc/net/ipv6_route: every table (main, then local), each closed by its root's null entry unless a default route holds the root. */
function ipv6Rows(kernel: NodeKernel): readonly Ipv6Row[] {
	const rows: Ipv6Row[] = [];
	for (const table of ['main', 'local'] as const) {
		const routes = dumpOrder(kernel.routes, 6, table);
		for (const route of routes) {
			rows.push({
				destination: route.destination,
				nextHop: route.gateway ?? '::',
				flags: ipv6Flags(route),
				metric: route.metric,
				ref: ipv6Ref(route),
				device: route.interface ?? 'lo',
			});
		}
		if (!routes.some(route => route.destination === '::/0')) {
			rows.push({destination: '::/0', nextHop: '::', flags: '!n', metric: -1, ref: 1, device: 'lo'});
		}
	}
	return rows;
}

export function renderRouteNInet6(kernel: NodeKernel, flavor: ToolFlavor): string {
	const rows = ipv6Rows(kernel);
	if (flavor === 'busybox') {
		return lines([
			'Kernel IPv6 routing table',
			`${left('Destination', 43)} ${left('Next Hop', 39)} Flags Metric Ref    Use Iface`,
			...rows.map(
				row =>
					`${left(row.destination, 43)} ${left(row.nextHop, 39)} ${left(row.flags, 5)} ${left(row.metric, 6)} ${left(row.ref, 2)} ${right(0, 7)} ${left(row.device, 8)}`,
			),
		]);
	}
	return lines([
		'Kernel IPv6 routing table',
		'Destination                    Next Hop                   Flag Met Ref  Use If',
		...rows.map(
			row =>
				`${left(row.destination, 30)} ${left(row.nextHop, 26)} ${left(row.flags, 4)} ${left(row.metric, 3)} ${left(row.ref, 1)} ${right(0, 6)} ${row.device}`,
		),
	]);
}
