/**
 * A topology moved onto another CNI (`netinspect lab --cni …`): where each node's pods get their IPs, the
 * pods' IPs (the same offset in the node's new range), and the per-node CNI pods. The seed and generated
 * topologies are written for Calico; this rewrites them for the others, deterministically.
 * - calico-*: Calico IPAM /26 blocks, unchanged.
 * - flannel, kindnet: the node's podCIDR; its .1 is the bridge's / the veths' gateway, pods from .2.
 * - aws-vpc: secondary IPs of the node's two ENIs from the node's own subnet (a /26 per node from the
 *   subnet's upper half; the first is the secondary ENI's own address), no podCIDR (EKS assigns none).
 */
import {formatIPv4, parseIPv4, parsePrefix} from '../../net/ip.js';
import type {LabCni} from '../cni.js';
import type {LabNode} from '../topology-types.js';
import type {LabPodSeed, LabTopology} from './topology.js';

/** The per-node DaemonSet of each CNI family: namespace, name prefix, container, image, labels. */
const cniDaemonSets: Readonly<Record<'flannel' | 'kindnet' | 'aws-vpc', {readonly namespace: string; readonly name: string; readonly container: string; readonly image: string; readonly labels: Readonly<Record<string, string>>}>> = {
	flannel: {namespace: 'kube-flannel', name: 'kube-flannel-ds', container: 'kube-flannel', image: 'docker.io/flannel/flannel:v0.26.4', labels: {app: 'flannel', tier: 'node'}},
	kindnet: {namespace: 'kube-system', name: 'kindnet', container: 'kindnet-cni', image: 'docker.io/kindest/kindnetd:v20250214-acbabc1a', labels: {app: 'kindnet', tier: 'node', 'k8s-app': 'kindnet'}},
	'aws-vpc': {namespace: 'kube-system', name: 'aws-node', container: 'aws-node', image: '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.2', labels: {'k8s-app': 'aws-node'}},
};

/** How many nodes an aws-vpc lab holds: one /26 of secondary IPs each from the upper half of a /16. */
export const awsMaxNodes = 512;

function awsRange(node: LabNode, index: number): string {
	const prefix = parsePrefix(node.nodeNetwork, 4);
	const base = parseIPv4(prefix?.address ?? '') ?? 0;
	const size = 2 ** (32 - (prefix?.length ?? 16));
	return `${formatIPv4(base + size / 2 + index * 64)}/26`;
}

function rangeFor(cni: LabCni, node: LabNode, index: number): {readonly block: string; readonly podCidrs: readonly string[]} {
	if (cni === 'flannel' || cni === 'kindnet') return {block: node.podCidrs[0] ?? node.block, podCidrs: node.podCidrs};
	if (cni === 'aws-vpc') return {block: awsRange(node, index), podCidrs: []};
	return {block: node.block, podCidrs: node.podCidrs};
}

/** Pod offsets start after the tunnel address (Calico, aws-vpc) or after the gateway .1 (flannel, kindnet). */
function firstOffset(cni: LabCni): number {
	return cni === 'flannel' || cni === 'kindnet' ? 1 : 0;
}

export function withCni(topology: LabTopology, cni: LabCni): LabTopology {
	// The topologies are Calico's already: the Calico modes only change the kernels and annotations.
	if (cni === 'calico-ipip' || cni === 'calico-vxlan' || cni === 'calico-bgp') return {...topology, cni};
	if (cni === 'aws-vpc' && topology.nodes.length > awsMaxNodes) {
		throw new RangeError(`--cni aws-vpc: at most ${awsMaxNodes} nodes (one /26 of secondary IPs each in the node subnet's upper half)`);
	}
	const moved = new Map<string, {readonly old: LabNode; readonly next: LabNode}>();
	const nodes = topology.nodes.map((node, index) => {
		const {block, podCidrs} = rangeFor(cni, node, index);
		const next: LabNode = {...node, block, podCidrs, tunnelAddress: parsePrefix(block, 4)?.address ?? node.tunnelAddress};
		moved.set(node.name, {old: node, next});
		return next;
	});
	const daemonSet = cniDaemonSets[cni];
	const pods: LabPodSeed[] = [];
	for (const pod of topology.pods) {
		if (pod.owner?.kind === 'ReplicaSet' && pod.owner.name.startsWith('calico-kube-controllers')) continue;
		if (pod.owner?.kind === 'DaemonSet' && pod.owner.name === 'calico-node') {
			const suffix = pod.name.slice(pod.name.lastIndexOf('-') + 1);
			pods.push({
				...pod,
				namespace: daemonSet.namespace,
				name: `${daemonSet.name}-${suffix}`,
				containerName: daemonSet.container,
				image: daemonSet.image,
				labels: daemonSet.labels,
				owner: {kind: 'DaemonSet', name: daemonSet.name},
			});
			continue;
		}
		const place = moved.get(pod.node);
		if (pod.hostNetwork || !place) {
			pods.push(pod);
			continue;
		}
		const offset = (parseIPv4(pod.ip) ?? 0) - (parseIPv4(parsePrefix(place.old.block, 4)?.address ?? '') ?? 0);
		const base = parseIPv4(parsePrefix(place.next.block, 4)?.address ?? '') ?? 0;
		pods.push({...pod, ip: formatIPv4(base + offset + firstOffset(cni))});
	}
	const extra = daemonSet.namespace === 'kube-system' ? [] : [daemonSet.namespace];
	return {...topology, cni, nodes, pods, extraNamespaces: [...(topology.extraNamespaces ?? []), ...extra]};
}

/** Addresses of a node's range that never go to a pod: the first (tunnel, ENI) and, for bridges and ptp, the gateway. */
export function reservedAddresses(cni: LabCni, node: LabNode): readonly string[] {
	const base = parseIPv4(parsePrefix(node.block, 4)?.address ?? '') ?? 0;
	return firstOffset(cni) === 1 ? [node.tunnelAddress, formatIPv4(base + 1)] : [node.tunnelAddress];
}
