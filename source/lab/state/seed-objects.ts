/** API objects for the pods present when the lab starts (already Running). */
import type {KubeObject} from '../cluster-types.js';
import type {LabNode} from '../topology-types.js';
import {withDefaults} from './pod-admission.js';
import {renderPodStatus, type PodRuntime} from './pod-runtime.js';
import {apiTime} from './timestamps.js';
import type {LabPodSeed} from './topology.js';

export type OwnerUids = {
	readonly replicaSet: (name: string) => string;
	readonly daemonSet: (name: string) => string;
	readonly node: (name: string) => string;
};

export function ownerReference(seed: LabPodSeed, uids: OwnerUids): Readonly<Record<string, unknown>> | null {
	const owner = seed.owner;
	if (!owner) return null;
	switch (owner.kind) {
		case 'ReplicaSet':
			return {apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner.name, uid: uids.replicaSet(owner.name), controller: true, blockOwnerDeletion: true};
		case 'DaemonSet':
			return {apiVersion: 'apps/v1', kind: 'DaemonSet', name: owner.name, uid: uids.daemonSet(owner.name), controller: true, blockOwnerDeletion: true};
		case 'Node':
			return {apiVersion: 'v1', kind: 'Node', name: owner.name, uid: uids.node(owner.name), controller: true};
	}
}

export type SeedPod = {readonly object: KubeObject; readonly runtime: PodRuntime};

export function seedPod(seed: LabPodSeed, node: LabNode, uid: string, uids: OwnerUids, now: number): SeedPod {
	const createdAt = now - seed.ageSeconds * 1000;
	const owner = ownerReference(seed, uids);
	const runtime: PodRuntime = {
		uid,
		node: node.name,
		hostIp: node.internalIp,
		podIp: seed.hostNetwork ? node.internalIp : seed.ip,
		startTime: createdAt + 1000,
		phase: 'Running',
		containers: {[seed.containerName]: {state: 'running', startedAt: createdAt + 5000}},
		restarts: 0,
	};
	const containers = [{name: seed.containerName, image: seed.image, ...(seed.command ? {command: [...seed.command]} : {})}];
	const spec = withDefaults({
		containers,
		nodeName: node.name,
		...(seed.hostNetwork ? {hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet'} : {}),
		...(seed.priorityClassName ? {priorityClassName: seed.priorityClassName} : {}),
		...(seed.owner?.kind === 'DaemonSet' || seed.owner?.kind === 'Node' ? {tolerations: [{operator: 'Exists'}]} : {}),
	});
	const object: KubeObject = {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {
			name: seed.name,
			namespace: seed.namespace,
			uid,
			resourceVersion: '0',
			creationTimestamp: apiTime(createdAt),
			...(seed.owner?.kind === 'ReplicaSet' || seed.owner?.kind === 'DaemonSet'
				? {generateName: `${seed.owner.name}-`}
				: {}),
			...(seed.labels ? {labels: {...seed.labels}} : {}),
			...(owner ? {ownerReferences: [owner]} : {}),
		},
		spec,
		status: renderPodStatus(containers, runtime, createdAt + 5000),
	};
	return {object, runtime};
}
