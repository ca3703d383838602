/**
 * The one place lab/state/ reaches into the nodes' kernels (lab/kernel/): derive a node's kernel from the
 * node list, its pods, the CNI and its faults, then run a command against it with the image's tool flavour.
 * Injectable (LabClusterOptions.kernel) so lifecycle tests do not depend on the renderers.
 */
import type {LabCni} from '../cni.js';
import {deriveNodeKernel, imageFlavor, runNodeCommand} from '../kernel/index.js';
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

/** lab/kernel/: the node's kernel from the current pods, the command table in the image's tool flavour. */
export const labKernel: KernelPort = {
	run: (input, argv, image) => runNodeCommand(deriveNodeKernel(input), argv, imageFlavor(image)),
};
