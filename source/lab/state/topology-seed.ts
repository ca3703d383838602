/**
 * The seed's `networking` cluster (kind 1.32 + Calico 3.21 in IPIP mode): four nodes on 172.20.0.0/16,
 * one Calico /26 block per node, the hello-world Deployment and the kube-system pods a kind cluster runs.
 * Addresses are the seed's; names the seed does not show are made up once and kept.
 */
import type {LabNode} from '../topology-types.js';
import type {LabPodSeed, LabReplicaSetSeed, LabTopology} from './topology.js';

const kubeletVersion = 'v1.32.2';
const calicoVersion = 'v3.21.6';

/** Docker's MAC for a container address (02:42 + the four octets), as kind nodes have on eth0. */
export function dockerMac(ip: string): string {
	const hex = ip.split('.').map((octet) => Number(octet).toString(16).padStart(2, '0'));
	return ['02', '42', ...hex].join(':');
}

function node(name: string, role: LabNode['role'], internalIp: string, block: string, podCidr: string): LabNode {
	return {
		name,
		role,
		internalIp,
		nodeNetwork: '172.20.0.0/16',
		gateway: '172.20.0.1',
		podCidrs: [podCidr],
		block,
		tunnelAddress: block.split('/')[0]!,
		mac: dockerMac(internalIp),
		ready: true,
		kubeletVersion,
	};
}

const minutes = 60;

export const seedNodes: readonly LabNode[] = [
	node('networking-control-plane', 'control-plane', '172.20.0.2', '192.168.223.128/26', '192.168.0.0/24'),
	node('networking-worker', 'worker', '172.20.0.3', '192.168.78.128/26', '192.168.1.0/24'),
	node('networking-worker2', 'worker', '172.20.0.5', '192.168.175.0/26', '192.168.2.0/24'),
	node('networking-worker3', 'worker', '172.20.0.4', '192.168.21.128/26', '192.168.3.0/24'),
];

const helloWorld: LabReplicaSetSeed = {
	namespace: 'default',
	name: 'hello-world-7c64bd9f6b',
	replicas: 3,
	labels: {app: 'hello-world', 'pod-template-hash': '7c64bd9f6b'},
	containerName: 'hello-world',
	image: 'gcr.io/google-samples/hello-app:1.0',
};

function hello(suffix: string, nodeName: string, ip: string): LabPodSeed {
	return {
		namespace: 'default',
		name: `${helloWorld.name}-${suffix}`,
		node: nodeName,
		ip,
		hostNetwork: false,
		containerName: helloWorld.containerName,
		image: helloWorld.image,
		labels: helloWorld.labels,
		owner: {kind: 'ReplicaSet', name: helloWorld.name},
		ageSeconds: 36 * minutes,
	};
}

type SystemPod = {
	readonly name: string;
	readonly node: string;
	readonly ip: string | null;
	readonly container: string;
	readonly image: string;
	readonly labels: Readonly<Record<string, string>>;
	readonly owner: NonNullable<LabPodSeed['owner']>;
	readonly ageMinutes: number;
	readonly priorityClassName: string;
};

function system(pod: SystemPod): LabPodSeed {
	const nodeIp = seedNodes.find((candidate) => candidate.name === pod.node)!.internalIp;
	return {
		namespace: pod.owner.name === 'local-path-provisioner-7dc846544d' ? 'local-path-storage' : 'kube-system',
		name: pod.name,
		node: pod.node,
		ip: pod.ip ?? nodeIp,
		hostNetwork: pod.ip === null,
		containerName: pod.container,
		image: pod.image,
		labels: pod.labels,
		owner: pod.owner,
		ageSeconds: pod.ageMinutes * minutes,
		priorityClassName: pod.priorityClassName,
	};
}

const perNode: readonly {readonly node: string; readonly calico: string; readonly proxy: string}[] = [
	{node: 'networking-control-plane', calico: 'calico-node-2xk8p', proxy: 'kube-proxy-6hz2l'},
	{node: 'networking-worker', calico: 'calico-node-bq7rd', proxy: 'kube-proxy-tc9wd'},
	{node: 'networking-worker2', calico: 'calico-node-wf5n6', proxy: 'kube-proxy-8gzgz'},
	{node: 'networking-worker3', calico: 'calico-node-m4vtz', proxy: 'kube-proxy-x5r7k'},
];

