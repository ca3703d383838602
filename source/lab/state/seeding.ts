/**
 * What the lab holds before its first request: the base namespaces (plus the topology's), one node
 * object, lease, IP allocator and start-up events per node (dated from a cluster created 146 minutes
 * ago), and the topology's pods, already Running.
 */
import {randomUUID} from 'node:crypto';
import type {KubeObject} from '../cluster-types.js';
import {defaultCni} from '../cni.js';
import type {LabNode} from '../topology-types.js';
import type {RecordEvent} from './event-recorder.js';
import {createIpAllocator, type IpAllocator} from './ip-allocator.js';
import {leaseObject, namespaceObject} from './misc-objects.js';
import {nodeObject} from './node-object.js';
import type {ObjectStore} from './object-store.js';
import type {PodRuntime} from './pod-runtime.js';
import {seedPod, type OwnerUids} from './seed-objects.js';
import type {LabTopology} from './topology.js';
import {reservedAddresses} from './topology-cni.js';

const baseNamespaces = ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'local-path-storage'];

export type SeedingDeps = {
	readonly topology: LabTopology;
	readonly store: ObjectStore;
	/** When the lab started (ms). */
	readonly startedAt: number;
	readonly nodes: ReadonlyMap<string, LabNode>;
	/** Filled here: each node object's uid. */
	readonly nodeUids: Map<string, string>;
	/** Filled here: each node's pod range, with its tunnel (and gateway) address and seeded pod IPs reserved. */
	readonly allocators: Map<string, IpAllocator>;
	readonly owners: OwnerUids;
	readonly recordEvent: RecordEvent;
	readonly addPod: (object: KubeObject, runtime: PodRuntime) => KubeObject;
};

/** Throws when a seeded pod names a node the topology does not have. */
export function seedCluster({topology, store, startedAt, nodes, nodeUids, allocators, owners, recordEvent, addPod}: SeedingDeps): void {
	const clusterCreated = startedAt - 146 * 60_000;
	for (const name of [...baseNamespaces, ...(topology.extraNamespaces ?? [])]) {
		if (!store.get('namespaces', null, name)) store.add('namespaces', namespaceObject(name, randomUUID(), clusterCreated));
	}
	for (const node of topology.nodes) {
		const uid = randomUUID();
		nodeUids.set(node.name, uid);
		const createdAt = node.role === 'control-plane' ? clusterCreated : clusterCreated + 60_000;
		const object = store.add('nodes', nodeObject({node, clusterName: topology.name, uid, createdAt, now: startedAt, cni: topology.cni ?? defaultCni}));
		store.add('leases', leaseObject({name: node.name, uid}, randomUUID(), createdAt, startedAt - 3_000));
		const allocator = createIpAllocator(node.block);
		for (const reserved of reservedAddresses(topology.cni ?? defaultCni, node)) allocator.reserve(reserved);
		allocators.set(node.name, allocator);
		const about = {involved: object, type: 'Normal' as const, host: node.name};
		recordEvent({...about, at: createdAt, reason: 'Starting', message: 'Starting kubelet.', component: 'kubelet'});
		recordEvent({...about, at: createdAt + 5_000, reason: 'RegisteredNode', message: `Node ${node.name} event: Registered Node ${node.name} in Controller`, component: 'node-controller'});
		recordEvent({...about, at: createdAt + 20_000, reason: 'NodeReady', message: `Node ${node.name} status is now: NodeReady`, component: 'kubelet'});
	}
	for (const seed of topology.pods) {
		const node = nodes.get(seed.node);
		if (!node) throw new Error(`createLabCluster: pod ${seed.namespace}/${seed.name} is on unknown node ${seed.node}`);
		if (!store.get('namespaces', null, seed.namespace)) store.add('namespaces', namespaceObject(seed.namespace, randomUUID(), clusterCreated));
		const {object, runtime} = seedPod(seed, node, randomUUID(), owners, startedAt);
		if (!seed.hostNetwork) allocators.get(node.name)?.reserve(seed.ip);
		addPod(object, runtime);
	}
}
