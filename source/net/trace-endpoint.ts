/**
 * The two ends of a trace as people write them (`NS/POD`, `POD` in a namespace, an IP, `node/NAME`) and as
 * the trace reads them (an IP, the pod if any, the node it sits on). Pure: errors are returned as text.
 */
import type {ClusterIndex} from './cluster-index.js';
import {canonicalIp, parseIp} from './ip.js';
import type {Endpoint} from './trace-types.js';
import type {ClusterPod} from './types.js';

export type EndpointSpec =
	| {readonly kind: 'pod'; readonly namespace: string; readonly name: string}
	| {readonly kind: 'node'; readonly name: string}
	| {readonly kind: 'ip'; readonly ip: string};

/** Kubernetes names: DNS labels / subdomains (what a pod or namespace may be called). */
const namePattern = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Reads one endpoint argument; a string is the reason it is not one. */
export function parseEndpointSpec(text: string, namespace: string): EndpointSpec | string {
	const trimmed = text.trim();
	const ip = canonicalIp(trimmed);
	if (ip !== null) return {kind: 'ip', ip};
	const parts = trimmed.split('/');
	if (parts.length === 2 && (parts[0] === 'node' || parts[0] === 'nodes')) {
		return namePattern.test(parts[1]!) ? {kind: 'node', name: parts[1]!} : `"${parts[1]}" is not a node name`;
	}
	if (parts.length === 2) {
		if (!namePattern.test(parts[0]!) || !namePattern.test(parts[1]!)) return `"${trimmed}" is not NAMESPACE/POD`;
		return {kind: 'pod', namespace: parts[0]!, name: parts[1]!};
	}
	if (parts.length === 1 && namePattern.test(trimmed)) return {kind: 'pod', namespace, name: trimmed};
	return `"${trimmed}" is not a pod (NS/POD or POD), an IP or node/NAME`;
}

/** IPv4 before IPv6: the first address of the preferred family, else the first. */
function pick(ips: readonly string[], family: 4 | 6 | null): string | null {
	const parsed = ips.map(text => ({text: text.trim(), ip: parseIp(text.trim())})).filter(entry => entry.ip !== null);
	const wanted = family ?? 4;
	return (parsed.find(entry => entry.ip!.family === wanted) ?? parsed[0])?.text ?? null;
}

function podEndpoint(pod: ClusterPod, ip: string): Endpoint {
	return {ip, pod: {namespace: pod.namespace, name: pod.name, node: pod.node}, node: pod.node};
}

/** The endpoint a spec names in the cluster, in `family` when it has a choice; a string says why not. */
export function resolveEndpoint(spec: EndpointSpec, cluster: ClusterIndex, family: 4 | 6 | null = null): Endpoint | string {
	switch (spec.kind) {
		case 'pod': {
			const pod = cluster.pods.find(candidate => candidate.namespace === spec.namespace && candidate.name === spec.name);
			if (!pod) return `pod ${spec.namespace}/${spec.name} not found`;
			if (pod.node === null) return `pod ${spec.namespace}/${spec.name} is not scheduled on a node`;
			const ip = pick(pod.ips, family);
			if (ip === null) return `pod ${spec.namespace}/${spec.name} has no IP yet`;
			return podEndpoint(pod, ip);
		}
		case 'node': {
			const node = cluster.node(spec.name);
			if (!node) return `node ${spec.name} not found`;
			const ip = pick(node.internalIps, family);
			if (ip === null) return `node ${spec.name} has no InternalIP`;
			return {ip, pod: null, node: node.name};
		}
		case 'ip': {
			const ip = parseIp(spec.ip)!;
			const pod = cluster.podAt(ip);
			if (pod && pod.node !== null) return podEndpoint(pod, spec.ip);
			const owner = cluster.nodeAddress(ip);
			return {ip: spec.ip, pod: null, node: owner?.node ?? null};
		}
	}
}

/** The family of an endpoint's IP. */
export function endpointFamily(endpoint: Endpoint): 4 | 6 {
	return parseIp(endpoint.ip)?.family ?? 4;
}
