/**
 * What the store shows when RBAC forbids a cluster-wide list, and the permission that would show the rest.
 * Pure wording, next to probe-failure's roleHint (which covers what the debug pod needs).
 */
import {sanitizeText} from '../text/sanitize.js';
import type {AccessLimit} from './types.js';

const clusterRoleHint = (name: string, resource: string) =>
	`kubectl create clusterrole ${name} --verb=list,watch --resource=${resource} && ` +
	`kubectl create clusterrolebinding ${name} --clusterrole=${name} --user=<you>`;

/** Nodes may not be listed: rows come from the pods' nodeName and hostIP. */
export const nodesDerivedLimit: AccessLimit = {
	scope: 'nodes',
	shown: 'derived from pods',
	needs: 'list,watch on nodes',
	hint:
		'listing nodes is forbidden, so readiness, roles, pod CIDRs and tunnels are unknown and nodes without visible pods are missing; ' +
		`list,watch on nodes shows them: ${clusterRoleHint('netinspect-nodes', 'nodes')}`,
};

/** Pods may not be listed in all namespaces: only `namespace` is watched. */
export function namespacedPodsLimit(namespace: string): AccessLimit {
	const ns = sanitizeText(namespace);
	return {
		scope: 'pods',
		shown: `only namespace "${ns}"`,
		needs: 'list,watch on pods in all namespaces',
		hint:
			`listing pods in all namespaces is forbidden, so pods outside "${ns}" are hidden (and their IPs judged as unknown); ` +
			`list,watch on pods cluster-wide shows them: ${clusterRoleHint('netinspect-pods', 'pods')}`,
	};
}
