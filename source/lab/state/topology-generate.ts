/**
 * Larger clusters for scale work: N nodes (one control plane, N-1 workers), M application pods in
 * Deployments spread over the workers, plus calico-node and kube-proxy on every node. Deterministic:
 * the same options give the same cluster, byte for byte.
 */
import {formatIPv4, parseIPv4} from '../../net/ip.js';
import type {LabNode} from '../topology-types.js';
import {nameSuffix, templateHash} from './name-suffix.js';
import {seededRandom} from './seeded-random.js';
import {dockerMac} from './topology-seed.js';
import type {LabPodSeed, LabReplicaSetSeed, LabTopology} from './topology.js';

export type GenerateOptions = {readonly nodes: number; readonly pods: number; readonly seed?: number};

/** Addresses a /26 block offers to pods (its first one is the node's tunl0 address). */
export const podsPerBlock = 63;

const namespaces = ['default', 'shop', 'payments', 'search'] as const;
const images = ['docker.io/library/nginx:1.27', 'gcr.io/google-samples/hello-app:1.0', 'docker.io/library/redis:7.4'];

function nodeNames(name: string, count: number): readonly string[] {
	return Array.from({length: count}, (_, index) =>
		index === 0 ? `${name}-control-plane` : `${name}-worker${index === 1 ? '' : String(index)}`,
	);
}

function blockBases(count: number, random: ReturnType<typeof seededRandom>): readonly number[] {
	const small = count <= 1024;
	const pool = parseIPv4(small ? '192.168.0.0' : '10.0.0.0')!;
	const blocksInPool = small ? 1024 : 262_144;
	const chosen = new Set<number>();
	while (chosen.size < count) chosen.add(random.int(blocksInPool));
	return [...chosen].map((index) => pool + index * 64);
}

function podCidr(index: number): string {
	return index < 256 ? `192.168.${index}.0/24` : `100.${64 + (index >> 8)}.${index & 255}.0/24`;
}

export function generateTopology(options: GenerateOptions): LabTopology {
	const nodeCount = Math.floor(options.nodes);
	const podCount = Math.floor(options.pods);
	if (!(nodeCount >= 1 && nodeCount <= 16_000)) throw new RangeError('generateTopology: nodes must be 1..16000');
	const random = seededRandom(options.seed ?? 1);
	const workersCount = Math.max(1, nodeCount - 1);
	if (!(podCount >= 0 && podCount <= workersCount * podsPerBlock)) {
		throw new RangeError(`generateTopology: at most ${workersCount * podsPerBlock} pods fit ${nodeCount} nodes (${podsPerBlock} per /26 block)`);
	}
	const name = 'generated';
	const bases = blockBases(nodeCount, random);
	const nodes: LabNode[] = nodeNames(name, nodeCount).map((nodeName, index) => {
		const host = 2 + index;
		const internalIp = `172.20.${host >> 8}.${host & 255}`;
		const base = bases[index]!;
		return {
			name: nodeName,
			role: index === 0 ? 'control-plane' : 'worker',
			internalIp,
			nodeNetwork: '172.20.0.0/16',
			gateway: '172.20.0.1',
			podCidrs: [podCidr(index)],
			block: `${formatIPv4(base)}/26`,
			tunnelAddress: formatIPv4(base),
			mac: dockerMac(internalIp),
			ready: true,
			kubeletVersion: 'v1.32.2',
		};
	});
	const workers = nodeCount === 1 ? nodes : nodes.slice(1);
	const used = new Map<string, number>();
	const taken = new Set<string>();
	const uniqueName = (prefix: string): string => {
		let name = `${prefix}-${nameSuffix(5, random.int)}`;
		while (taken.has(name)) name = `${prefix}-${nameSuffix(5, random.int)}`;
		taken.add(name);
		return name;
	};
	const pods: LabPodSeed[] = [];
	const replicaSets: LabReplicaSetSeed[] = [];
	let cursor = random.int(workers.length);
	let remaining = podCount;
	for (let deployment = 0; remaining > 0; deployment++) {
		const replicas = Math.min(remaining, 1 + random.int(10));
		remaining -= replicas;
		const labels = {app: `app-${deployment}`, 'pod-template-hash': templateHash(random.int)};
		const replicaSet: LabReplicaSetSeed = {
			namespace: namespaces[deployment % namespaces.length]!,
			name: `app-${deployment}-${labels['pod-template-hash']}`,
			replicas,
			labels,
			containerName: `app-${deployment}`,
			image: images[deployment % images.length]!,
		};
		replicaSets.push(replicaSet);
		for (let replica = 0; replica < replicas; replica++) {
			let node = workers[cursor % workers.length]!;
			while ((used.get(node.name) ?? 0) >= podsPerBlock) node = workers[++cursor % workers.length]!;
			cursor++;
			const count = (used.get(node.name) ?? 0) + 1;
			used.set(node.name, count);
			pods.push({
				namespace: replicaSet.namespace,
				name: uniqueName(replicaSet.name),
				node: node.name,
				ip: formatIPv4(parseIPv4(node.tunnelAddress)! + count),
				hostNetwork: false,
				containerName: replicaSet.containerName,
				image: replicaSet.image,
				labels,
				owner: {kind: 'ReplicaSet', name: replicaSet.name},
				ageSeconds: 600 + random.int(7200),
			});
		}
	}
	for (const node of nodes) {
		for (const [app, image] of [
			['calico-node', 'docker.io/calico/node:v3.21.6'],
			['kube-proxy', 'registry.k8s.io/kube-proxy:v1.32.2'],
		] as const) {
			pods.push({
				namespace: 'kube-system',
				name: uniqueName(app),
				node: node.name,
				ip: node.internalIp,
				hostNetwork: true,
				containerName: app,
				image,
				labels: {'k8s-app': app},
				owner: {kind: 'DaemonSet', name: app},
				ageSeconds: 9000,
				priorityClassName: 'system-node-critical',
			});
		}
	}
	return {name, nodes, pods, replicaSets, extraNamespaces: namespaces.filter((namespace) => namespace !== 'default')};
}
