/**
 * What the lab's kubelet keeps per pod uid besides the API object: its runtime (node, IP, container
 * states), the container logs, finite programs waiting for an attach, image-pull attempts, pods stalled
 * on a NotReady node, and who waits for the pod to finish. Writing a runtime re-renders the pod's status.
 */
import type {KubeObject} from '../cluster-types.js';
import type {RecordEvent} from './event-recorder.js';
import type {CommandOutput} from './kernel-port.js';
import type {ObjectStore} from './object-store.js';
import {terminal} from './pod-phase.js';
import {renderPodStatus, type PodRuntime} from './pod-runtime.js';
import {containersOf, specOf} from './pod-spec.js';

/** hostNetwork: from the spec, which does not change after create (a node's kernel lists its host-network pods). */
export type PodKey = {readonly namespace: string; readonly name: string; readonly hostNetwork: boolean};

/** A finite container command's output, kept for the attach replay (kubectl debug -it). */
export type Program = {readonly output: CommandOutput; readonly waitForAttach: boolean};

export type PodRecords = {
	/** Read-only: write through addPod/setRuntime/forget, which keep `uidsOnNode` in step. */
	readonly runtimes: ReadonlyMap<string, PodRuntime>;
	/** The uids of the pods whose runtime is on `node`: a node's kernel needs its own pods, not a walk over all. */
	readonly uidsOnNode: (node: string) => ReadonlySet<string>;
	readonly keys: Map<string, PodKey>;
	readonly logs: Map<string, Map<string, string>>;
	readonly programs: Map<string, Map<string, Program>>;
	readonly pullAttempts: Map<string, number>;
	/** Bound to a NotReady node: pulled again once it is Ready. */
	readonly stalled: Set<string>;
	readonly podByUid: (uid: string) => KubeObject | null;
	/** Stores the object and remembers its runtime. */
	readonly addPod: (object: KubeObject, runtime: PodRuntime) => KubeObject;
	/** Records the runtime, re-renders status (merging `specChange` into spec); wakes waiters when terminal. */
	readonly setRuntime: (uid: string, runtime: PodRuntime, specChange?: Readonly<Record<string, unknown>>) => void;
	readonly kubeletEvent: (uid: string, reason: string, message: string, type?: 'Normal' | 'Warning', container?: string) => void;
	readonly appendLog: (uid: string, container: string, text: string) => void;
	/** Resolves once the pod is terminal or gone, the signal aborts, or wakeAll. */
	readonly waitTermination: (uid: string, signal: AbortSignal) => Promise<void>;
	/** Forgets everything about the pod (not its API object) and wakes its waiters. */
	readonly forget: (uid: string) => void;
	readonly wakeAll: () => void;
};

export function createPodRecords(store: ObjectStore, now: () => number, recordEvent: RecordEvent): PodRecords {
	const runtimes = new Map<string, PodRuntime>();
	const keys = new Map<string, PodKey>();
	const logs = new Map<string, Map<string, string>>();
	const programs = new Map<string, Map<string, Program>>();
	const terminationWaiters = new Map<string, Set<() => void>>();
	const pullAttempts = new Map<string, number>();
	const stalled = new Set<string>();
	const byNode = new Map<string, Set<string>>();
	const none: ReadonlySet<string> = new Set();
	const place = (uid: string, runtime: PodRuntime | null): void => {
		const before = runtimes.get(uid)?.node ?? null;
		const after = runtime?.node ?? null;
		if (before !== after && before !== null) {
			const set = byNode.get(before);
			set?.delete(uid);
			if (set?.size === 0) byNode.delete(before);
		}
		if (after !== null) {
			let set = byNode.get(after);
			if (!set) byNode.set(after, (set = new Set()));
			set.add(uid);
		}
		if (runtime) runtimes.set(uid, runtime);
		else runtimes.delete(uid);
	};

	const wake = (uid: string): void => {
		for (const waiter of terminationWaiters.get(uid) ?? []) waiter();
		terminationWaiters.delete(uid);
	};
	const podByUid = (uid: string): KubeObject | null => {
		const key = keys.get(uid);
		return key ? store.get('pods', key.namespace, key.name) : null;
	};

	return {
		runtimes,
		uidsOnNode: node => byNode.get(node) ?? none,
		keys,
		logs,
		programs,
		pullAttempts,
		stalled,
		podByUid,
		addPod(object, runtime) {
			keys.set(object.metadata.uid, {
				namespace: object.metadata.namespace ?? 'default',
				name: object.metadata.name,
				hostNetwork: specOf(object)['hostNetwork'] === true,
			});
			place(object.metadata.uid, runtime);
			return store.add('pods', object);
		},
		setRuntime(uid, runtime, specChange) {
			place(uid, runtime);
			const key = keys.get(uid);
			if (!key) return;
			store.update('pods', key.namespace, key.name, (pod) => {
				const spec = specChange ? {...specOf(pod), ...specChange} : specOf(pod);
				const containers = containersOf({...pod, spec});
				return {...pod, spec, status: renderPodStatus(containers, runtime, now())};
			});
			if (terminal(runtime)) wake(uid);
		},
		kubeletEvent(uid, reason, message, type = 'Normal', container) {
			const pod = podByUid(uid);
			const runtime = runtimes.get(uid);
			if (!pod) return;
			recordEvent({
				involved: pod,
				reason,
				message,
				type,
				component: 'kubelet',
				...(runtime?.node ? {host: runtime.node} : {}),
				...(container ? {fieldPath: `spec.containers{${container}}`} : {}),
			});
		},
		appendLog(uid, container, text) {
			const byContainer = logs.get(uid) ?? new Map<string, string>();
			logs.set(uid, byContainer);
			byContainer.set(container, (byContainer.get(container) ?? '') + text);
		},
		waitTermination: (uid, signal) =>
			new Promise((resolve) => {
				const runtime = runtimes.get(uid);
				if (!runtime || terminal(runtime) || signal.aborted) {
					resolve();
					return;
				}
				const waiters = terminationWaiters.get(uid) ?? new Set();
				terminationWaiters.set(uid, waiters);
				const waiter = () => {
					waiters.delete(waiter);
					resolve();
				};
				waiters.add(waiter);
				signal.addEventListener('abort', waiter, {once: true});
			}),
		forget(uid) {
			place(uid, null);
			keys.delete(uid);
			logs.delete(uid);
			programs.delete(uid);
			stalled.delete(uid);
			pullAttempts.delete(uid);
			wake(uid);
		},
		wakeAll() {
			for (const waiters of terminationWaiters.values()) for (const waiter of [...waiters]) waiter();
			terminationWaiters.clear();
		},
	};
}
