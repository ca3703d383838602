/**
 * The lab's cluster state: implements LabCluster (../cluster-types.ts) over one object store, with a
 * kubelet-like pod lifecycle on timers, a ReplicaSet controller, node kernels for exec, and faults.
 *
 * Lifecycle of a created pod:
 * - no spec.nodeName: stays Pending unscheduled (there is no general scheduler; only the controller's
 *   pods are scheduled, to the Ready worker with the fewest of its replicas);
 * - scheduled (after schedulingDelayMs): PodScheduled, containers waiting ContainerCreating;
 *   on a NotReady node it stays so until the node is Ready again;
 * - after imagePullDelayMs (+ containerStartDelayMs): Running with an IP from the node's Calico block
 *   (host-network pods: the node IP); a failing image gives ErrImagePull, then ImagePullBackOff, retried
 *   with doubling back-off;
 * - a container whose command is a finite node command (`route -n`) runs it once: its output is the log
 *   and the attach replay. With stdin (kubectl debug -it) it stays Running until attached (or 60 s);
 *   without, it terminates at once. `sleep N` runs N s. No command or a bare shell: runs until deleted.
 *   Terminated containers end the pod Succeeded (all exit 0) or Failed, whatever the restartPolicy.
 * - activeDeadlineSeconds: Failed, reason DeadlineExceeded.
 * - delete: graceful (deletionTimestamp, MODIFIED, then DELETED after min(grace, terminationDelayMs);
 *   `sleep` containers ignore SIGTERM and take the whole grace period); grace 0, unscheduled or
 *   finished pods go at once.
 */
import {randomUUID} from 'node:crypto';
import type {
	ExecIo,
	ExecRequest,
	KubeObject,
	LabCluster,
	ResourceKind,
	Result,
	StatusError,
} from '../cluster-types.js';
import type {LabNode, LabPodNetwork} from '../topology-types.js';
import {imageMatches, qualifiedImage} from './container-image.js';
import type {ClusterFaults, ExecFault} from './faults.js';
import {createIpAllocator, type IpAllocator} from './ip-allocator.js';
import {labKernel, type CommandOutput, type KernelPort} from './kernel-port.js';
import {eventObject, leaseObject, namespaceObject, type EventInput} from './misc-objects.js';
import {nameSuffix} from './name-suffix.js';
import {createObjectStore} from './object-store.js';
import {admitPod} from './pod-admission.js';
import {renderPodStatus, type ContainerState, type PodRuntime} from './pod-runtime.js';
import {enforceLabel, parseLevel, type PodSecurityLevel} from './pod-security.js';
import {nodeObject} from './node-object.js';
import {seedPod, type OwnerUids} from './seed-objects.js';
import {badRequest, internalError, notFound} from './status-errors.js';
import {apiTime} from './timestamps.js';
import type {LabReplicaSetSeed, LabTopology} from './topology.js';

export type LabClusterOptions = {
	readonly topology: LabTopology;
	/** How long ContainerCreating lasts (image pull); default 400. */
	readonly imagePullDelayMs?: number;
	/** From create to PodScheduled; default 50. */
	readonly schedulingDelayMs?: number;
	/** From image pulled to Running; default 0. */
	readonly containerStartDelayMs?: number;
	/** How long a container takes to stop on SIGTERM (capped by the grace period); default 1000. */
	readonly terminationDelayMs?: number;
	/** Watch history ring; default 1000. */
	readonly historySize?: number;
	readonly now?: () => number;
	/** The nodes' kernels and command table; default lab/kernel/. */
	readonly kernel?: KernelPort;
};

export type LabClusterHandle = LabCluster & {readonly faults: ClusterFaults; readonly topology: LabTopology};

const baseNamespaces = ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'local-path-storage'];
const shells = new Set(['sh', 'bash', 'ash', '/bin/sh', '/bin/bash', '/bin/ash']);
/** A finite command waiting for `kubectl debug -it` to attach gives up after this long. */
const attachWaitMs = 60_000;
/** Oldest events are deleted beyond this many, as their TTL would. */
const maxEvents = 500;

