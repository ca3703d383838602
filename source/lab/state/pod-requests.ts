/**
 * Pod create and delete as the API server and kubelet answer them. Create: admission (Pod Security of the
 * namespace, defaults, generateName), then scheduling after scheduleMs when spec.nodeName is set.
 * Delete: graceful (deletionTimestamp, MODIFIED, then DELETED after min(grace, stopMs); `sleep`
 * containers ignore SIGTERM and take the whole grace period); grace 0, unscheduled or finished pods go
 * at once.
 */
import {randomUUID} from 'node:crypto';
import type {KubeObject, LabCluster} from '../cluster-types.js';
import {nameSuffix} from './name-suffix.js';
import type {ObjectStore} from './object-store.js';
import {admitPod} from './pod-admission.js';
import {terminal} from './pod-phase.js';
import type {PodRecords} from './pod-records.js';
import {enforceLabel, parseLevel} from './pod-security.js';
import {containersOf, hasReplicaSetOwner, specOf} from './pod-spec.js';
import type {PodTimers} from './pod-timers.js';
import {notFound} from './status-errors.js';
import {apiTime} from './timestamps.js';

export type PodRequestsDeps = {
	readonly store: ObjectStore;
	readonly now: () => number;
	readonly records: PodRecords;
	readonly timers: PodTimers;
	readonly bind: (uid: string, nodeName: string, bySchedulerToo: boolean) => void;
	readonly removePod: (uid: string) => KubeObject | null;
	readonly reconcileAll: () => void;
	readonly scheduleMs: number;
	readonly stopMs: number;
};

export type PodRequests = Pick<LabCluster, 'createPod' | 'deletePod'>;

export function createPodRequests({store, now, records, timers, bind, removePod, reconcileAll, scheduleMs, stopMs}: PodRequestsDeps): PodRequests {
	return {
		createPod(namespace, body, {dryRun}) {
			const namespaceObjectNow = store.get('namespaces', null, namespace);
			const level = parseLevel(namespaceObjectNow?.metadata.labels?.[enforceLabel]);
			const admitted = admitPod(body, {
				namespace,
				namespaceExists: namespaceObjectNow !== null,
				level,
				nameTaken: (name) => store.get('pods', namespace, name) !== null,
				uid: randomUUID(),
				now: now(),
				suffix: () => nameSuffix(),
			});
			if (!admitted.ok || dryRun) return admitted;
			const uid = admitted.value.metadata.uid;
			const stored = records.addPod(admitted.value, {uid, node: null, hostIp: null, podIp: null, startTime: null, phase: 'Pending', containers: {}, restarts: 0});
			const nodeName = specOf(stored)['nodeName'];
			if (typeof nodeName === 'string' && nodeName !== '') timers.later(uid, scheduleMs, () => bind(uid, nodeName, false));
			return {ok: true, value: stored};
		},

		deletePod(namespace, name, {gracePeriodSeconds}) {
			const pod = store.get('pods', namespace, name);
			const uid = pod?.metadata.uid;
			const runtime = uid ? records.runtimes.get(uid) : undefined;
			if (!pod || !uid || !runtime) return {ok: false, error: notFound('pods', name)};
			const specGrace = specOf(pod)['terminationGracePeriodSeconds'];
			const grace = Math.max(0, Math.floor(gracePeriodSeconds ?? (typeof specGrace === 'number' ? specGrace : 30)));
			if (grace === 0 || runtime.node === null || terminal(runtime)) {
				return {ok: true, value: removePod(uid)!};
			}
			if (pod.metadata.deletionTimestamp) return {ok: true, value: pod};
			const updated = store.update('pods', namespace, name, (current) => ({
				...current,
				metadata: {...current.metadata, deletionTimestamp: apiTime(now() + grace * 1000), deletionGracePeriodSeconds: grace},
			}))!;
			for (const container of containersOf(pod)) records.kubeletEvent(uid, 'Killing', `Stopping container ${container.name}`, 'Normal', container.name);
			const ignoresTerm = containersOf(pod).some((container) => container.argv[0] === 'sleep');
			timers.later(uid, ignoresTerm ? grace * 1000 : Math.min(grace * 1000, stopMs), () => removePod(uid));
			if (hasReplicaSetOwner(pod)) reconcileAll();
			return {ok: true, value: updated};
		},
	};
}
