/**
 * Building blocks of a simulated node kernel: routes, addresses and devices with the defaults the real
 * kernel gives them. Used by node-kernel.ts and the per-CNI layouts (cni-layouts.ts). Pure.
 */
import {makeRoute} from '../../net/route.js';
import type {Family} from '../../net/ip.js';
import {formatIPv6, lengthToMask, parseIPv4, parsePrefix} from '../../net/ip.js';
import {classifyInterface} from '../../net/interface-kind.js';
import type {Interface, InterfaceAddress, Route, RouteKind} from '../../net/types.js';
import type {KernelLink} from './node-kernel.js';

type RouteFields = Partial<Route> & Pick<Route, 'family' | 'destination'>;

/** A route with the kernel's defaults and the `route -n` flags it shows. */
export function route(fields: RouteFields): Route {
	const made = makeRoute({source: 'ip-route-json', ...fields});
	return {...made, flags: routeNFlags(made.family, made.kind, made.gateway, made.destination)};
}

/** `route -n` flags the kernel reports for a route (fib_flag_trans / ipv6 rt flags). */
export function routeNFlags(family: Family, kind: RouteKind, gateway: string | null, destination: string): string {
	if (kind === 'unreachable' || kind === 'prohibit') return destination.endsWith(family === 4 ? '/32' : '/128') ? '!H' : '!';
	let flags = 'U';
	if (gateway !== null) flags += 'G';
	if (family === 4 && destination.endsWith('/32')) flags += 'H';
	return flags;
}

export function address(family: Family, cidr: string, scope: string, flags: readonly string[] = []): InterfaceAddress {
	const slash = cidr.indexOf('/');
	return {
		family,
		address: cidr.slice(0, slash),
		prefixLength: Number(cidr.slice(slash + 1)),
		cidr,
		peer: null,
		scope,
		flags,
	};
}

/** The EUI-64 link-local address the kernel gives a device with this MAC. */
export function linkLocalFromMac(mac: string): string {
	const bytes = mac.split(':').map(part => Number.parseInt(part, 16));
	const [b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0] = bytes;
	const words = [(b0 ^ 2) * 256 + b1, b2 * 256 + 0xff, 0xfe * 256 + b3, b4 * 256 + b5];
	let value = 0xfe80n << 112n;
	for (const [i, word] of words.entries()) value |= BigInt(word) << BigInt((3 - i) * 16);
	return formatIPv6(value);
}

export function broadcastOf(cidr: string): string {
	const prefix = parsePrefix(cidr);
	const network = prefix ? parseIPv4(prefix.address) : null;
	if (!prefix || network === null) return '';
	const mask = parseIPv4(lengthToMask(prefix.length)) ?? 0;
	const value = (network | (~mask >>> 0)) >>> 0;
	return [24, 16, 8, 0].map(shift => (value >>> shift) & 255).join('.');
}

export type InterfaceFields = Omit<Interface, 'kind' | 'role' | 'altnames' | 'source' | 'master'> & {readonly master?: string | null};

export function makeInterface(fields: InterfaceFields): Interface {
	const {kind, role} = classifyInterface(fields.name, fields.linkKind, fields.linkType);
	return {...fields, master: fields.master ?? null, kind, role, altnames: [], source: 'ip-addr-json'};
}

/** A device and its link-layer details, as a layout declares it. */
export type Device = {readonly device: Interface; readonly link: KernelLink};

export function linkOf(name: string, fields: Partial<Omit<KernelLink, 'name'>> & Pick<KernelLink, 'address'>): KernelLink {
	return {
		name,
		broadcast: 'ff:ff:ff:ff:ff:ff',
		linkNetnsid: null,
		qdisc: 'noqueue',
		txqlen: 1000,
		inetBroadcast: {},
		...fields,
	};
}

export const upFlags = ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'] as const;

export const localTable = {table: 'local', protocol: 'kernel'} as const;

/** `local A dev D table local proto kernel scope host src A`: what an IPv4 address adds to the local table. */
export function localV4(ip: string, device: string): Route {
	return route({family: 4, destination: `${ip}/32`, kind: 'local', interface: device, scope: 'host', preferredSource: ip, ...localTable});
}

export function broadcastV4(ip: string, source: string, device: string): Route {
	return route({family: 4, destination: `${ip}/32`, kind: 'broadcast', interface: device, scope: 'link', preferredSource: source, ...localTable});
}

/** The canonical CIDR of a prefix text (host bits cleared), or the text itself when it is none. */
export function canonical(cidr: string): string {
	return parsePrefix(cidr)?.cidr ?? cidr;
}