type SpecContainer = {
	readonly name: string;
	readonly image: string;
	readonly argv: readonly string[];
	readonly stdin: boolean;
};

type Program = {readonly output: CommandOutput; readonly waitForAttach: boolean};

function asRecord(value: unknown): Readonly<Record<string, unknown>> {
	return typeof value === 'object' && value !== null ? (value as Readonly<Record<string, unknown>>) : {};
}

function specOf(pod: KubeObject): Readonly<Record<string, unknown>> {
	return asRecord(pod['spec']);
}

function containersOf(pod: KubeObject): readonly SpecContainer[] {
	const list = specOf(pod)['containers'];
	return (Array.isArray(list) ? list : []).map((value: unknown) => {
		const container = asRecord(value);
		const strings = (field: unknown): string[] => (Array.isArray(field) ? field.map(String) : []);
		return {
			name: String(container['name'] ?? ''),
			image: String(container['image'] ?? ''),
			argv: [...strings(container['command']), ...strings(container['args'])],
			stdin: container['stdin'] === true,
		};
	});
}

function defaultContainer(pod: KubeObject): string | null {
	const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
	const containers = containersOf(pod);
	if (annotated && containers.some((container) => container.name === annotated)) return annotated;
	return containers[0]?.name ?? null;
}

function terminal(runtime: PodRuntime): boolean {
	return runtime.phase === 'Succeeded' || runtime.phase === 'Failed';
}

function waitForAbort(signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal.aborted) resolve();
		else signal.addEventListener('abort', () => resolve(), {once: true});
	});
}

