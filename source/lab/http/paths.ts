/**
 * Which API object a request path names: `/api/v1/[namespaces/{ns}/]{resource}[/{name}[/{subresource}]]`,
 * `/apis/coordination.k8s.io/v1/...` for leases, the SelfSubjectAccessReview endpoint, discovery paths,
 * and the lab's own control surface `/lab/v1/faults`.
 */
import type {ResourceKind} from '../cluster-types.js';

export type ResourcePath = {
	readonly kind: 'resource';
	readonly group: '' | 'coordination.k8s.io';
	readonly resource: ResourceKind;
	readonly namespace: string | null;
	readonly name: string | null;
	readonly subresource: string | null;
};

export type ApiPath =
	| {readonly kind: 'discovery'; readonly path: string}
	| ResourcePath
	| {readonly kind: 'access-review'}
	| {readonly kind: 'faults'}
	| {readonly kind: 'unknown'};

const namespacedResources: ReadonlySet<string> = new Set(['pods', 'events']);
const clusterResources: ReadonlySet<string> = new Set(['nodes', 'namespaces']);
export const discoveryPaths: ReadonlySet<string> = new Set([
	'/version',
	'/api',
	'/apis',
	'/api/v1',
	'/apis/coordination.k8s.io',
	'/apis/coordination.k8s.io/v1',
	'/apis/authorization.k8s.io',
	'/apis/authorization.k8s.io/v1',
]);

function resource(
	group: ResourcePath['group'],
	name: ResourceKind,
	namespace: string | null,
	rest: readonly string[],
): ApiPath {
	if (rest.length > 2 || rest.some(part => part === '')) return {kind: 'unknown'};
	return {kind: 'resource', group, resource: name, namespace, name: rest[0] ?? null, subresource: rest[1] ?? null};
}

export function parseApiPath(pathname: string): ApiPath {
	const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
	if (discoveryPaths.has(path)) return {kind: 'discovery', path};
	if (path === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews') return {kind: 'access-review'};
	if (path === '/lab/v1/faults') return {kind: 'faults'};
	let parts: string[];
	try {
		parts = path.split('/').slice(1).map(part => decodeURIComponent(part));
	} catch {
		return {kind: 'unknown'};
	}
	if (parts[0] === 'api' && parts[1] === 'v1') {
		const rest = parts.slice(2);
		const [first, second, third, ...tail] = rest;
		if (first === 'namespaces' && second !== undefined && third !== undefined) {
			if (!namespacedResources.has(third)) return {kind: 'unknown'};
			return resource('', third as ResourceKind, second, tail);
		}
		if (first !== undefined && clusterResources.has(first)) return resource('', first as ResourceKind, null, rest.slice(1));
		if (first !== undefined && namespacedResources.has(first) && rest.length === 1) {
			return resource('', first as ResourceKind, null, []);
		}
		return {kind: 'unknown'};
	}
	if (parts[0] === 'apis' && parts[1] === 'coordination.k8s.io' && parts[2] === 'v1') {
		const [first, second, third, ...tail] = parts.slice(3);
		if (first === 'namespaces' && second !== undefined && third === 'leases') return resource('coordination.k8s.io', 'leases', second, tail);
		if (first === 'leases' && second === undefined) return resource('coordination.k8s.io', 'leases', null, []);
	}
	return {kind: 'unknown'};
}
