/**
 * Pods by owner uid, kept current from the store's own events: the controller asks for a replica set's
 * pods on every reconcile, and listing (and sorting) every pod there made big clusters quadratic.
 */
import type {KubeObject} from '../cluster-types.js';
import type {ObjectStore} from './object-store.js';
import {asRecord} from './pod-spec.js';

/** The current pods whose ownerReferences name `ownerUid`, in no particular order. */
export type PodsByOwner = (ownerUid: string) => Iterable<KubeObject>;

/** Subscribe before anything else does, so every subscriber sees the index already updated. */
export function indexPodsByOwner(store: ObjectStore): PodsByOwner {
	const podsByOwner = new Map<string, Map<string, KubeObject>>();
	store.subscribe((event) => {
		if (event.resource !== 'pods') return;
		const key = `${event.object.metadata.namespace ?? ''}/${event.object.metadata.name}`;
		for (const owner of event.object.metadata.ownerReferences ?? []) {
			const ownerUid = asRecord(owner)['uid'];
			if (typeof ownerUid !== 'string') continue;
			let pods = podsByOwner.get(ownerUid);
			if (!pods) {
				pods = new Map();
				podsByOwner.set(ownerUid, pods);
			}
			if (event.type === 'DELETED') pods.delete(key);
			else pods.set(key, event.object);
		}
	});
	return (ownerUid) => podsByOwner.get(ownerUid)?.values() ?? [];
}
