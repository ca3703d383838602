/**
 * The kubelet's image pull: Pulling, then after pullMs Pulled (or, for an image the failImagePull fault
 * matches, ErrImagePull, then ImagePullBackOff and a retry with doubling back-off up to 5 minutes).
 * A pod bound to a NotReady node stalls until the node is Ready again.
 */
import type {LabNode} from '../topology-types.js';
import {imageMatches, qualifiedImage} from './container-image.js';
import {terminal} from './pod-phase.js';
import type {PodRecords} from './pod-records.js';
import type {ContainerState, PodRuntime} from './pod-runtime.js';
import {containersOf, type ContainerSpec} from './pod-spec.js';
import type {PodTimers} from './pod-timers.js';

export type ImagePullDeps = {
	readonly records: PodRecords;
	readonly timers: PodTimers;
	readonly nodes: ReadonlyMap<string, LabNode>;
	/** The failImagePull pattern, read at each step. */
	readonly imageFault: () => string | null;
	readonly pullMs: number;
	/** All images are pulled: the containers may start. */
	readonly onPulled: (uid: string) => void;
};

/** Starts (or retries) pulling the images of the bound pod `uid`. */
export type PullImages = (uid: string) => void;

export function createImagePull({records, timers, nodes, imageFault, pullMs, onPulled}: ImagePullDeps): PullImages {
	const {runtimes, setRuntime, kubeletEvent} = records;
	const pull = (uid: string): void => {
		const runtime = runtimes.get(uid);
		if (!runtime?.node || terminal(runtime)) return;
		if (!nodes.get(runtime.node)?.ready) {
			records.stalled.add(uid);
			return;
		}
		records.stalled.delete(uid);
		const pod = records.podByUid(uid)!;
		const failing = containersOf(pod).find((container) => {
			const pattern = imageFault();
			return pattern !== null && imageMatches(pattern, container.image);
		});
		if ((records.pullAttempts.get(uid) ?? 0) === 0) {
			for (const container of containersOf(pod)) kubeletEvent(uid, 'Pulling', `Pulling image "${container.image}"`, 'Normal', container.name);
		}
		timers.later(uid, pullMs, () => {
			const current = runtimes.get(uid);
			if (!current || terminal(current)) return;
			const pattern = imageFault();
			if (failing && pattern !== null && imageMatches(pattern, failing.image)) {
				pullFailed(uid, failing);
				return;
			}
			for (const container of containersOf(pod)) {
				kubeletEvent(uid, 'Pulled', `Successfully pulled image "${container.image}" in ${pullMs}ms (${pullMs}ms including waiting). Image size: 4269542 bytes.`, 'Normal', container.name);
			}
			onPulled(uid);
		});
	};

	const pullFailed = (uid: string, failing: ContainerSpec): void => {
		const runtime = runtimes.get(uid)!;
		const reference = qualifiedImage(failing.image);
		const message = `failed to pull and unpack image "${reference}": failed to resolve reference "${reference}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
		const withState = (state: ContainerState): PodRuntime => ({...runtime, containers: {...runtime.containers, [failing.name]: state}});
		setRuntime(uid, withState({state: 'waiting', reason: 'ErrImagePull', message}));
		kubeletEvent(uid, 'Failed', `Failed to pull image "${failing.image}": ${message}`, 'Warning', failing.name);
		kubeletEvent(uid, 'Failed', 'Error: ErrImagePull', 'Warning', failing.name);
		const attempt = (records.pullAttempts.get(uid) ?? 0) + 1;
		records.pullAttempts.set(uid, attempt);
		timers.later(uid, pullMs, () => {
			const current = runtimes.get(uid);
			if (!current || terminal(current)) return;
			setRuntime(uid, {...current, containers: {...current.containers, [failing.name]: {state: 'waiting', reason: 'ImagePullBackOff', message: `Back-off pulling image "${failing.image}"`}}});
			kubeletEvent(uid, 'BackOff', `Back-off pulling image "${failing.image}"`, 'Normal', failing.name);
			timers.later(uid, Math.min(pullMs * 2 ** attempt, 300_000), () => pull(uid));
		});
	};

	return pull;
}
