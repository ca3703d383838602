/**
 * A kubelet-like pod lifecycle on timers:
 * - scheduled (bind): PodScheduled, containers waiting ContainerCreating; on a NotReady node it stays so
 *   until the node is Ready again;
 * - after the image pull (image-pull.ts) and startMs: Running with an IP from the node's Calico block
 *   (host-network pods: the node IP);
 * - a container whose command is a finite node command (`route -n`) runs it once: its output is the log
 *   and the attach replay. With stdin (kubectl debug -it) it stays Running until attached (or 60 s);
 *   without, it terminates at once. `sleep N` runs N s. No command or a bare shell: runs until deleted.
 *   Terminated containers end the pod Succeeded (all exit 0) or Failed, whatever the restartPolicy.
 * - activeDeadlineSeconds: Failed, reason DeadlineExceeded.
 */
import type {KubeObject} from '../cluster-types.js';
import type {LabNode} from '../topology-types.js';
import type {RecordEvent} from './event-recorder.js';
import {createImagePull, type PullImages} from './image-pull.js';
import type {IpAllocator} from './ip-allocator.js';
import type {ObjectStore} from './object-store.js';
import type {PodCommands} from './pod-commands.js';
import {phaseOf, terminal} from './pod-phase.js';
import type {PodRecords, Program} from './pod-records.js';
import type {ContainerState, PodRuntime} from './pod-runtime.js';
import {containersOf, hasReplicaSetOwner, specOf} from './pod-spec.js';
import type {PodTimers} from './pod-timers.js';

const shells = new Set(['sh', 'bash', 'ash', '/bin/sh', '/bin/bash', '/bin/ash']);
/** A finite command waiting for `kubectl debug -it` to attach gives up after this long. */
const attachWaitMs = 60_000;

export type PodLifecycleDeps = {
	readonly store: ObjectStore;
	readonly now: () => number;
	readonly nodes: ReadonlyMap<string, LabNode>;
	readonly allocators: ReadonlyMap<string, IpAllocator>;
	readonly records: PodRecords;
	readonly timers: PodTimers;
	readonly commands: PodCommands;
	readonly recordEvent: RecordEvent;
	readonly imageFault: () => string | null;
	readonly pullMs: number;
	readonly startMs: number;
	/** Pods finished or went away: the controller may need replacements. */
	readonly reconcileAll: () => void;
};

export type PodLifecycle = {
	/** Puts the pod on the node; `bySchedulerToo`: also writes spec.nodeName and a Scheduled event. */
	readonly bind: (uid: string, nodeName: string, bySchedulerToo: boolean) => void;
	readonly pull: PullImages;
	readonly finishContainer: (uid: string, name: string, exitCode: number) => void;
	/** Deletes the pod object now and forgets it; null when the lab does not know the uid. */
	readonly removePod: (uid: string) => KubeObject | null;
};

