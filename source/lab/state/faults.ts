/** The lab's fault-injection surface (what tests and `netinspect lab` use to make a cluster misbehave). */
import type {PodSecurityLevel} from './pod-security.js';

export type ExecFault = {readonly mode: 'hang' | 'truncate'; readonly node?: string};

export type ClusterFaults = {
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
