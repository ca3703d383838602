/** A LabNode as the API serves it: labels, the CNI's annotations, podCIDR(s), addresses, nodeInfo, conditions. */
import {createHash} from 'node:crypto';
import {defaultCni, flannelVxlan, vtepMac, type LabCni} from '../cni.js';
import type {KubeObject} from '../cluster-types.js';
import type {LabNode} from '../topology-types.js';
import {apiTime} from './timestamps.js';

export const controlPlaneTaint = {key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule'} as const;
export const unreachableTaint = {key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule'} as const;

function hex(seed: string, length: number): string {
	return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

function condition(type: string, status: 'True' | 'False' | 'Unknown', reason: string, message: string, heartbeat: string, transition: string) {
	return {type, status, lastHeartbeatTime: heartbeat, lastTransitionTime: transition, reason, message};
}

export type NodeObjectInput = {
	readonly node: LabNode;
	readonly clusterName: string;
	readonly uid: string;
	readonly createdAt: number;
	readonly now: number;
	/** Set when the node's Ready condition last changed (defaults to its creation). */
	readonly readySince?: number;
	/** Which CNI's annotations and NetworkUnavailable condition it carries; default calico-ipip. */
	readonly cni?: LabCni;
};

/** What each CNI writes on its node objects (route-and-addr-formats.md §5.1, §5.2). */
function cniAnnotations(node: LabNode, cni: LabCni): Record<string, string> {
	const calicoAddress = {'projectcalico.org/IPv4Address': `${node.internalIp}/${node.nodeNetwork.split('/')[1] ?? '16'}`};
	switch (cni) {
		case 'calico-ipip':
			return {...calicoAddress, 'projectcalico.org/IPv4IPIPTunnelAddr': node.tunnelAddress};
		case 'calico-vxlan':
			return {...calicoAddress, 'projectcalico.org/IPv4VXLANTunnelAddr': node.tunnelAddress, 'projectcalico.org/VXLANTunnelMACAddr': vtepMac(node.name, cni)};
		case 'calico-bgp':
			return {...calicoAddress, 'projectcalico.org/ASNumber': '64512'};
		case 'flannel':
			return {
				'flannel.alpha.coreos.com/backend-data': JSON.stringify({VNI: flannelVxlan.vni, VtepMAC: vtepMac(node.name, cni)}),
				'flannel.alpha.coreos.com/backend-type': 'vxlan',
				'flannel.alpha.coreos.com/kube-subnet-manager': 'true',
				'flannel.alpha.coreos.com/public-ip': node.internalIp,
			};
		case 'kindnet':
		case 'aws-vpc':
			return {};
	}
}

/** Calico and Flannel clear NetworkUnavailable with their own reason; kindnet and aws-node never set it. */
function networkCondition(cni: LabCni): {readonly reason: string; readonly message: string} | null {
	if (cni === 'flannel') return {reason: 'FlannelIsUp', message: 'Flannel is running on this node'};
	if (cni === 'kindnet' || cni === 'aws-vpc') return null;
	return {reason: 'CalicoIsUp', message: 'Calico is running on this node'};
}

export function nodeObject({node, clusterName, uid, createdAt, now, readySince, cni = defaultCni}: NodeObjectInput): KubeObject {
	const network = networkCondition(cni);
	const created = apiTime(createdAt);
	const heartbeat = apiTime(now);
	const since = apiTime(readySince ?? createdAt + 20_000);
	const controlPlane = node.role === 'control-plane';
	const taints = [...(controlPlane ? [controlPlaneTaint] : []), ...(node.ready ? [] : [unreachableTaint])];
	const ready = node.ready
		? condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', heartbeat, since)
		: condition('Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', heartbeat, since);
	const pressure = (type: string, reason: string, message: string) =>
		node.ready
			? condition(type, 'False', reason, message, heartbeat, created)
			: condition(type, 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', heartbeat, since);
	return {
		apiVersion: 'v1',
		kind: 'Node',
		metadata: {
			name: node.name,
			uid,
			resourceVersion: '0',
			creationTimestamp: created,
			labels: {
				'beta.kubernetes.io/arch': 'amd64',
				'beta.kubernetes.io/os': 'linux',
				'kubernetes.io/arch': 'amd64',
				'kubernetes.io/hostname': node.name,
				'kubernetes.io/os': 'linux',
				...(controlPlane
					? {'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': ''}
					: {}),
			},
			annotations: {
				'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
				'node.alpha.kubernetes.io/ttl': '0',
				...cniAnnotations(node, cni),
				'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
			},
		},
		spec: {
			...(node.podCidrs.length > 0 ? {podCIDR: node.podCidrs[0], podCIDRs: [...node.podCidrs]} : {}),
			providerID: cni === 'aws-vpc' ? `aws:///us-west-2a/i-${hex(`${node.name}instance`, 17)}` : `kind://docker/${clusterName}/${node.name}`,
			...(taints.length > 0 ? {taints: taints.map((taint) => ({...taint}))} : {}),
		},
		status: {
			addresses: [
				{type: 'InternalIP', address: node.internalIp},
				{type: 'Hostname', address: node.name},
			],
			allocatable: {cpu: '8', 'ephemeral-storage': '102626232Ki', 'hugepages-2Mi': '0', memory: '16283788Ki', pods: '110'},
			capacity: {cpu: '8', 'ephemeral-storage': '102626232Ki', 'hugepages-2Mi': '0', memory: '16283788Ki', pods: '110'},
			conditions: [
				...(network ? [condition('NetworkUnavailable', 'False', network.reason, network.message, heartbeat, created)] : []),
				pressure('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
				pressure('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
				pressure('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
				ready,
			],
			daemonEndpoints: {kubeletEndpoint: {Port: 10250}},
			nodeInfo: {
				architecture: 'amd64',
				bootID: `${hex(`${node.name}boot`, 8)}-${hex(`${node.name}b1`, 4)}-${hex(`${node.name}b2`, 4)}-${hex(`${node.name}b3`, 4)}-${hex(`${node.name}b4`, 12)}`,
				containerRuntimeVersion: 'containerd://1.7.24',
				kernelVersion: '6.8.0-52-generic',
				kubeProxyVersion: node.kubeletVersion,
				kubeletVersion: node.kubeletVersion,
				machineID: hex(`${node.name}machine`, 32),
				operatingSystem: 'linux',
				osImage: 'Debian GNU/Linux 12 (bookworm)',
				systemUUID: `${hex(`${node.name}uuid`, 8)}-${hex(`${node.name}u1`, 4)}-${hex(`${node.name}u2`, 4)}-${hex(`${node.name}u3`, 4)}-${hex(`${node.name}u4`, 12)}`,
			},
		},
	};
}
