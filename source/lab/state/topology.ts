/**
 * The lab's topology as plain data: nodes (../topology-types.ts), the pods present at start, and the
 * ReplicaSet-like owners that keep a number of replicas. What createLabCluster turns into API objects.
 */
import type {LabCni} from '../cni.js';
import type {LabNode} from '../topology-types.js';

/** A pod present when the lab starts (already Running, with its IP). */
export type LabPodSeed = {
	readonly namespace: string;
	readonly name: string;
	readonly node: string;
	/** Pod IP from the node's Calico block; the node's InternalIP for host-network pods. */
	readonly ip: string;
	readonly hostNetwork: boolean;
	readonly containerName: string;
	readonly image: string;
	readonly labels?: Readonly<Record<string, string>>;
	/** Owner as the API shows it (ReplicaSet, DaemonSet, Node for static pods); null: none. */
	readonly owner?: {readonly kind: 'ReplicaSet' | 'DaemonSet' | 'Node'; readonly name: string} | null;
	/** How long before the lab started it was created. */
	readonly ageSeconds: number;
	readonly priorityClassName?: string;
	/** Container command; absent: the image's entrypoint (runs until deleted). */
	readonly command?: readonly string[];
};

/** A Deployment's ReplicaSet: the lab's controller keeps `replicas` pods with these labels alive. */
export type LabReplicaSetSeed = {
	readonly namespace: string;
	/** e.g. hello-world-7c64bd9f6b; new pods are named `<name>-<5 random chars>`. */
	readonly name: string;
	readonly replicas: number;
	readonly labels: Readonly<Record<string, string>>;
	readonly containerName: string;
	readonly image: string;
};

export type LabTopology = {
	readonly name: string;
	/** The node layout the kernels and API objects follow (topology-cni.ts); absent: calico-ipip. */
	readonly cni?: LabCni;
	readonly nodes: readonly LabNode[];
	readonly pods: readonly LabPodSeed[];
	/** Absent: no controller runs. */
	readonly replicaSets?: readonly LabReplicaSetSeed[];
	/** Namespaces beyond the five every kind cluster has (default, kube-system, kube-public, kube-node-lease, local-path-storage). */
	readonly extraNamespaces?: readonly string[];
};
