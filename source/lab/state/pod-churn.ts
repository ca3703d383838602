/**
 * An event storm for benches (`netinspect lab --pod-churn N`): N pod changes a second, as crash-looping
 * containers make them. Every 100 ms a tenth of N pods, in turn, get their first container's restartCount
 * bumped (one MODIFIED each, with a field every client's row shows). Pods gone meanwhile are skipped.
 */
import type {KubeObject} from '../cluster-types.js';
import type {ObjectStore} from './object-store.js';

export const churnTickMs = 100;

type ContainerStatus = {readonly restartCount?: number; readonly [field: string]: unknown};

/** The pod with its first container's restartCount one higher (a pod without container statuses as it is). */
export function bumpRestarts(pod: KubeObject): KubeObject {
	const status = (pod['status'] ?? {}) as {readonly containerStatuses?: readonly ContainerStatus[]};
	const [first, ...rest] = status.containerStatuses ?? [];
	if (first === undefined) return pod;
	return {...pod, status: {...status, containerStatuses: [{...first, restartCount: (first.restartCount ?? 0) + 1}, ...rest]}};
}

/** Starts the churn; returns its stop. 0 per second does nothing. */
export function startPodChurn(store: ObjectStore, perSecond: number): () => void {
	if (perSecond <= 0) return () => undefined;
	const perTick = Math.max(1, Math.round((perSecond * churnTickMs) / 1000));
	let keys: (readonly [string | null, string])[] = [];
	let next = 0;
	const timer = setInterval(() => {
		for (let done = 0; done < perTick; done++) {
			if (next >= keys.length) {
				// Once per round: the pods there are now (new ones join, deleted ones leave).
				keys = store.listStored('pods', null).map(pod => [pod.namespace, pod.name] as const);
				next = 0;
				if (keys.length === 0) return;
			}
			const [namespace, name] = keys[next++]!;
			store.update('pods', namespace, name, bumpRestarts);
		}
	}, churnTickMs);
	timer.unref();
	return () => clearInterval(timer);
}
