/**
 * Legacy JSON discovery: what kubectl 1.32 fetches before any call (`/version`, `/api`, `/apis`,
 * `/api/v1`, and every group/version `/apis` lists). `/version` reports minor 32 so the Google Cloud SDK
 * dispatcher runs its bundled kubectl 1.32 (WebSocket exec by default).
 */

const resource = (
	name: string,
	kind: string,
	namespaced: boolean,
	verbs: readonly string[],
	extra: {singularName?: string; shortNames?: readonly string[]; categories?: readonly string[]} = {},
) => ({name, singularName: extra.singularName ?? '', namespaced, kind, verbs, ...(extra.shortNames ? {shortNames: extra.shortNames} : {}), ...(extra.categories ? {categories: extra.categories} : {})});

const readVerbs = ['get', 'list', 'watch'] as const;

const groups = [
	{group: 'coordination.k8s.io', resources: [resource('leases', 'Lease', true, readVerbs, {singularName: 'lease'})]},
	{
		group: 'authorization.k8s.io',
		resources: [resource('selfsubjectaccessreviews', 'SelfSubjectAccessReview', false, ['create'], {singularName: 'selfsubjectaccessreview'})],
	},
] as const;

function groupBody(group: string) {
	const version = {groupVersion: `${group}/v1`, version: 'v1'};
	return {name: group, versions: [version], preferredVersion: version};
}

export const serverVersion = {
	major: '1',
	minor: '32',
	gitVersion: 'v1.32.2',
	gitCommit: '67a30c0adcf52bd3f56ff0893ce19966be12991f',
	gitTreeState: 'clean',
	buildDate: '2025-02-12T21:19:47Z',
	goVersion: 'go1.23.6',
	compiler: 'gc',
	platform: 'linux/amd64',
} as const;

/** The JSON body for a discovery path, or null when the path is not one. */
export function discoveryBody(path: string): unknown {
	switch (path) {
		case '/version':
			return serverVersion;
		case '/api':
			return {
				kind: 'APIVersions',
				versions: ['v1'],
				serverAddressByClientCIDRs: [{clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1'}],
			};
		case '/apis':
			return {kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(item => groupBody(item.group))};
		case '/api/v1':
			return {
				kind: 'APIResourceList',
				apiVersion: 'v1',
				groupVersion: 'v1',
				resources: [
					resource('namespaces', 'Namespace', false, readVerbs, {singularName: 'namespace', shortNames: ['ns']}),
					resource('nodes', 'Node', false, readVerbs, {singularName: 'node', shortNames: ['no']}),
					resource('pods', 'Pod', true, ['create', 'delete', 'get', 'list', 'watch'], {
						singularName: 'pod',
						shortNames: ['po'],
						categories: ['all'],
					}),
					resource('pods/attach', 'PodAttachOptions', true, ['create', 'get']),
					resource('pods/exec', 'PodExecOptions', true, ['create', 'get']),
					resource('pods/log', 'Pod', true, ['get']),
					resource('events', 'Event', true, readVerbs, {singularName: 'event', shortNames: ['ev']}),
				],
			};
		default:
			break;
	}
	for (const item of groups) {
		if (path === `/apis/${item.group}`) return {kind: 'APIGroup', apiVersion: 'v1', ...groupBody(item.group)};
		if (path === `/apis/${item.group}/v1`) {
			return {kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${item.group}/v1`, resources: item.resources};
		}
	}
	return null;
}

/** kind and apiVersion of a resource's objects and lists. */
export const resourceKinds = {
	pods: {kind: 'Pod', apiVersion: 'v1'},
	nodes: {kind: 'Node', apiVersion: 'v1'},
	namespaces: {kind: 'Namespace', apiVersion: 'v1'},
	events: {kind: 'Event', apiVersion: 'v1'},
	leases: {kind: 'Lease', apiVersion: 'coordination.k8s.io/v1'},
} as const;
