/**
 * Commands run inside a pod: a host-network pod runs them on its node's kernel (lab/kernel via the
 * KernelPort, built when the command runs from the node list, that node's pods, the cluster's CNI and the
 * node's faults: no node's tables exist before a command asks for them); any other pod only knows `hostname` and
 * `sleep N`, since the lab does not simulate pod network namespaces.
 */
import type {KubeObject} from '../cluster-types.js';
import type {LabCni} from '../cni.js';
import type {LabNode, LabPodNetwork, NodeKernelFaults} from '../topology-types.js';
import type {CommandOutput, KernelPort} from './kernel-port.js';
import type {ObjectStore} from './object-store.js';
import {terminal} from './pod-phase.js';
import type {PodRecords} from './pod-records.js';
import type {PodRuntime} from './pod-runtime.js';
import {specOf} from './pod-spec.js';

export type PodCommands = {
	/**
	 * Every scheduled pod with an IP that is not finished (on `node` only, when given), as the kernels see them.
	 * The whole list is cached per store resourceVersion: every runtime change is written to the store.
	 */
	readonly kernelPods: (node?: string) => readonly LabPodNetwork[];
	readonly runInPod: (pod: KubeObject, runtime: PodRuntime, argv: readonly string[], image: string) => CommandOutput;
};

export type PodCommandsDeps = {
	readonly store: ObjectStore;
	readonly kernel: KernelPort;
	readonly nodes: ReadonlyMap<string, LabNode>;
	readonly records: PodRecords;
	readonly cni: LabCni;
	/** Destinations removed from each node's kernel (the removeRoute fault). */
	readonly removedRoutes: ReadonlyMap<string, ReadonlySet<string>>;
	/** Every other kernel fault per node. */
	readonly kernelFaults: ReadonlyMap<string, NodeKernelFaults>;
};

/** One object for "no faults", so the kernel cache sees the same faults while there are none. */
const noKernelFaults: NodeKernelFaults = {};

export function createPodCommands({store, kernel, nodes, records, cni, removedRoutes, kernelFaults}: PodCommandsDeps): PodCommands {
	// A probe runs several commands every few seconds; a walk over 150,000 pods for each one kept the lab busy.
	// Kept per store resourceVersion, the whole list and each node's: an idle cluster probed every 5 s walks once.
	let cachedVersion = -1;
	let all: readonly LabPodNetwork[] | null = null;
	let nodeList: readonly LabNode[] | null = null;
	const perNode = new Map<string, readonly LabPodNetwork[]>();
	const walk = (node: string | undefined): LabPodNetwork[] => {
		const pods: LabPodNetwork[] = [];
		for (const uid of node === undefined ? records.runtimes.keys() : records.uidsOnNode(node)) {
			const runtime = records.runtimes.get(uid);
			if (!runtime) continue;
			const key = records.keys.get(uid);
			if (!key || !runtime.node || !runtime.podIp || terminal(runtime)) continue;
			pods.push({namespace: key.namespace, name: key.name, node: runtime.node, ip: runtime.podIp, hostNetwork: key.hostNetwork});
		}
		return pods;
	};
	const kernelPods = (node?: string): readonly LabPodNetwork[] => {
		const version = store.current();
		if (version !== cachedVersion) {
			cachedVersion = version;
			all = null;
			nodeList = null;
			perNode.clear();
		}
		if (node === undefined) return (all ??= walk(undefined));
		// One node's kernel needs only its own pods: skip the others before reading their objects (a sweep
		// creates a pod per node, so the version is new at every command).
		let pods = perNode.get(node);
		if (pods === undefined) {
			pods = all === null ? walk(node) : all.filter(pod => pod.node === node);
			perNode.set(node, pods);
		}
		return pods;
	};
	const runOnNode = (nodeName: string, argv: readonly string[], image: string): CommandOutput =>
		kernel.run(
			{
				pods: kernelPods(nodeName),
				// After kernelPods: the same list while the store's resourceVersion stays (node changes are writes).
				nodes: (nodeList ??= [...nodes.values()]),
				node: nodeName,
				removedRoutes: [...(removedRoutes.get(nodeName) ?? [])],
				cni,
				faults: kernelFaults.get(nodeName) ?? noKernelFaults,
			},
			argv,
			image,
		);
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
	return {kernelPods, runInPod};
}
