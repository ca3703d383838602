/**
 * The ClusterFaults the lab obeys (faults.ts documents each). Image and exec faults and removed routes
 * are state the lifecycle, exec and kernels read; node readiness rewrites the node object, and a node
 * Ready again resumes its stalled pods and lets the controller schedule there.
 */
import type {LabNode, NodeKernelFaults} from '../topology-types.js';
import type {RecordEvent} from './event-recorder.js';
import type {LabCni} from '../cni.js';
import type {ClusterFaults, ExecFault, KernelFaults} from './faults.js';
import {nodeObject} from './node-object.js';
import type {ObjectStore} from './object-store.js';
import type {PodRecords} from './pod-records.js';
import {enforceLabel, type PodSecurityLevel} from './pod-security.js';
import {FieldErrors} from './status-errors.js';

/** The argument at `index` names an object the lab does not have (422 over HTTP). */
function notFoundArgument(index: number, value: string): FieldErrors {
	return new FieldErrors([{field: `args[${index}]`, type: 'Not found', value, detail: ''}]);
}

/** The faults in force (mutable: set only through ClusterFaults). */
export type ActiveFaults = {
	imageFault: string | null;
	execFault: ExecFault | null;
	/** Destinations removed from each node's kernel. */
	readonly removedRoutes: Map<string, Set<string>>;
	/** Every other kernel fault per node (kernel-fault-controls.ts). */
	readonly kernelFaults: Map<string, NodeKernelFaults>;
};

export function noFaults(): ActiveFaults {
	return {imageFault: null, execFault: null, removedRoutes: new Map(), kernelFaults: new Map()};
}

export type FaultControlsDeps = {
	readonly active: ActiveFaults;
	readonly clusterName: string;
	readonly cni: LabCni;
	readonly store: ObjectStore;
	readonly now: () => number;
	/** Replaced on setNodeReady. */
	readonly nodes: Map<string, LabNode>;
	readonly nodeUids: ReadonlyMap<string, string>;
	readonly records: PodRecords;
	readonly recordEvent: RecordEvent;
	readonly pull: (uid: string) => void;
	readonly reconcileAll: () => void;
};

export function createFaultControls({active, clusterName, cni, store, now, nodes, nodeUids, records, recordEvent, pull, reconcileAll}: FaultControlsDeps): Omit<ClusterFaults, keyof KernelFaults> {
	return {
		failImagePull(pattern) {
			active.imageFault = pattern;
		},
		setPodSecurity(namespace, level: PodSecurityLevel) {
			const updated = store.update('namespaces', null, namespace, (object) => ({
				...object,
				metadata: {...object.metadata, labels: {...object.metadata.labels, [enforceLabel]: level, [`${enforceLabel}-version`]: 'latest'}},
			}));
			if (!updated) throw notFoundArgument(0, namespace);
		},
		setNodeReady(nodeName, ready) {
			const node = nodes.get(nodeName);
			if (!node) throw notFoundArgument(0, nodeName);
			if (node.ready === ready) return;
			const next = {...node, ready};
			nodes.set(nodeName, next);
			const uid = nodeUids.get(nodeName)!;
			const object = store.update('nodes', null, nodeName, (current) =>
				nodeObject({node: next, clusterName, cni, uid, createdAt: Date.parse(current.metadata.creationTimestamp), now: now(), readySince: now()}),
			)!;
			recordEvent({
				involved: object,
				reason: ready ? 'NodeReady' : 'NodeNotReady',
				message: `Node ${nodeName} status is now: ${ready ? 'NodeReady' : 'NodeNotReady'}`,
				type: 'Normal',
				component: ready ? 'kubelet' : 'node-controller',
				...(ready ? {host: nodeName} : {}),
			});
			if (ready) {
				for (const uid of [...records.stalled]) {
					if (records.runtimes.get(uid)?.node === nodeName) pull(uid);
				}
				reconcileAll();
			}
		},
		removeRoute(nodeName, destination) {
			if (!nodes.has(nodeName)) throw notFoundArgument(0, nodeName);
			const set = active.removedRoutes.get(nodeName) ?? new Set<string>();
			set.add(destination);
			active.removedRoutes.set(nodeName, set);
		},
		restoreRoutes(nodeName) {
			if (!nodes.has(nodeName)) throw notFoundArgument(0, nodeName);
			active.removedRoutes.delete(nodeName);
		},
		setExecFault(fault) {
			if (fault?.node !== undefined && !nodes.has(fault.node)) {
				throw new FieldErrors([{field: 'args[0].node', type: 'Not found', value: fault.node, detail: ''}]);
			}
			active.execFault = fault;
		},
		jumpResourceVersion(delta) {
			if (!Number.isSafeInteger(delta) || delta < 0) {
				throw new FieldErrors([{field: 'args[0]', type: 'Invalid value', value: String(delta), detail: 'must be a whole number, 0 or more'}]);
			}
			store.jump(delta);
		},
	};
}
