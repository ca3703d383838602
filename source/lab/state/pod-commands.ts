/**
 * Commands run inside a pod: a host-network pod runs them on its node's kernel (lab/kernel via the
 * KernelPort, built from the current pods and removed routes); any other pod only knows `hostname` and
 * `sleep N`, since the lab does not simulate pod network namespaces.
 */
import type {KubeObject} from '../cluster-types.js';
import type {LabNode, LabPodNetwork} from '../topology-types.js';
import type {CommandOutput, KernelPort} from './kernel-port.js';
import type {ObjectStore} from './object-store.js';
import {terminal} from './pod-phase.js';
import type {PodRecords} from './pod-records.js';
import type {PodRuntime} from './pod-runtime.js';
import {specOf} from './pod-spec.js';

export type PodCommands = {
	/** Every scheduled pod with an IP that is not finished, as the kernels see them. */
	/** Cached per store resourceVersion: every runtime change is written to the store, so it bumps the version. */
	readonly kernelPods: () => readonly LabPodNetwork[];
	readonly runInPod: (pod: KubeObject, runtime: PodRuntime, argv: readonly string[], image: string) => CommandOutput;
};

export type PodCommandsDeps = {
	readonly store: ObjectStore;
	readonly kernel: KernelPort;
	readonly nodes: ReadonlyMap<string, LabNode>;
	readonly records: PodRecords;
	/** Destinations removed from each node's kernel (the removeRoute fault). */
	readonly removedRoutes: ReadonlyMap<string, ReadonlySet<string>>;
};

export function createPodCommands({store, kernel, nodes, records, removedRoutes}: PodCommandsDeps): PodCommands {
	// A probe runs several commands every few seconds; a walk over 150,000 pods for each one kept the lab busy.
	let cached: {readonly version: number; readonly pods: readonly LabPodNetwork[]} | null = null;
	const kernelPods = (): readonly LabPodNetwork[] => {
		const version = store.current();
		if (cached?.version === version) return cached.pods;
		const pods: LabPodNetwork[] = [];
		for (const [uid, runtime] of records.runtimes) {
			const key = records.keys.get(uid);
			if (!key || !runtime.node || !runtime.podIp || terminal(runtime)) continue;
			const pod = store.get('pods', key.namespace, key.name);
			pods.push({namespace: key.namespace, name: key.name, node: runtime.node, ip: runtime.podIp, hostNetwork: specOf(pod!)['hostNetwork'] === true});
		}
		cached = {version, pods};
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
	return {kernelPods, runInPod};
}