export function createPodLifecycle(deps: PodLifecycleDeps): PodLifecycle {
	const {store, now, nodes, allocators, records, timers, commands, recordEvent, reconcileAll} = deps;
	const {runtimes, podByUid, setRuntime, kubeletEvent} = records;
	const later = timers.later;

	const pull = createImagePull({records, timers, nodes, imageFault: deps.imageFault, pullMs: deps.pullMs, onPulled: (uid) => later(uid, deps.startMs, () => start(uid))});

	const bind = (uid: string, nodeName: string, bySchedulerToo: boolean): void => {
		const runtime = runtimes.get(uid);
		const node = nodes.get(nodeName);
		const pod = podByUid(uid);
		if (!runtime || !node || !pod || runtime.node !== null) return;
		const containers: Record<string, ContainerState> = {};
		for (const container of containersOf(pod)) containers[container.name] = {state: 'waiting', reason: 'ContainerCreating'};
		setRuntime(uid, {...runtime, node: node.name, hostIp: node.internalIp, startTime: now(), containers}, bySchedulerToo ? {nodeName} : undefined);
		if (bySchedulerToo) {
			recordEvent({
				involved: podByUid(uid)!,
				reason: 'Scheduled',
				message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`,
				type: 'Normal',
				component: 'default-scheduler',
			});
		}
		const deadline = specOf(pod)['activeDeadlineSeconds'];
		if (typeof deadline === 'number' && deadline > 0) later(uid, deadline * 1000, () => exceedDeadline(uid));
		pull(uid);
	};

	const start = (uid: string): void => {
		const runtime = runtimes.get(uid);
		const pod = podByUid(uid);
		if (!runtime?.node || !pod || terminal(runtime)) return;
		if (!nodes.get(runtime.node)?.ready) {
			records.stalled.add(uid);
			return;
		}
		const node = nodes.get(runtime.node)!;
		const hostNetwork = specOf(pod)['hostNetwork'] === true;
		let podIp = runtime.podIp;
		if (podIp === null) podIp = hostNetwork ? node.internalIp : (allocators.get(node.name)?.allocate() ?? null);
		if (podIp === null) {
			setRuntime(uid, {...runtime, containers: Object.fromEntries(Object.keys(runtime.containers).map((name) => [name, {state: 'waiting', reason: 'ContainerCreating', message: 'failed to assign an IP address to container: no free address in the node\'s Calico block'}]))});
			return;
		}
		const at = now();
		const containers: Record<string, ContainerState> = {};
		const ready = {...runtime, podIp};
		const programsOf = new Map<string, Program>();
		records.programs.set(uid, programsOf);
		for (const container of containersOf(pod)) {
			kubeletEvent(uid, 'Created', `Created container ${container.name}`, 'Normal', container.name);
			kubeletEvent(uid, 'Started', `Started container ${container.name}`, 'Normal', container.name);
			const [program] = container.argv;
			if (program === undefined || (shells.has(program) && !container.argv.includes('-c'))) {
				containers[container.name] = {state: 'running', startedAt: at};
				continue;
			}
			const output = commands.runInPod(pod, ready, container.argv, container.image);
			records.appendLog(uid, container.name, output.stdout + output.stderr);
			if (output.sleepSeconds !== undefined) {
				containers[container.name] = {state: 'running', startedAt: at};
				later(uid, output.sleepSeconds * 1000, () => finishContainer(uid, container.name, output.exitCode));
			} else if (container.stdin) {
				containers[container.name] = {state: 'running', startedAt: at};
				programsOf.set(container.name, {output, waitForAttach: true});
				later(uid, attachWaitMs, () => finishContainer(uid, container.name, output.exitCode));
			} else {
				containers[container.name] = {state: 'terminated', exitCode: output.exitCode, reason: output.exitCode === 0 ? 'Completed' : 'Error', startedAt: at, finishedAt: at};
			}
		}
		setRuntime(uid, {...ready, containers, phase: phaseOf(containers)});
		if (terminal(runtimes.get(uid)!)) afterFinish(uid);
	};

	const finishContainer = (uid: string, name: string, exitCode: number): void => {
		const runtime = runtimes.get(uid);
		const state = runtime?.containers[name];
		if (!runtime || state?.state !== 'running') return;
		const containers = {...runtime.containers, [name]: {state: 'terminated' as const, exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: state.startedAt, finishedAt: now()}};
		setRuntime(uid, {...runtime, containers, phase: phaseOf(containers)});
		if (terminal(runtimes.get(uid)!)) afterFinish(uid);
	};

	const afterFinish = (uid: string): void => {
		timers.clear(uid);
		const pod = podByUid(uid);
		if (pod?.metadata.deletionTimestamp) later(uid, 0, () => removePod(uid));
		if (!pod || hasReplicaSetOwner(pod)) reconcileAll();
	};

	const exceedDeadline = (uid: string): void => {
		const runtime = runtimes.get(uid);
		if (!runtime || terminal(runtime)) return;
		const at = now();
		const containers: Record<string, ContainerState> = {};
		for (const [name, state] of Object.entries(runtime.containers)) {
			containers[name] = state.state === 'running' ? {state: 'terminated', exitCode: 137, reason: 'Error', startedAt: state.startedAt, finishedAt: at} : state;
		}
		setRuntime(uid, {...runtime, containers, phase: 'Failed', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline'});
		kubeletEvent(uid, 'DeadlineExceeded', 'Pod was active on the node longer than the specified deadline', 'Warning');
		afterFinish(uid);
	};

	const removePod = (uid: string): KubeObject | null => {
		const key = records.keys.get(uid);
		const runtime: PodRuntime | undefined = runtimes.get(uid);
		timers.clear(uid);
		if (!key) return null;
		const removed = store.remove('pods', key.namespace, key.name);
		if (runtime?.node && runtime.podIp) allocators.get(runtime.node)?.release(runtime.podIp);
		records.forget(uid);
		if (!removed || hasReplicaSetOwner(removed)) reconcileAll();
		return removed;
	};

	return {bind, pull, finishContainer, removePod};
}
