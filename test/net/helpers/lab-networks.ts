/**
 * A whole cluster's tables as a sweep sees them: each lab node's kernel prints `ip -j route show table all`,
 * `ip -j addr` and `ip -d -j link` (as the real tools do), the parsers read them back, and the API's view of
 * nodes and pods comes from the same topology. Test data only.
 */
import {deriveNodeKernel} from '../../../source/lab/kernel/node-kernel.js';
import {runNodeCommand} from '../../../source/lab/kernel/run-node-command.js';
import type {LabCni} from '../../../source/lab/cni.js';
import {nodeObject} from '../../../source/lab/state/node-object.js';
import type {LabNode, LabPodNetwork, NodeKernelFaults} from '../../../source/lab/topology-types.js';
import {buildClusterIndex, type ClusterIndex} from '../../../source/net/cluster-index.js';
import {mergeLinkKinds, parseIpAddrJson, parseIpLinkJson} from '../../../source/net/parse-ip-json.js';
import {parseIpRouteJson} from '../../../source/net/parse-ip-route-json.js';
import {prepareNetwork, type PreparedNetwork} from '../../../source/net/reachability.js';
import type {ClusterNode, ClusterPod, Interface, Route} from '../../../source/net/types.js';

export type LabNetworks = {readonly cluster: ClusterIndex; readonly networks: readonly PreparedNetwork[]};

/** The node as the API shows it, with the annotations its CNI writes (lab/state/node-object.ts). */
export function clusterNodeOf(node: LabNode, cni: LabCni = 'calico-ipip'): ClusterNode {
	const object = nodeObject({node, clusterName: 'lab', uid: node.name, createdAt: 0, now: 0, cni});
	return {
		name: node.name,
		internalIps: [node.internalIp],
		externalIps: [],
		podCidrs: node.podCidrs,
		annotations: object.metadata.annotations ?? {},
	};
}

export function clusterPodOf(pod: LabPodNetwork): ClusterPod {
	return {namespace: pod.namespace, name: pod.name, node: pod.node, ips: [pod.ip], hostNetwork: pod.hostNetwork, phase: 'Running'};
}

export type NodeTables = {readonly node: string; readonly routes: readonly Route[]; readonly interfaces: readonly Interface[]};

/** What else shapes a node's kernel: the cluster's CNI and the faults on that node. */
export type KernelOptions = {readonly cni?: LabCni; readonly faults?: NodeKernelFaults};

/** One node's tables, read through the renderers and the parsers. */
export function nodeTables(nodes: readonly LabNode[], pods: readonly LabPodNetwork[], node: string, removedRoutes: readonly string[] = [], options: KernelOptions = {}): NodeTables {
	const kernel = deriveNodeKernel({nodes, pods, node, removedRoutes, ...options});
	const run = (...argv: string[]): string => runNodeCommand(kernel, argv, 'gnu').stdout;
	const routes = [
		...parseIpRouteJson(run('ip', '-j', 'route', 'show', 'table', 'all'), 4).routes,
		...parseIpRouteJson(run('ip', '-j', '-6', 'route', 'show', 'table', 'all'), 6).routes,
	];
	const interfaces = mergeLinkKinds(parseIpAddrJson(run('ip', '-j', 'addr')).interfaces, parseIpLinkJson(run('ip', '-d', '-j', 'link')).interfaces);
	return {node, routes, interfaces};
}

export function labNetworks(nodes: readonly LabNode[], pods: readonly LabPodNetwork[], tables: readonly NodeTables[], cni: LabCni = 'calico-ipip'): LabNetworks {
	return {
		cluster: buildClusterIndex(nodes.map(node => clusterNodeOf(node, cni)), pods.map(clusterPodOf)),
		networks: tables.map(table => prepareNetwork(table)),
	};
}
