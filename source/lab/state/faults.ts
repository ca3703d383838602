/** The lab's fault-injection surface (what tests and `netinspect lab` use to make a cluster misbehave). */
import type {LabCni} from '../cni.js';
import type {PodSecurityLevel} from './pod-security.js';

export type ExecFault = {readonly mode: 'hang' | 'truncate'; readonly node?: string};

export type ClusterFaults = KernelFaults & {
	/** Images matching the pattern (`*` wildcards; null clears) fail: ErrImagePull, then ImagePullBackOff. */
	readonly failImagePull: (imagePattern: string | null) => void;
	/** Labels the namespace `pod-security.kubernetes.io/enforce=<level>`; admission then rejects with PSA's message. */
	readonly setPodSecurity: (namespace: string, level: PodSecurityLevel) => void;
	/**
	 * NotReady: the Ready condition turns Unknown (node controller wording) and an unreachable NoSchedule
	 * taint appears. Running pods keep running; pods bound to the node stay ContainerCreating until it is
	 * Ready again; the controller schedules replacements elsewhere.
	 */
	readonly setNodeReady: (node: string, ready: boolean) => void;
	/** Removes a route (destination CIDR or `default`) from the node's kernel until restoreRoutes. */
	readonly removeRoute: (node: string, destination: string) => void;
	readonly restoreRoutes: (node: string) => void;
	/** hang: exec never answers until the client goes away; truncate: half the stdout, then InternalError. */
	readonly setExecFault: (fault: ExecFault | null) => void;
	/** Advances the resourceVersion counter and forgets the watch history, as after an etcd restore. */
	readonly jumpResourceVersion: (delta: number) => void;
};

/** A policy rule to add (`ip rule add priority P [from A] [to B] [iif D] [fwmark M] lookup T`), with a route for table T. */
export type RuleFault = {
	readonly priority: number;
	readonly table: string | number;
	readonly from?: string;
	readonly to?: string;
	readonly iif?: string;
	readonly fwmark?: string;
	/** Added to the rule's table; destination defaults to `default`, type to unicast, dev to eth0 with `via`. */
	readonly route?: {readonly destination?: string; readonly type?: 'unicast' | 'blackhole' | 'unreachable' | 'prohibit'; readonly via?: string; readonly dev?: string};
};

/**
 * Faults in the nodes' kernels (kernel-fault-controls.ts). Node arguments are node names; each lasts until
 * clearNodeFaults on that node. What a node's `ip route`, `ip rule`, `ip addr` and /proc/sys show follows at once.
 */
export type KernelFaults = {
	/** `ip link set DEV mtu N` on the node; DEV may be a prefix ending in `*` (`cali*`: every pod veth). */
	readonly setMtu: (node: string, device: string, mtu: number) => void;
	/** The node routes blockOwner's pod range (Calico block, podCIDR) to wrongNode instead. */
	readonly routeBlockTo: (node: string, blockOwner: string, wrongNode: string) => void;
	/** The node still blackholes blockOwner's block, as if it had owned it before the block moved (calico#3246). */
	readonly staleBlock: (node: string, blockOwner: string) => void;
	/** net.ipv4.conf.DEV.rp_filter (DEV: all, default, a device or `prefix*`): 0 off, 1 strict, 2 loose. */
	readonly setRpFilter: (node: string, device: string, value: 0 | 1 | 2) => void;
	/** A policy rule, e.g. a pod's traffic (`from` its IP) into a table whose default route leaves elsewhere. */
	readonly addRule: (node: string, rule: RuleFault) => void;
	/** Removes the pod's /32 host route on its node (restoreRoutes or clearNodeFaults brings it back). */
	readonly dropPodRoute: (namespace: string, pod: string) => void;
	/** The node's kernel follows another layout (e.g. calico-vxlan among calico-ipip nodes); the API does not change. */
	readonly setNodeLayout: (node: string, cni: LabCni) => void;
	/** Forgets every kernel fault and removed route of the node. */
	readonly clearNodeFaults: (node: string) => void;
};
