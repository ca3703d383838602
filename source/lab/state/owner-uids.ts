/** Stable uids for the lab's owners (ReplicaSets, DaemonSets, Nodes) so ownerReferences agree everywhere. */
import {randomUUID} from 'node:crypto';
import type {OwnerUids} from './seed-objects.js';

/** `nodeUids`: the uids the node objects were stored with; other owners get one uid per kind and name. */
export function createOwnerUids(nodeUids: ReadonlyMap<string, string>): OwnerUids {
	const ownerUids = new Map<string, string>();
	const uidFor = (kind: string, name: string): string => {
		const key = `${kind}/${name}`;
		let uid = ownerUids.get(key);
		if (!uid) {
			uid = randomUUID();
			ownerUids.set(key, uid);
		}
		return uid;
	};
	return {
		replicaSet: (name) => uidFor('ReplicaSet', name),
		daemonSet: (name) => uidFor('DaemonSet', name),
		node: (name) => nodeUids.get(name) ?? uidFor('Node', name),
	};
}
