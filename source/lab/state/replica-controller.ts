/**
 * The ReplicaSet controller (hello-world): keeps each replica set at its replica count, creating missing
 * pods and scheduling them to the Ready worker with the fewest of its replicas (then the fewest workload
 * pods, then by name). There is no general scheduler: other created pods need spec.nodeName.
 */
import {randomUUID} from 'node:crypto';
import type {LabNode} from '../topology-types.js';
import {nameSuffix} from './name-suffix.js';
import type {ObjectStore} from './object-store.js';
import {admitPod} from './pod-admission.js';
import type {PodCommands} from './pod-commands.js';
import {terminal} from './pod-phase.js';
import type {PodRecords} from './pod-records.js';
import type {PodTimers} from './pod-timers.js';
import type {OwnedPod, PodsByOwner} from './pods-by-owner.js';
import type {OwnerUids} from './seed-objects.js';
import type {LabReplicaSetSeed} from './topology.js';

export type ReplicaControllerDeps = {
	readonly replicaSets: readonly LabReplicaSetSeed[];
	readonly store: ObjectStore;
	readonly now: () => number;
	readonly nodes: ReadonlyMap<string, LabNode>;
	readonly records: PodRecords;
	readonly timers: PodTimers;
	readonly owners: OwnerUids;
	readonly podsByOwner: PodsByOwner;
	readonly kernelPods: PodCommands['kernelPods'];
	readonly bind: (uid: string, nodeName: string, bySchedulerToo: boolean) => void;
	readonly scheduleMs: number;
};

/** Reconciles every replica set; does nothing when called from within a reconcile or after close. */
export type ReconcileAll = () => void;

export function createReplicaController(deps: ReplicaControllerDeps): ReconcileAll {
	const {replicaSets, store, now, nodes, records, timers, owners, podsByOwner} = deps;
	const {runtimes} = records;
	let reconciling = false;

	const activeReplicas = (replicaSet: LabReplicaSetSeed): OwnedPod[] => {
		const uid = owners.replicaSet(replicaSet.name);
		return [...podsByOwner(uid)].filter((pod) => {
			const runtime = runtimes.get(pod.uid);
			return pod.namespace === replicaSet.namespace && !pod.deleting && runtime !== undefined && !terminal(runtime);
		});
	};
	const pickNode = (replicaSet: LabReplicaSetSeed): LabNode | null => {
		const active = activeReplicas(replicaSet);
		// Workload pods per node counted once (not once per comparison: 5,000 nodes x 150,000 pods).
		const workloads = new Map<string, number>();
		for (const pod of deps.kernelPods()) {
			if (!pod.hostNetwork) workloads.set(pod.node, (workloads.get(pod.node) ?? 0) + 1);
		}
		const candidates = [...nodes.values()].filter((node) => node.ready && (node.role === 'worker' || nodes.size === 1));
		const scores = new Map(
			candidates.map((node): [string, readonly [number, number]] => [
				node.name,
				[active.filter((pod) => pod.nodeName === node.name || runtimes.get(pod.uid)?.node === node.name).length, workloads.get(node.name) ?? 0],
			]),
		);
		candidates.sort((a, b) => {
			const [x1, y1] = scores.get(a.name)!;
			const [x2, y2] = scores.get(b.name)!;
			return x1 - x2 || y1 - y2 || (a.name < b.name ? -1 : 1);
		});
		return candidates[0] ?? null;
	};
	const reconcile = (replicaSet: LabReplicaSetSeed): void => {
		for (let missing = replicaSet.replicas - activeReplicas(replicaSet).length; missing > 0; missing--) {
			let name = `${replicaSet.name}-${nameSuffix()}`;
			while (store.get('pods', replicaSet.namespace, name)) name = `${replicaSet.name}-${nameSuffix()}`;
			const admitted = admitPod(
				{
					metadata: {
						name,
						generateName: `${replicaSet.name}-`,
						labels: {...replicaSet.labels},
						ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: replicaSet.name, uid: owners.replicaSet(replicaSet.name), controller: true, blockOwnerDeletion: true}],
					},
					spec: {containers: [{name: replicaSet.containerName, image: replicaSet.image}]},
				},
				{namespace: replicaSet.namespace, namespaceExists: true, level: 'privileged', nameTaken: () => false, uid: randomUUID(), now: now(), suffix: () => nameSuffix()},
			);
			if (!admitted.ok) return;
			const node = pickNode(replicaSet);
			const uid = admitted.value.metadata.uid;
			records.addPod(admitted.value, {uid, node: null, hostIp: null, podIp: null, startTime: null, phase: 'Pending', containers: {}, restarts: 0});
			if (node) timers.later(uid, deps.scheduleMs, () => deps.bind(uid, node.name, true));
		}
	};
	return () => {
		if (reconciling || timers.closed()) return;
		reconciling = true;
		try {
			for (const replicaSet of replicaSets) reconcile(replicaSet);
		} finally {
			reconciling = false;
		}
	};
}
