/**
 * The node row of `kubectl get nodes`, as printers.go printNode computes it: STATUS from the Ready
 * condition (plus SchedulingDisabled), ROLES from node-role.kubernetes.io/<role> and kubernetes.io/role
 * labels, AGE, VERSION, and the wide INTERNAL-IP, EXTERNAL-IP, OS-IMAGE, KERNEL-VERSION, CONTAINER-RUNTIME.
 */
import {ageSince} from './human-duration.js';

type NodeLike = {
	readonly metadata: {readonly name: string; readonly creationTimestamp?: string; readonly labels?: Readonly<Record<string, string>>};
	readonly spec?: {readonly unschedulable?: boolean};
	readonly status?: {
		readonly conditions?: readonly {readonly type?: string; readonly status?: string}[];
		readonly addresses?: readonly {readonly type?: string; readonly address?: string}[];
		readonly nodeInfo?: {
			readonly kubeletVersion?: string;
			readonly osImage?: string;
			readonly kernelVersion?: string;
			readonly containerRuntimeVersion?: string;
		};
	};
};

export const nodeColumns = [
	{name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0},
	{name: 'Status', type: 'string', format: '', description: 'The status of the node', priority: 0},
	{name: 'Roles', type: 'string', format: '', description: 'The roles of the node', priority: 0},
	{name: 'Age', type: 'string', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0},
	{name: 'Version', type: 'string', format: '', description: 'Kubelet Version reported by the node.', priority: 0},
	{name: 'Internal-IP', type: 'string', format: '', description: "List of addresses reachable to the node. Queried from cloud provider, if available.", priority: 1},
	{name: 'External-IP', type: 'string', format: '', description: "List of addresses reachable to the node. Queried from cloud provider, if available.", priority: 1},
	{name: 'OS-Image', type: 'string', format: '', description: 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', priority: 1},
	{name: 'Kernel-Version', type: 'string', format: '', description: "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", priority: 1},
	{name: 'Container-Runtime', type: 'string', format: '', description: 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', priority: 1},
] as const;

const rolePrefix = 'node-role.kubernetes.io/';

export function nodeRoles(labels: Readonly<Record<string, string>>): readonly string[] {
	const roles = new Set<string>();
	for (const [key, value] of Object.entries(labels)) {
		if (key.startsWith(rolePrefix)) {
			const role = key.slice(rolePrefix.length);
			if (role) roles.add(role);
		} else if (key === 'kubernetes.io/role' && value) {
			roles.add(value);
		}
	}
	return [...roles].sort();
}

export function nodeCells(object: unknown, now: number): readonly string[] {
	const node = object as NodeLike;
	const status = node.status ?? {};
	const ready = status.conditions?.find(condition => condition.type === 'Ready');
	const states: string[] = [];
	if (ready) states.push(ready.status === 'True' ? 'Ready' : 'NotReady');
	if (states.length === 0) states.push('Unknown');
	if (node.spec?.unschedulable) states.push('SchedulingDisabled');
	const roles = nodeRoles(node.metadata.labels ?? {});
	const address = (type: string) => status.addresses?.find(item => item.type === type)?.address || '<none>';
	const info = status.nodeInfo ?? {};
	return [
		node.metadata.name,
		states.join(','),
		roles.length === 0 ? '<none>' : roles.join(','),
		ageSince(node.metadata.creationTimestamp, now),
		info.kubeletVersion ?? '',
		address('InternalIP'),
		address('ExternalIP'),
		info.osImage || '<unknown>',
		info.kernelVersion || '<unknown>',
		info.containerRuntimeVersion || '<unknown>',
	];
}
