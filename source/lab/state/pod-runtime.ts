/**
 * What the kubelet knows of a pod (node, IP, container states) and how it renders into `status`,
 * the way kubelet 1.32 writes it: conditions, hostIP(s), podIP(s), containerStatuses.
 */
import {createHash} from 'node:crypto';
import {imageId, qualifiedImage} from './container-image.js';
import {apiTime} from './timestamps.js';

export type ContainerState =
	| {readonly state: 'waiting'; readonly reason: string; readonly message?: string}
	| {readonly state: 'running'; readonly startedAt: number}
	| {
			readonly state: 'terminated';
			readonly exitCode: number;
			readonly reason: string;
			readonly startedAt: number;
			readonly finishedAt: number;
			readonly message?: string;
	  };

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export type PodRuntime = {
	readonly uid: string;
	readonly node: string | null;
	readonly hostIp: string | null;
	readonly podIp: string | null;
	readonly startTime: number | null;
	readonly phase: PodPhase;
	readonly reason?: string;
	readonly message?: string;
	/** By container name, in spec order. */
	readonly containers: Readonly<Record<string, ContainerState>>;
	readonly restarts: number;
};

export type SpecContainer = {readonly name: string; readonly image: string};

function condition(type: string, status: boolean, at: number, reason?: string, message?: string) {
	return {
		type,
		status: status ? 'True' : 'False',
		lastProbeTime: null,
		lastTransitionTime: apiTime(at),
		...(reason ? {reason} : {}),
		...(message ? {message} : {}),
	};
}

function stateJson(container: ContainerState, containerId: string) {
	switch (container.state) {
		case 'waiting':
			return {waiting: {reason: container.reason, ...(container.message ? {message: container.message} : {})}};
		case 'running':
			return {running: {startedAt: apiTime(container.startedAt)}};
		case 'terminated':
			return {
				terminated: {
					exitCode: container.exitCode,
					reason: container.reason,
					...(container.message ? {message: container.message} : {}),
					startedAt: apiTime(container.startedAt),
					finishedAt: apiTime(container.finishedAt),
					containerID: containerId,
				},
			};
	}
}

export function containerId(podUid: string, name: string): string {
	return `containerd://${createHash('sha256').update(`${podUid}/${name}`).digest('hex')}`;
}

/** The pod's `status` for its spec containers and runtime; `at` dates the conditions' transitions. */
export function renderPodStatus(containers: readonly SpecContainer[], runtime: PodRuntime, at: number): Record<string, unknown> {
	const base = {
		phase: runtime.phase,
		...(runtime.reason ? {reason: runtime.reason} : {}),
		...(runtime.message ? {message: runtime.message} : {}),
		qosClass: 'BestEffort',
	};
	if (runtime.node === null) return base;
	const states = containers.map((container) => runtime.containers[container.name] ?? {state: 'waiting' as const, reason: 'ContainerCreating'});
	const allRunning = states.every((state) => state.state === 'running');
	const terminal = runtime.phase === 'Succeeded' || runtime.phase === 'Failed';
	const unready = containers.filter((_, index) => states[index]!.state !== 'running').map((container) => container.name);
	const notReadyReason = terminal ? 'PodCompleted' : 'ContainersNotReady';
	const notReadyMessage = terminal ? undefined : `containers with unready status: [${unready.join(' ')}]`;
	const sandboxReady = runtime.podIp !== null && !terminal;
	return {
		...base,
		conditions: [
			condition('PodReadyToStartContainers', sandboxReady, at),
			condition('Initialized', true, at, terminal ? 'PodCompleted' : undefined),
			allRunning ? condition('Ready', true, at) : condition('Ready', false, at, notReadyReason, notReadyMessage),
			allRunning ? condition('ContainersReady', true, at) : condition('ContainersReady', false, at, notReadyReason, notReadyMessage),
			condition('PodScheduled', true, at),
		],
		hostIP: runtime.hostIp,
		hostIPs: runtime.hostIp ? [{ip: runtime.hostIp}] : [],
		...(runtime.podIp ? {podIP: runtime.podIp, podIPs: [{ip: runtime.podIp}]} : {}),
		...(runtime.startTime === null ? {} : {startTime: apiTime(runtime.startTime)}),
		containerStatuses: containers.map((container, index) => {
			const state = states[index]!;
			const started = state.state !== 'waiting';
			const id = containerId(runtime.uid, container.name);
			return {
				name: container.name,
				state: stateJson(state, id),
				lastState: {},
				ready: state.state === 'running',
				restartCount: runtime.restarts,
				image: qualifiedImage(container.image),
				imageID: started ? imageId(container.image) : '',
				...(started ? {containerID: id} : {}),
				started: state.state === 'running',
			};
		}),
	};
}
