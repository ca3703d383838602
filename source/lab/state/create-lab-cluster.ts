/**
 * The lab's cluster state: implements LabCluster (../cluster-types.ts) over one object store, with a
 * kubelet-like pod lifecycle on timers (pod-lifecycle.ts, image-pull.ts), a ReplicaSet controller
 * (replica-controller.ts), node kernels for exec (pod-commands.ts, pod-exec.ts), create and delete
 * (pod-requests.ts) and faults (fault-controls.ts). This file only wires them together.
 */
import type {LabCluster, ResourceKind} from '../cluster-types.js';
import type {LabNode} from '../topology-types.js';
import {createEventRecorder} from './event-recorder.js';
import {defaultCni} from '../cni.js';
import {createFaultControls, noFaults} from './fault-controls.js';
import type {ClusterFaults} from './faults.js';
import type {IpAllocator} from './ip-allocator.js';
import {createKernelFaultControls} from './kernel-fault-controls.js';
import {createLabKernel, type KernelPort} from './kernel-port.js';
import {createObjectStore} from './object-store.js';
import {createOwnerUids} from './owner-uids.js';
import {createPodCommands} from './pod-commands.js';
import {createPodExec} from './pod-exec.js';
import {createPodLifecycle} from './pod-lifecycle.js';
import {createPodRecords} from './pod-records.js';
import {createPodRequests} from './pod-requests.js';
import {startPodChurn} from './pod-churn.js';
import {createPodTimers} from './pod-timers.js';
import {indexPodsByOwner} from './pods-by-owner.js';
import {createReplicaController} from './replica-controller.js';
import {seedCluster} from './seeding.js';
import type {LabTopology} from './topology.js';

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
	/** Watch history ring: events always kept; default 1000. */
	readonly historySize?: number;
	/** Also kept: events younger than this, up to 102,400, as the apiserver's watch cache; default 75 s (0: off). */
	readonly historyFreshMs?: number;
	/** Pod changes a second for benches (pod-churn.ts); default 0. */
	readonly podChurnPerSecond?: number;
	readonly now?: () => number;
	/** The nodes' kernels and command table; default lab/kernel/. */
	readonly kernel?: KernelPort;
};

/** `topology` without its pods: once seeded they live in the store (keeping 150,000 seeds cost ~40 MB). */
export type LabClusterHandle = LabCluster & {readonly faults: ClusterFaults; readonly topology: Omit<LabTopology, 'pods'>};

export function createLabCluster(options: LabClusterOptions): LabClusterHandle {
	const topology = options.topology;
	const now = options.now ?? Date.now;
	const pullMs = options.imagePullDelayMs ?? 400;
	const scheduleMs = options.schedulingDelayMs ?? 50;
	const startMs = options.containerStartDelayMs ?? 0;
	const stopMs = options.terminationDelayMs ?? 1000;
	const kernel = options.kernel ?? createLabKernel();
	const freshMs = options.historyFreshMs ?? 75_000;
	const store = createObjectStore({historySize: options.historySize ?? 1000, fresh: freshMs > 0 ? {ms: freshMs, max: 102_400, now} : null});
	const podsByOwner = indexPodsByOwner(store);
	const startedAt = now();

	const nodes = new Map<string, LabNode>(topology.nodes.map((node) => [node.name, node]));
	const nodeUids = new Map<string, string>();
	const allocators = new Map<string, IpAllocator>();
	const active = noFaults();
	const timers = createPodTimers();
	const recordEvent = createEventRecorder(store, now);
	const records = createPodRecords(store, now, recordEvent);
	const owners = createOwnerUids(nodeUids);
	const cni = topology.cni ?? defaultCni;
	const commands = createPodCommands({store, kernel, nodes, records, cni, removedRoutes: active.removedRoutes, kernelFaults: active.kernelFaults});

	// The lifecycle and the controller call each other: finished or removed pods may need replacements,
	// and replacements need binding. Neither calls the other while being created.
	const lifecycle = createPodLifecycle({
		store, now, nodes, allocators, records, timers, commands, recordEvent,
		imageFault: () => active.imageFault,
		pullMs,
		startMs,
		reconcileAll: () => reconcileAll(),
	});
	const reconcileAll = createReplicaController({
		replicaSets: topology.replicaSets ?? [],
		store, now, nodes, records, timers, owners, podsByOwner,
		kernelPods: commands.kernelPods,
		bind: lifecycle.bind,
		scheduleMs,
	});

	seedCluster({topology, store, startedAt, nodes, nodeUids, allocators, owners, recordEvent, addPod: records.addPod});
	reconcileAll();

	const {exec, attach, podLog} = createPodExec({
		store, records,
		runInPod: commands.runInPod,
		finishContainer: lifecycle.finishContainer,
		execFault: () => active.execFault,
	});
	const {createPod, deletePod} = createPodRequests({
		store, now, records, timers, scheduleMs, stopMs, reconcileAll,
		bind: lifecycle.bind,
		removePod: lifecycle.removePod,
	});
	const faults: ClusterFaults = {
		...createFaultControls({
		active, clusterName: topology.name, cni, store, now, nodes, nodeUids, records, recordEvent, reconcileAll,
		pull: lifecycle.pull,
		}),
		...createKernelFaultControls({kernelFaults: active.kernelFaults, removedRoutes: active.removedRoutes, nodes, store}),
	};

	const stopChurn = startPodChurn(store, options.podChurnPerSecond ?? 0);

	const {pods: _seeded, ...described} = topology;
	return {
		topology: described,
		faults,
		currentResourceVersion: store.current,
		list: (resource: ResourceKind, namespace) => ({items: store.list(resource, namespace), resourceVersion: store.current()}),
		listStored: (resource: ResourceKind, namespace) => ({items: store.listStored(resource, namespace), resourceVersion: store.current()}),
		get: store.get,
		eventsSince: store.eventsSince,
		subscribe: store.subscribe,
		createPod,
		deletePod,
		podLog,
		exec,
		attach,
		close() {
			stopChurn();
			timers.close();
			records.wakeAll();
		},
	};
}