const controlPlane = 'networking-control-plane';

function staticPod(component: string, image: string): LabPodSeed {
	return system({
		name: `${component}-${controlPlane}`,
		node: controlPlane,
		ip: null,
		container: component,
		image,
		labels: {component, tier: 'control-plane'},
		owner: {kind: 'Node', name: controlPlane},
		ageMinutes: 146,
		priorityClassName: 'system-node-critical',
	});
}

const seedPods: readonly LabPodSeed[] = [
	hello('lmhxb', 'networking-worker3', '192.168.21.132'),
	hello('s5cfz', 'networking-worker', '192.168.78.132'),
	hello('tpnrz', 'networking-worker2', '192.168.175.5'),
	...perNode.flatMap(({node: nodeName, calico, proxy}) => [
		system({
			name: calico,
			node: nodeName,
			ip: null,
			container: 'calico-node',
			image: `docker.io/calico/node:${calicoVersion}`,
			labels: {'k8s-app': 'calico-node', 'controller-revision-hash': '5c9f8d7b6', 'pod-template-generation': '1'},
			owner: {kind: 'DaemonSet', name: 'calico-node'},
			ageMinutes: 124,
			priorityClassName: 'system-node-critical',
		}),
		system({
			name: proxy,
			node: nodeName,
			ip: null,
			container: 'kube-proxy',
			image: `registry.k8s.io/kube-proxy:${kubeletVersion}`,
			labels: {'k8s-app': 'kube-proxy', 'controller-revision-hash': '7d8b9c6f5d', 'pod-template-generation': '1'},
			owner: {kind: 'DaemonSet', name: 'kube-proxy'},
			ageMinutes: 145,
			priorityClassName: 'system-node-critical',
		}),
	]),
	staticPod('etcd', 'registry.k8s.io/etcd:3.5.16-0'),
	staticPod('kube-apiserver', `registry.k8s.io/kube-apiserver:${kubeletVersion}`),
	staticPod('kube-controller-manager', `registry.k8s.io/kube-controller-manager:${kubeletVersion}`),
	staticPod('kube-scheduler', `registry.k8s.io/kube-scheduler:${kubeletVersion}`),
	...[
		{name: 'coredns-558bd4d5db-k4j7g', node: 'networking-worker2', ip: '192.168.175.1'},
		{name: 'coredns-558bd4d5db-9qv2w', node: 'networking-worker', ip: '192.168.78.129'},
	].map((pod) =>
		system({
			...pod,
			container: 'coredns',
			image: 'registry.k8s.io/coredns/coredns:v1.11.3',
			labels: {'k8s-app': 'kube-dns', 'pod-template-hash': '558bd4d5db'},
			owner: {kind: 'ReplicaSet', name: 'coredns-558bd4d5db'},
			ageMinutes: 145,
			priorityClassName: 'system-cluster-critical',
		}),
	),
	system({
		name: 'calico-kube-controllers-6b7b9c649d-rq4zt',
		node: 'networking-worker3',
		ip: '192.168.21.129',
		container: 'calico-kube-controllers',
		image: `docker.io/calico/kube-controllers:${calicoVersion}`,
		labels: {'k8s-app': 'calico-kube-controllers', 'pod-template-hash': '6b7b9c649d'},
		owner: {kind: 'ReplicaSet', name: 'calico-kube-controllers-6b7b9c649d'},
		ageMinutes: 124,
		priorityClassName: 'system-cluster-critical',
	}),
	system({
		name: 'local-path-provisioner-7dc846544d-hq8nf',
		node: 'networking-worker3',
		ip: '192.168.21.130',
		container: 'local-path-provisioner',
		image: 'docker.io/kindest/local-path-provisioner:v20241212-8ac705d0',
		labels: {app: 'local-path-provisioner', 'pod-template-hash': '7dc846544d'},
		owner: {kind: 'ReplicaSet', name: 'local-path-provisioner-7dc846544d'},
		ageMinutes: 145,
		priorityClassName: '',
	}),
];

/** A fresh copy of the seed's cluster. */
export function seedTopology(): LabTopology {
	return {name: 'networking', nodes: seedNodes, pods: seedPods, replicaSets: [helloWorld]};
}
