/**
 * Which pods each route serves (the "pods" column of a route table), and which pod sits behind each device.
 * Pure.
 */
import {calicoVethName} from './calico-veth-name.js';
import type {ClusterPod, Interface, PodRef, Route, Verdict} from './types.js';

/**
 * Groups the verdicts' pods by the route that carries them (route object identity), in verdict order.
 * Verdicts without a route or without a pod are left out.
 */
export function podsByRoute(verdicts: readonly Verdict[]): ReadonlyMap<Route, readonly PodRef[]> {
	const groups = new Map<Route, PodRef[]>();
	for (const verdict of verdicts) {
		if (!verdict.route || !verdict.pod) continue;
		const list = groups.get(verdict.route);
		if (list) list.push(verdict.pod);
		else groups.set(verdict.route, [verdict.pod]);
	}
	return groups;
}

/**
 * The pod behind each host-side device, from `local-pod` verdicts with a known interface pod (the /32 or /128
 * route to the pod IP is authoritative). A device that several pods claim keeps the first.
 */
export function podsByInterface(verdicts: readonly Verdict[]): ReadonlyMap<string, PodRef> {
	const owners = new Map<string, PodRef>();
	for (const verdict of verdicts) {
		if (verdict.outcome !== 'local-pod' || !verdict.interface || !verdict.interfacePod) continue;
		if (!owners.has(verdict.interface)) owners.set(verdict.interface, verdict.interfacePod);
	}
	return owners;
}

/** Devices that no verdict leads into (stale veths, unused tunnels), in interface order. */
export function unusedInterfaces(interfaces: readonly Interface[], verdicts: readonly Verdict[]): readonly Interface[] {
	const used = new Set(verdicts.map(verdict => verdict.interface));
	return interfaces.filter(device => !used.has(device.name));
}

/**
 * The cross-check by name: which pod Calico would have named each `prefix*` device after (sha1 of
 * "namespace.pod"). Use it for devices no /32 route explains (stale veths); the route stays authoritative.
 * Only pod-network pods are hashed, and only when some device carries the prefix.
 */
export function podsByCalicoName(interfaces: readonly Interface[], pods: readonly ClusterPod[], prefix = 'cali'): ReadonlyMap<string, PodRef> {
	const wanted = new Set(interfaces.map(device => device.name).filter(name => name.startsWith(prefix)));
	const owners = new Map<string, PodRef>();
	if (wanted.size === 0) return owners;
	for (const pod of pods) {
		if (pod.hostNetwork) continue;
		const name = calicoVethName(pod.namespace, pod.name, prefix);
		if (wanted.has(name) && !owners.has(name)) owners.set(name, {namespace: pod.namespace, name: pod.name, node: pod.node});
	}
	return owners;
}