export function createLabCluster(options: LabClusterOptions): LabClusterHandle {
	const topology = options.topology;
	const now = options.now ?? Date.now;
	const pullMs = options.imagePullDelayMs ?? 400;
	const scheduleMs = options.schedulingDelayMs ?? 50;
	const startMs = options.containerStartDelayMs ?? 0;
	const stopMs = options.terminationDelayMs ?? 1000;
	const kernel = options.kernel ?? labKernel;
	const store = createObjectStore({historySize: options.historySize ?? 1000});
	// Pods by owner uid, kept current from the store's own events: the controller asks for a replica set's
	// pods on every reconcile, and listing (and sorting) every pod there made big clusters quadratic.
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
	const startedAt = now();

	const nodes = new Map<string, LabNode>(topology.nodes.map((node) => [node.name, node]));
	const nodeUids = new Map<string, string>();
	const allocators = new Map<string, IpAllocator>();
	const runtimes = new Map<string, PodRuntime>();
	const keys = new Map<string, {readonly namespace: string; readonly name: string}>();
	const logs = new Map<string, Map<string, string>>();
	const programs = new Map<string, Map<string, Program>>();
	const podTimers = new Map<string, Set<NodeJS.Timeout>>();
	const terminationWaiters = new Map<string, Set<() => void>>();
	const pullAttempts = new Map<string, number>();
	const stalled = new Set<string>();
	const removedRoutes = new Map<string, Set<string>>();
	const eventKeys: {readonly namespace: string; readonly name: string}[] = [];
	const ownerUids = new Map<string, string>();
	let imageFault: string | null = null;
	let execFault: ExecFault | null = null;
	let closed = false;

	const uidFor = (kind: string, name: string): string => {
		const key = `${kind}/${name}`;
		let uid = ownerUids.get(key);
		if (!uid) {
			uid = randomUUID();
			ownerUids.set(key, uid);
		}
		return uid;
	};
	const owners: OwnerUids = {
		replicaSet: (name) => uidFor('ReplicaSet', name),
		daemonSet: (name) => uidFor('DaemonSet', name),
		node: (name) => nodeUids.get(name) ?? uidFor('Node', name),
	};

	// ---- timers -------------------------------------------------------------------------------------
	const later = (uid: string, ms: number, run: () => void): void => {
		if (closed) return;
		const timers = podTimers.get(uid) ?? new Set();
		podTimers.set(uid, timers);
		const timer = setTimeout(() => {
			timers.delete(timer);
			if (!closed) run();
		}, Math.max(0, ms));
		timer.unref();
		timers.add(timer);
	};
	const clearTimers = (uid: string): void => {
		for (const timer of podTimers.get(uid) ?? []) clearTimeout(timer);
		podTimers.delete(uid);
	};

	// ---- events -------------------------------------------------------------------------------------
	const recordEvent = (input: Omit<EventInput, 'uid' | 'at'> & {readonly at?: number}): void => {
		const event = store.add('events', eventObject({...input, uid: randomUUID(), at: input.at ?? now()}));
		eventKeys.push({namespace: event.metadata.namespace ?? 'default', name: event.metadata.name});
		while (eventKeys.length > maxEvents) {
			const oldest = eventKeys.shift()!;
			store.remove('events', oldest.namespace, oldest.name);
		}
	};

	// ---- pods ---------------------------------------------------------------------------------------
	const podByUid = (uid: string): KubeObject | null => {
		const key = keys.get(uid);
		return key ? store.get('pods', key.namespace, key.name) : null;
	};
	const setRuntime = (uid: string, runtime: PodRuntime, specChange?: Readonly<Record<string, unknown>>): void => {
		runtimes.set(uid, runtime);
		const key = keys.get(uid);
		if (!key) return;
		store.update('pods', key.namespace, key.name, (pod) => {
			const spec = specChange ? {...specOf(pod), ...specChange} : specOf(pod);
			const containers = containersOf({...pod, spec});
			return {...pod, spec, status: renderPodStatus(containers, runtime, now())};
		});
		if (terminal(runtime)) {
			for (const wake of terminationWaiters.get(uid) ?? []) wake();
			terminationWaiters.delete(uid);
		}
	};
	const kubeletEvent = (uid: string, reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal', container?: string): void => {
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
	};

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

	const pull = (uid: string): void => {
		const runtime = runtimes.get(uid);
		if (!runtime?.node || terminal(runtime)) return;
		if (!nodes.get(runtime.node)?.ready) {
			stalled.add(uid);
			return;
		}
		stalled.delete(uid);
		const pod = podByUid(uid)!;
		const failing = containersOf(pod).find((container) => imageFault !== null && imageMatches(imageFault, container.image));
		if ((pullAttempts.get(uid) ?? 0) === 0) {
			for (const container of containersOf(pod)) kubeletEvent(uid, 'Pulling', `Pulling image "${container.image}"`, 'Normal', container.name);
		}
		later(uid, pullMs, () => {
			const current = runtimes.get(uid);
			if (!current || terminal(current)) return;
			if (failing && imageFault !== null && imageMatches(imageFault, failing.image)) {
				pullFailed(uid, failing);
				return;
			}
			for (const container of containersOf(pod)) {
				kubeletEvent(uid, 'Pulled', `Successfully pulled image "${container.image}" in ${pullMs}ms (${pullMs}ms including waiting). Image size: 4269542 bytes.`, 'Normal', container.name);
			}
			later(uid, startMs, () => start(uid));
		});
	};

	const pullFailed = (uid: string, failing: SpecContainer): void => {
		const runtime = runtimes.get(uid)!;
		const reference = qualifiedImage(failing.image);
		const message = `failed to pull and unpack image "${reference}": failed to resolve reference "${reference}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
		const withState = (state: ContainerState): PodRuntime => ({...runtime, containers: {...runtime.containers, [failing.name]: state}});
		setRuntime(uid, withState({state: 'waiting', reason: 'ErrImagePull', message}));
		kubeletEvent(uid, 'Failed', `Failed to pull image "${failing.image}": ${message}`, 'Warning', failing.name);
		kubeletEvent(uid, 'Failed', 'Error: ErrImagePull', 'Warning', failing.name);
		const attempt = (pullAttempts.get(uid) ?? 0) + 1;
		pullAttempts.set(uid, attempt);
		later(uid, pullMs, () => {
			const current = runtimes.get(uid);
			if (!current || terminal(current)) return;
			setRuntime(uid, {...current, containers: {...current.containers, [failing.name]: {state: 'waiting', reason: 'ImagePullBackOff', message: `Back-off pulling image "${failing.image}"`}}});
			kubeletEvent(uid, 'BackOff', `Back-off pulling image "${failing.image}"`, 'Normal', failing.name);
			later(uid, Math.min(pullMs * 2 ** attempt, 300_000), () => pull(uid));
		});
	};

	const kernelPods = (): LabPodNetwork[] => {
		const pods: LabPodNetwork[] = [];
		for (const [uid, runtime] of runtimes) {
			const key = keys.get(uid);
			if (!key || !runtime.node || !runtime.podIp || terminal(runtime)) continue;
			const pod = store.get('pods', key.namespace, key.name);
			pods.push({namespace: key.namespace, name: key.name, node: runtime.node, ip: runtime.podIp, hostNetwork: specOf(pod!)['hostNetwork'] === true});
		}
		return pods;
	};
	const runOnNode = (nodeName: string, argv: readonly string[], image: string): CommandOutput =>
		kernel.run({nodes: [...nodes.values()], pods: kernelPods(), node: nodeName, removedRoutes: [...(removedRoutes.get(nodeName) ?? [])]}, argv, image);
	const runInPod = (pod: KubeObject, runtime: PodRuntime, argv: readonly string[], image: string): CommandOutput => {
		if (specOf(pod)['hostNetwork'] === true && runtime.node) return runOnNode(runtime.node, argv, image);
		const [program, ...args] = argv;
		if (program === 'hostname') return {stdout: `${pod.metadata.name}\n`, stderr: '', exitCode: 0};
		if (program === 'sleep' && args.length === 1 && /^\d+(\.\d+)?$/.test(args[0]!)) {
			return {stdout: '', stderr: '', exitCode: 0, sleepSeconds: Number(args[0])};
		}
		return {
			stdout: '',
			stderr: 'netinspect lab: only host-network pods run network commands (their node\'s kernel); this pod has its own network namespace, which the lab does not simulate\n',
			exitCode: 126,
		};
	};

	const appendLog = (uid: string, container: string, text: string): void => {
		const byContainer = logs.get(uid) ?? new Map<string, string>();
		logs.set(uid, byContainer);
		byContainer.set(container, (byContainer.get(container) ?? '') + text);
	};

	const start = (uid: string): void => {
		const runtime = runtimes.get(uid);
		const pod = podByUid(uid);
		if (!runtime?.node || !pod || terminal(runtime)) return;
		if (!nodes.get(runtime.node)?.ready) {
			stalled.add(uid);
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
		programs.set(uid, programsOf);
		for (const container of containersOf(pod)) {
			kubeletEvent(uid, 'Created', `Created container ${container.name}`, 'Normal', container.name);
			kubeletEvent(uid, 'Started', `Started container ${container.name}`, 'Normal', container.name);
			const [program] = container.argv;
			if (program === undefined || (shells.has(program) && !container.argv.includes('-c'))) {
				containers[container.name] = {state: 'running', startedAt: at};
				continue;
			}
			const output = runInPod(pod, ready, container.argv, container.image);
			appendLog(uid, container.name, output.stdout + output.stderr);
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

	const phaseOf = (containers: Readonly<Record<string, ContainerState>>): PodRuntime['phase'] => {
		const states = Object.values(containers);
		if (states.some((state) => state.state !== 'terminated')) return states.some((state) => state.state === 'running') ? 'Running' : 'Pending';
		return states.every((state) => state.state === 'terminated' && state.exitCode === 0) ? 'Succeeded' : 'Failed';
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
		clearTimers(uid);
		const pod = podByUid(uid);
		if (pod?.metadata.deletionTimestamp) later(uid, 0, () => removePod(uid));
		reconcileAll();
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
		const key = keys.get(uid);
		const runtime = runtimes.get(uid);
		clearTimers(uid);
		if (!key) return null;
		const removed = store.remove('pods', key.namespace, key.name);
		if (runtime?.node && runtime.podIp) allocators.get(runtime.node)?.release(runtime.podIp);
		runtimes.delete(uid);
		keys.delete(uid);
		logs.delete(uid);
		programs.delete(uid);
		stalled.delete(uid);
		pullAttempts.delete(uid);
		for (const wake of terminationWaiters.get(uid) ?? []) wake();
		terminationWaiters.delete(uid);
		reconcileAll();
		return removed;
	};

	const addPod = (object: KubeObject, runtime: PodRuntime): KubeObject => {
		keys.set(object.metadata.uid, {namespace: object.metadata.namespace ?? 'default', name: object.metadata.name});
		runtimes.set(object.metadata.uid, runtime);
		return store.add('pods', object);
	};

	// ---- controller ---------------------------------------------------------------------------------
	const replicaSets = topology.replicaSets ?? [];
	let reconciling = false;
	const activeReplicas = (replicaSet: LabReplicaSetSeed): KubeObject[] => {
		const uid = owners.replicaSet(replicaSet.name);
		return [...(podsByOwner.get(uid)?.values() ?? [])].filter((pod) => {
			const runtime = runtimes.get(pod.metadata.uid);
			return pod.metadata.namespace === replicaSet.namespace && !pod.metadata.deletionTimestamp && runtime !== undefined && !terminal(runtime);
		});
	};
	const pickNode = (replicaSet: LabReplicaSetSeed): LabNode | null => {
		const active = activeReplicas(replicaSet);
		const workloads = kernelPods().filter((pod) => !pod.hostNetwork);
		const candidates = [...nodes.values()].filter((node) => node.ready && (node.role === 'worker' || nodes.size === 1));
		const score = (node: LabNode): [number, number, string] => [
			active.filter((pod) => specOf(pod)['nodeName'] === node.name || runtimes.get(pod.metadata.uid)?.node === node.name).length,
			workloads.filter((pod) => pod.node === node.name).length,
			node.name,
		];
		candidates.sort((a, b) => {
			const [x1, y1, n1] = score(a);
			const [x2, y2, n2] = score(b);
			return x1 - x2 || y1 - y2 || (n1 < n2 ? -1 : 1);
		});
		return candidates[0] ?? null;
	};
	const reconcile = (replicaSet: LabReplicaSetSeed): void => {
		for (let missing = replicaSet.replicas - activeReplicas(replicaSet).length; missing > 0; missing--) {
			let name = `${replicaSet.name}-${nameSuffix()}`;
			while (store.get('pods', replicaSet.namespace, name)) name = `${replicaSet.name}-${nameSuffix()}`;
			const admitted = admitPod(
				{
					metadata: {
						name,
						generateName: `${replicaSet.name}-`,
						labels: {...replicaSet.labels},
						ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: replicaSet.name, uid: owners.replicaSet(replicaSet.name), controller: true, blockOwnerDeletion: true}],
					},
					spec: {containers: [{name: replicaSet.containerName, image: replicaSet.image}]},
				},
				{namespace: replicaSet.namespace, namespaceExists: true, level: 'privileged', nameTaken: () => false, uid: randomUUID(), now: now(), suffix: () => nameSuffix()},
			);
			if (!admitted.ok) return;
			const node = pickNode(replicaSet);
			const uid = admitted.value.metadata.uid;
			addPod(admitted.value, {uid, node: null, hostIp: null, podIp: null, startTime: null, phase: 'Pending', containers: {}, restarts: 0});
			if (node) later(uid, scheduleMs, () => bind(uid, node.name, true));
		}
	};
	function reconcileAll(): void {
		if (reconciling || closed) return;
		reconciling = true;
		try {
			for (const replicaSet of replicaSets) reconcile(replicaSet);
		} finally {
			reconciling = false;
		}
	}

	// ---- seeding ------------------------------------------------------------------------------------
	const clusterCreated = startedAt - 146 * 60_000;
	for (const name of [...baseNamespaces, ...(topology.extraNamespaces ?? [])]) {
		if (!store.get('namespaces', null, name)) store.add('namespaces', namespaceObject(name, randomUUID(), clusterCreated));
	}
	for (const node of topology.nodes) {
		const uid = randomUUID();
		nodeUids.set(node.name, uid);
		const createdAt = node.role === 'control-plane' ? clusterCreated : clusterCreated + 60_000;
		const object = store.add('nodes', nodeObject({node, clusterName: topology.name, uid, createdAt, now: startedAt}));
		store.add('leases', leaseObject({name: node.name, uid}, randomUUID(), createdAt, startedAt - 3_000));
		const allocator = createIpAllocator(node.block);
		allocator.reserve(node.tunnelAddress);
		allocators.set(node.name, allocator);
		const about = {involved: object, type: 'Normal' as const, host: node.name};
		recordEvent({...about, at: createdAt, reason: 'Starting', message: 'Starting kubelet.', component: 'kubelet'});
		recordEvent({...about, at: createdAt + 5_000, reason: 'RegisteredNode', message: `Node ${node.name} event: Registered Node ${node.name} in Controller`, component: 'node-controller'});
		recordEvent({...about, at: createdAt + 20_000, reason: 'NodeReady', message: `Node ${node.name} status is now: NodeReady`, component: 'kubelet'});
	}
	for (const seed of topology.pods) {
		const node = nodes.get(seed.node);
		if (!node) throw new Error(`createLabCluster: pod ${seed.namespace}/${seed.name} is on unknown node ${seed.node}`);
		if (!store.get('namespaces', null, seed.namespace)) store.add('namespaces', namespaceObject(seed.namespace, randomUUID(), clusterCreated));
		const {object, runtime} = seedPod(seed, node, randomUUID(), owners, startedAt);
		if (!seed.hostNetwork) allocators.get(node.name)?.reserve(seed.ip);
		addPod(object, runtime);
	}
	reconcileAll();

	// ---- exec, attach, log --------------------------------------------------------------------------
	type Target = {readonly pod: KubeObject; readonly runtime: PodRuntime; readonly container: SpecContainer};
	const resolveTarget = (namespace: string, name: string, containerName: string | null): Result<Target> => {
		const pod = store.get('pods', namespace, name);
		const runtime = pod ? runtimes.get(pod.metadata.uid) : undefined;
		if (!pod || !runtime) return {ok: false, error: notFound('pods', name)};
		const wanted = containerName === null || containerName === '' ? defaultContainer(pod) : containerName;
		const container = containersOf(pod).find((candidate) => candidate.name === wanted);
		if (!container) return {ok: false, error: badRequest(`container ${wanted ?? ''} is not valid for pod ${name}`)};
		return {ok: true, value: {pod, runtime, container}};
	};
	const runningTarget = (request: Omit<ExecRequest, 'command'>, verb: 'exec' | 'attach'): Result<Target> => {
		const target = resolveTarget(request.namespace, request.pod, request.container);
		if (!target.ok) return target;
		const {runtime, container} = target.value;
		if (terminal(runtime)) {
			const action = verb === 'exec' ? 'exec into' : 'attach to';
			return {ok: false, error: badRequest(`cannot ${action} a container in a completed pod; current phase is ${runtime.phase}`)};
		}
		if (runtime.containers[container.name]?.state !== 'running') {
			return {ok: false, error: badRequest(`container not found ("${container.name}")`)};
		}
		return target;
	};
	const faultFor = (runtime: PodRuntime): ExecFault | null =>
		execFault && (execFault.node === undefined || execFault.node === runtime.node) ? execFault : null;
	const sleepAbortable = (seconds: number, signal: AbortSignal): Promise<boolean> =>
		new Promise((resolve) => {
			if (signal.aborted) {
				resolve(false);
				return;
			}
			const timer = setTimeout(() => {
				signal.removeEventListener('abort', onAbort);
				resolve(true);
			}, seconds * 1000);
			timer.unref();
			const onAbort = () => {
				clearTimeout(timer);
				resolve(false);
			};
			signal.addEventListener('abort', onAbort, {once: true});
		});
	const aborted: StatusError = internalError('the client went away before the command finished');
	const waitTermination = (uid: string, signal: AbortSignal): Promise<void> =>
		new Promise((resolve) => {
			const runtime = runtimes.get(uid);
			if (!runtime || terminal(runtime) || signal.aborted) {
				resolve();
				return;
			}
			const waiters = terminationWaiters.get(uid) ?? new Set();
			terminationWaiters.set(uid, waiters);
			const wake = () => {
				waiters.delete(wake);
				resolve();
			};
			waiters.add(wake);
			signal.addEventListener('abort', wake, {once: true});
		});

	const exec: LabCluster['exec'] = async (request, io: ExecIo) => {
		const target = runningTarget(request, 'exec');
		if (!target.ok) return target;
		const {pod, runtime, container} = target.value;
		const fault = faultFor(runtime);
		if (fault?.mode === 'hang') {
			await waitForAbort(io.signal);
			return {ok: false, error: aborted};
		}
		const output = runInPod(pod, runtime, request.command, container.image);
		if (fault?.mode === 'truncate') {
			io.stdout(output.stdout.slice(0, Math.floor(output.stdout.length / 2)));
			return {ok: false, error: internalError('error reading from error stream: the connection to the node was lost')};
		}
		if (output.stdout) io.stdout(output.stdout);
		if (output.stderr) io.stderr(output.stderr);
		if (output.sleepSeconds !== undefined && output.sleepSeconds > 0) {
			const finished = await sleepAbortable(output.sleepSeconds, io.signal);
			if (!finished) return {ok: false, error: aborted};
		}
		return {ok: true, value: {exitCode: output.exitCode}};
	};

	const attach: LabCluster['attach'] = async (request, io) => {
		const target = runningTarget(request, 'attach');
		if (!target.ok) return target;
		const {pod, container} = target.value;
		const uid = pod.metadata.uid;
		const program = programs.get(uid)?.get(container.name);
		if (program?.waitForAttach) {
			programs.get(uid)?.delete(container.name);
			if (program.output.stdout) io.stdout(program.output.stdout);
			if (program.output.stderr) io.stderr(program.output.stderr);
			finishContainer(uid, container.name, program.output.exitCode);
			return {ok: true, value: {exitCode: program.output.exitCode}};
		}
		await waitTermination(uid, io.signal);
		if (io.signal.aborted) return {ok: false, error: aborted};
		const state = runtimes.get(uid)?.containers[container.name];
		return {ok: true, value: {exitCode: state?.state === 'terminated' ? state.exitCode : 0}};
	};

	const podLog: LabCluster['podLog'] = (namespace, name, containerName) => {
		const target = resolveTarget(namespace, name, containerName);
		if (!target.ok) return target;
		const {pod, runtime, container} = target.value;
		const state = runtime.containers[container.name];
		if (!state || state.state === 'waiting') {
			const reason = state?.state === 'waiting' ? state.reason : 'ContainerCreating';
			return {ok: false, error: badRequest(`container "${container.name}" in pod "${name}" is waiting to start: ${reason}`)};
		}
		return {ok: true, value: logs.get(pod.metadata.uid)?.get(container.name) ?? ''};
	};

	// ---- create, delete -----------------------------------------------------------------------------
	const createPod: LabCluster['createPod'] = (namespace, body, {dryRun}) => {
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
		const stored = addPod(admitted.value, {uid, node: null, hostIp: null, podIp: null, startTime: null, phase: 'Pending', containers: {}, restarts: 0});
		const nodeName = specOf(stored)['nodeName'];
		if (typeof nodeName === 'string' && nodeName !== '') later(uid, scheduleMs, () => bind(uid, nodeName, false));
		return {ok: true, value: stored};
	};

	const deletePod: LabCluster['deletePod'] = (namespace, name, {gracePeriodSeconds}) => {
		const pod = store.get('pods', namespace, name);
		const uid = pod?.metadata.uid;
		const runtime = uid ? runtimes.get(uid) : undefined;
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
		for (const container of containersOf(pod)) kubeletEvent(uid, 'Killing', `Stopping container ${container.name}`, 'Normal', container.name);
		const ignoresTerm = containersOf(pod).some((container) => container.argv[0] === 'sleep');
		later(uid, ignoresTerm ? grace * 1000 : Math.min(grace * 1000, stopMs), () => removePod(uid));
		reconcileAll();
		return {ok: true, value: updated};
	};

	// ---- faults -------------------------------------------------------------------------------------
	const faults: ClusterFaults = {
		failImagePull(pattern) {
			imageFault = pattern;
		},
		setPodSecurity(namespace, level: PodSecurityLevel) {
			const updated = store.update('namespaces', null, namespace, (object) => ({
				...object,
				metadata: {...object.metadata, labels: {...object.metadata.labels, [enforceLabel]: level, [`${enforceLabel}-version`]: 'latest'}},
			}));
			if (!updated) throw new Error(`setPodSecurity: no namespace ${namespace}`);
		},
		setNodeReady(nodeName, ready) {
			const node = nodes.get(nodeName);
			if (!node) throw new Error(`setNodeReady: no node ${nodeName}`);
			if (node.ready === ready) return;
			const next = {...node, ready};
			nodes.set(nodeName, next);
			const uid = nodeUids.get(nodeName)!;
			const object = store.update('nodes', null, nodeName, (current) =>
				nodeObject({node: next, clusterName: topology.name, uid, createdAt: Date.parse(current.metadata.creationTimestamp), now: now(), readySince: now()}),
			)!;
			recordEvent({
				involved: object,
				reason: ready ? 'NodeReady' : 'NodeNotReady',
				message: `Node ${nodeName} status is now: ${ready ? 'NodeReady' : 'NodeNotReady'}`,
				type: 'Normal',
				component: ready ? 'kubelet' : 'node-controller',
				...(ready ? {host: nodeName} : {}),
			});
			if (ready) {
				for (const uid of [...stalled]) {
					if (runtimes.get(uid)?.node === nodeName) pull(uid);
				}
				reconcileAll();
			}
		},
		removeRoute(nodeName, destination) {
			const set = removedRoutes.get(nodeName) ?? new Set<string>();
			set.add(destination);
			removedRoutes.set(nodeName, set);
		},
		restoreRoutes(nodeName) {
			removedRoutes.delete(nodeName);
		},
		setExecFault(fault) {
			execFault = fault;
		},
		jumpResourceVersion(delta) {
			store.jump(delta);
		},
	};

	return {
		topology,
		faults,
		currentResourceVersion: store.current,
		list: (resource: ResourceKind, namespace) => ({items: store.list(resource, namespace), resourceVersion: store.current()}),
		get: store.get,
		eventsSince: store.eventsSince,
		subscribe: store.subscribe,
		createPod,
		deletePod,
		podLog,
		exec,
		attach,
		close() {
			closed = true;
			for (const uid of [...podTimers.keys()]) clearTimers(uid);
			for (const waiters of terminationWaiters.values()) for (const wake of [...waiters]) wake();
			terminationWaiters.clear();
		},
	};
}
