/**
 * Pods by owner uid, kept current from the store's own events: the controller asks for a replica set's
 * pods on every reconcile, and listing (and sorting) every pod there made big clusters quadratic.
 */
import type {ObjectStore} from './object-store.js';
import {asRecord, specOf} from './pod-spec.js';

/** What the controller reads of an owned pod (a summary: the whole objects would stay alive here). */
export type OwnedPod = {
	readonly uid: string;
	readonly namespace: string | null;
	readonly deleting: boolean;
	readonly nodeName: string | null;
};

/** The current pods whose ownerReferences name `ownerUid`, in no particular order. */
export type PodsByOwner = (ownerUid: string) => Iterable<OwnedPod>;

/** Subscribe before anything else does, so every subscriber sees the index already updated. */
export function indexPodsByOwner(store: ObjectStore): PodsByOwner {
	const podsByOwner = new Map<string, Map<string, OwnedPod>>();
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
			else {
				const {metadata} = event.object;
				const nodeName = specOf(event.object)['nodeName'];
				pods.set(key, {
					uid: metadata.uid,
					namespace: metadata.namespace ?? null,
					deleting: Boolean(metadata.deletionTimestamp),
					nodeName: typeof nodeName === 'string' ? nodeName : null,
				});
			}
		}
	});
	return (ownerUid) => podsByOwner.get(ownerUid)?.values() ?? [];
}
