/**
 * What must agree across a cluster's nodes, from their devices and routes: the CNI layout, the tunnel's MTU
 * and the pods' veth MTU (the most common value is taken as intended), and on each node, a veth no larger than
 * its tunnel and a tunnel that fits the uplink once encapsulated. Pure.
 */
import type {CniName} from './cni-detect.js';
import {classifyInterface} from './interface-kind.js';
import {overheadBytes, tunnelKindOf, type TunnelKind} from './encapsulation.js';
import type {PreparedNetwork} from './reachability.js';
import type {SweepProblem} from './sweep.js';
import type {Interface} from './types.js';

type ConsistencyProblem = Omit<SweepProblem, 'pods' | 'podCount'>;

export type NodeMtus = {
	readonly node: string;
	readonly tunnel: {readonly name: string; readonly kind: TunnelKind; readonly mtu: number} | null;
	readonly vethMtu: number | null;
	readonly uplink: {readonly name: string; readonly mtu: number} | null;
};

const podSideRoles = new Set(['calico-workload', 'kindnet-workload', 'cilium-workload', 'aws-workload']);

function roleOf(device: Interface): string | null {
	return device.role ?? classifyInterface(device.name, device.linkKind, device.linkType).role;
}

/** The most common value (ties: the smaller), or null for none. */
function mode(values: readonly number[]): number | null {
	const counts = new Map<number, number>();
	for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
	let best: number | null = null;
	let bestCount = 0;
	for (const [value, count] of counts) {
		if (count > bestCount || (count === bestCount && best !== null && value < best)) {
			best = value;
			bestCount = count;
		}
	}
	return best;
}

/** What a node's MTUs are (null parts when its interfaces were not read). */
export function nodeMtus(network: PreparedNetwork): NodeMtus {
	const routed = new Set<string>();
	for (const route of network.routes) {
		if (route.kind !== 'unicast') continue;
		for (const name of [route.interface, ...route.nexthops.map(hop => hop.interface)]) if (name) routed.add(name);
	}
	let tunnel: NodeMtus['tunnel'] = null;
	const vethMtus: number[] = [];
	for (const device of network.interfaces) {
		const kind = tunnelKindOf({...device, role: roleOf(device) as Interface['role']});
		if (kind && device.mtu !== null && routed.has(device.name) && !tunnel) tunnel = {name: device.name, kind, mtu: device.mtu};
		const role = roleOf(device);
		if (device.mtu !== null && role !== null && podSideRoles.has(role)) vethMtus.push(device.mtu);
	}
	const defaultRoute = network.routes.find(route => route.kind === 'unicast' && route.destination === '0.0.0.0/0' && (route.table === null || route.table === 'main'));
	const uplinkDevice = network.interfacesByName.get(defaultRoute?.interface ?? '') ?? network.interfaces.find(device => roleOf(device) === 'uplink');
	const uplink = uplinkDevice && uplinkDevice.mtu !== null ? {name: uplinkDevice.name, mtu: uplinkDevice.mtu} : null;
	return {node: network.node ?? '', tunnel, vethMtu: mode(vethMtus), uplink};
}

/** The layout most nodes run (ignoring nodes whose layout the tables do not tell), or null. */
export function majorityCni(cni: ReadonlyMap<string, CniName>): CniName | null {
	const counts = new Map<CniName, number>();
	for (const name of cni.values()) if (name !== 'unknown') counts.set(name, (counts.get(name) ?? 0) + 1);
	return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
}

export function checkConsistency(mtus: readonly NodeMtus[], cni: ReadonlyMap<string, CniName>): ConsistencyProblem[] {
	const problems: ConsistencyProblem[] = [];

	const counts = new Map<CniName, number>();
	for (const name of cni.values()) if (name !== 'unknown') counts.set(name, (counts.get(name) ?? 0) + 1);
	const majority = majorityCni(cni);
	if (majority && counts.size > 1) {
		for (const [node, name] of cni) {
			if (name !== majority && name !== 'unknown') {
				problems.push({kind: 'cni-mismatch', node, route: null, block: null, toNode: null, expected: `${majority} (as on ${counts.get(majority)} nodes)`, actual: name});
			}
		}
	}

	const tunnelMode = mode(mtus.flatMap(entry => (entry.tunnel ? [entry.tunnel.mtu] : [])));
	const vethMode = mode(mtus.flatMap(entry => (entry.vethMtu === null ? [] : [entry.vethMtu])));
	for (const entry of mtus) {
		const {node, tunnel, vethMtu, uplink} = entry;
		if (tunnel && tunnelMode !== null && tunnel.mtu !== tunnelMode) {
			problems.push({kind: 'mtu-mismatch', node, route: null, block: null, toNode: null, expected: `${tunnel.name} mtu ${tunnelMode} (as on most nodes)`, actual: `${tunnel.name} mtu ${tunnel.mtu}`});
		}
		if (vethMtu !== null && vethMode !== null && vethMtu !== vethMode) {
			problems.push({kind: 'mtu-mismatch', node, route: null, block: null, toNode: null, expected: `pod veths mtu ${vethMode} (as on most nodes)`, actual: `pod veths mtu ${vethMtu}`});
		} else if (vethMtu !== null && tunnel && vethMtu > tunnel.mtu) {
			problems.push({kind: 'mtu-mismatch', node, route: null, block: null, toNode: null, expected: `pod veths mtu ≤ ${tunnel.name} mtu ${tunnel.mtu}`, actual: `pod veths mtu ${vethMtu}`});
		}
		if (tunnel && uplink && tunnel.mtu + overheadBytes[tunnel.kind] > uplink.mtu) {
			problems.push({
				kind: 'mtu-exceeds-uplink',
				node,
				route: null,
				block: null,
				toNode: null,
				expected: `${tunnel.name} mtu ≤ ${uplink.mtu - overheadBytes[tunnel.kind]} (${uplink.name} mtu ${uplink.mtu} − ${overheadBytes[tunnel.kind]} for ${tunnel.kind})`,
				actual: `${tunnel.name} mtu ${tunnel.mtu}`,
			});
		}
	}
	return problems;
}
