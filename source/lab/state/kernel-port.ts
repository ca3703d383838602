/**
 * The one place lab/state/ reaches into the nodes' kernels (lab/kernel/): derive a node's kernel from the
 * node list, its pods, the CNI and its faults, then run a command against it with the image's tool flavour.
 * Injectable (LabClusterOptions.kernel) so lifecycle tests do not depend on the renderers.
 */
import type {LabCni} from '../cni.js';
import {deriveNodeKernel, imageFlavor, runNodeCommand} from '../kernel/index.js';
import type {NodeKernel} from '../kernel/node-kernel.js';
import type {LabNode, LabPodNetwork, NodeKernelFaults} from '../topology-types.js';

export type CommandOutput = {
	readonly stdout: string;
	readonly stderr: string;
	readonly exitCode: number;
	/** The command sleeps this long after printing (e.g. `sleep 5`). */
	readonly sleepSeconds?: number;
};

export type KernelInput = {
	readonly nodes: readonly LabNode[];
	/** The node's own pods are enough: other nodes' pod ranges come from `nodes`. */
	readonly pods: readonly LabPodNetwork[];
	readonly node: string;
	readonly removedRoutes: readonly string[];
	readonly cni?: LabCni;
	readonly faults?: NodeKernelFaults;
};

export type KernelPort = {
	/** Runs argv on the node's current kernel as a container with `image` would. */
	readonly run: (input: KernelInput, argv: readonly string[], image: string) => CommandOutput;
};

/** Kernels kept: a probe runs several commands on one node every few seconds. */
const keptKernels = 4;

/**
 * The node's kernel, derived again only when its inputs changed: the same node, node list and pod list
 * (pod-commands.ts keeps both per store resourceVersion), the same faults object (replaced on every change)
 * and removed routes. Deriving a node of a 5,000-node cluster takes ~15 ms; an idle probe asks every 5 s.
 */
function createKernelCache(): (input: KernelInput) => NodeKernel {
	const kept: {readonly input: KernelInput; readonly removed: string; readonly kernel: NodeKernel}[] = [];
	return input => {
		const removed = input.removedRoutes.join('\n');
		const found = kept.find(
			entry =>
				entry.input.node === input.node &&
				entry.input.nodes === input.nodes &&
				entry.input.pods === input.pods &&
				entry.input.cni === input.cni &&
				entry.input.faults === input.faults &&
				entry.removed === removed,
		);
		if (found) return found.kernel;
		const kernel = deriveNodeKernel(input);
		kept.unshift({input, removed, kernel});
		kept.length = Math.min(kept.length, keptKernels);
		return kernel;
	};
}

/** lab/kernel/: the node's kernel from the current pods, the command table in the image's tool flavour. */
export function createLabKernel(): KernelPort {
	const kernelOf = createKernelCache();
	return {run: (input, argv, image) => runNodeCommand(kernelOf(input), argv, imageFlavor(image))};
}
