/**
 * The pod row of `kubectl get pods`, as kubernetes pkg/printers/internalversion/printers.go printPod
 * computes it (v1.32): READY, STATUS (phase or reason, container waiting/terminated reasons, Init:…,
 * Terminating), RESTARTS (with "(Xm ago)"), AGE, and the wide IP / NODE / NOMINATED NODE / READINESS GATES.
 */
import {ageSince} from './human-duration.js';

type ContainerState = {
	readonly waiting?: {readonly reason?: string};
	readonly running?: unknown;
	readonly terminated?: {
		readonly reason?: string;
		readonly exitCode?: number;
		readonly signal?: number;
		readonly finishedAt?: string;
	};
};

type ContainerStatus = {
	readonly name?: string;
	readonly ready?: boolean;
	readonly started?: boolean;
	readonly restartCount?: number;
	readonly state?: ContainerState;
	readonly lastState?: ContainerState;
};

type Condition = {readonly type?: string; readonly status?: string; readonly reason?: string};

type PodLike = {
	readonly metadata: {readonly name: string; readonly creationTimestamp?: string; readonly deletionTimestamp?: string};
	readonly spec?: {
		readonly containers?: readonly unknown[];
		readonly initContainers?: readonly {readonly name?: string; readonly restartPolicy?: string}[];
		readonly nodeName?: string;
		readonly readinessGates?: readonly {readonly conditionType?: string}[];
	};
	readonly status?: {
		readonly phase?: string;
		readonly reason?: string;
		readonly nominatedNodeName?: string;
		readonly podIPs?: readonly {readonly ip?: string}[];
		readonly conditions?: readonly Condition[];
		readonly containerStatuses?: readonly ContainerStatus[];
		readonly initContainerStatuses?: readonly ContainerStatus[];
	};
};

export const podColumns = [
	{name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0},
	{name: 'Ready', type: 'string', format: '', description: 'The aggregate readiness state of this pod for accepting traffic.', priority: 0},
	{name: 'Status', type: 'string', format: '', description: 'The aggregate status of the containers in this pod.', priority: 0},
	{name: 'Restarts', type: 'string', format: '', description: 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.', priority: 0},
	{name: 'Age', type: 'string', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0},
	{name: 'IP', type: 'string', format: '', description: 'IP address allocated to the pod. Routable at least within the cluster.', priority: 1},
	{name: 'Node', type: 'string', format: '', description: "NodeName is a request to schedule this pod onto a specific node.", priority: 1},
	{name: 'Nominated Node', type: 'string', format: '', description: 'nominatedNodeName is set only when this pod preempts other pods on the node.', priority: 1},
	{name: 'Readiness Gates', type: 'string', format: '', description: 'If specified, all readiness gates will be evaluated for pod readiness.', priority: 1},
] as const;

function later(a: string | null, b: string | undefined): string | null {
	if (!b) return a;
	if (a === null) return b;
	return Date.parse(b) > Date.parse(a) ? b : a;
}

function isRestartable(container: {readonly restartPolicy?: string} | undefined): boolean {
	return container?.restartPolicy === 'Always';
}

function hasCondition(conditions: readonly Condition[], type: string): boolean {
	return conditions.some(condition => condition.type === type && condition.status === 'True');
}

export function podCells(object: unknown, now: number): readonly string[] {
	const pod = object as PodLike;
	const spec = pod.spec ?? {};
	const status = pod.status ?? {};
	const conditions = status.conditions ?? [];
	const initSpecs = new Map((spec.initContainers ?? []).map(container => [container.name ?? '', container]));
	let totalContainers = (spec.containers ?? []).length;
	for (const container of spec.initContainers ?? []) if (isRestartable(container)) totalContainers++;
	let readyContainers = 0;
	let restarts = 0;
	let restartableInitRestarts = 0;
	let lastRestart: string | null = null;
	let lastRestartableInitRestart: string | null = null;
	const phase = status.phase ?? '';
	let reason = status.reason ? status.reason : phase;
	for (const condition of conditions) {
		if (condition.type === 'PodScheduled' && condition.reason === 'SchedulingGated') reason = 'SchedulingGated';
	}

	let initializing = false;
	const initStatuses = status.initContainerStatuses ?? [];
	for (const [index, container] of initStatuses.entries()) {
		restarts += container.restartCount ?? 0;
		lastRestart = later(lastRestart, container.lastState?.terminated?.finishedAt);
		const restartable = isRestartable(initSpecs.get(container.name ?? ''));
		if (restartable) {
			restartableInitRestarts += container.restartCount ?? 0;
			lastRestartableInitRestart = later(lastRestartableInitRestart, container.lastState?.terminated?.finishedAt);
		}
		const terminated = container.state?.terminated;
		const waiting = container.state?.waiting;
		if (terminated && (terminated.exitCode ?? 0) === 0) continue;
		if (restartable && container.started === true) {
			if (container.ready) readyContainers++;
			continue;
		}
		if (terminated) {
			if (terminated.reason) reason = `Init:${terminated.reason}`;
			else if (terminated.signal) reason = `Init:Signal:${terminated.signal}`;
			else reason = `Init:ExitCode:${terminated.exitCode ?? 0}`;
		} else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
			reason = `Init:${waiting.reason}`;
		} else {
			reason = `Init:${index}/${(spec.initContainers ?? []).length}`;
		}
		initializing = true;
		break;
	}

	if (!initializing || hasCondition(conditions, 'Initialized')) {
		restarts = restartableInitRestarts;
		lastRestart = lastRestartableInitRestart;
		let hasRunning = false;
		const statuses = status.containerStatuses ?? [];
		for (let index = statuses.length - 1; index >= 0; index--) {
			const container = statuses[index];
			if (!container) continue;
			restarts += container.restartCount ?? 0;
			lastRestart = later(lastRestart, container.lastState?.terminated?.finishedAt);
			const waiting = container.state?.waiting;
			const terminated = container.state?.terminated;
			if (waiting?.reason) reason = waiting.reason;
			else if (terminated?.reason) reason = terminated.reason;
			else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
			else if (container.ready && container.state?.running !== undefined) {
				hasRunning = true;
				readyContainers++;
			}
		}
		if (reason === 'Completed' && hasRunning) reason = hasCondition(conditions, 'Ready') ? 'Running' : 'NotReady';
	}

	if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
	else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

	const restartText = restarts !== 0 && lastRestart !== null ? `${restarts} (${ageSince(lastRestart, now)} ago)` : String(restarts);
	const gates = spec.readinessGates ?? [];
	let readinessGates = '<none>';
	if (gates.length > 0) {
		const trueCount = gates.filter(gate => {
			const condition = conditions.find(item => item.type === gate.conditionType);
			return condition?.status === 'True';
		}).length;
		readinessGates = `${trueCount}/${gates.length}`;
	}
	return [
		pod.metadata.name,
		`${readyContainers}/${totalContainers}`,
		reason,
		restartText,
		ageSince(pod.metadata.creationTimestamp, now),
		status.podIPs?.[0]?.ip || '<none>',
		spec.nodeName || '<none>',
		status.nominatedNodeName || '<none>',
		readinessGates,
	];
}
