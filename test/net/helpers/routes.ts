/**
 * Builders for network-core values in tests: a Route, an Interface, a ClusterNode, a ClusterPod with only
 * the fields a test cares about; everything else gets the value a parser would give for a plain route.
 */
import {classifyInterface} from '../../../source/net/interface-kind.js';
import {parsePrefix} from '../../../source/net/ip.js';
import {makeRoute} from '../../../source/net/route.js';
import type {ClusterNode, ClusterPod, Interface, InterfaceAddress, Route} from '../../../source/net/types.js';

export type RouteOptions = Partial<Omit<Route, 'destination' | 'family'>>;

/** `route('192.168.21.128/26', {gateway: '172.20.0.4', interface: 'tunl0'})`; `default` is accepted. */
export function route(destination: string, options: RouteOptions = {}): Route {
	const family = destination.includes(':') || options.gateway?.includes(':') ? 6 : 4;
	const prefix = parsePrefix(destination, family);
	if (!prefix) throw new Error(`bad destination ${destination}`);
	return makeRoute({family: prefix.family, destination: prefix.cidr, source: 'ip-route', ...options});
}

export type InterfaceOptions = Partial<Omit<Interface, 'name' | 'addresses'>> & {readonly addresses?: readonly string[]};

/** `iface('tunl0', {addresses: ['192.168.175.0/32']})`. Kind and role come from the name unless given. */
export function iface(name: string, options: InterfaceOptions = {}): Interface {
	const {addresses = [], ...rest} = options;
	const classified = classifyInterface(name, options.linkKind ?? null, options.linkType ?? null);
	return {
		name,
		index: null,
		peer: null,
		peerIndex: null,
		peerNetns: null,
		flags: ['UP', 'LOWER_UP'],
		state: 'UP',
		mtu: 1500,
		master: null,
		linkType: null,
		linkKind: null,
		kind: classified.kind,
		role: classified.role,
		altnames: [],
		source: 'ip-addr',
		...rest,
		addresses: addresses.map(address),
	};
}

function address(cidr: string): InterfaceAddress {
	const [ip = '', length = ''] = cidr.split('/');
	const family = ip.includes(':') ? 6 : 4;
	return {
		family,
		address: ip,
		prefixLength: length === '' ? (family === 4 ? 32 : 128) : Number(length),
		cidr: length === '' ? `${ip}/${family === 4 ? 32 : 128}` : cidr,
		peer: null,
		scope: 'global',
		flags: [],
	};
}

export function clusterNode(name: string, options: Partial<Omit<ClusterNode, 'name'>> = {}): ClusterNode {
	return {name, internalIps: [], externalIps: [], podCidrs: [], annotations: {}, ...options};
}

export function clusterPod(namespace: string, name: string, node: string | null, ips: readonly string[], hostNetwork = false): ClusterPod {
	return {namespace, name, node, ips, hostNetwork, phase: 'Running'};
}
