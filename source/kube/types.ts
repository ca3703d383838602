/**
 * What kube/ hands to the app and the commands: compact rows and probe states, never whole API objects.
 * This file is the contract between kube/ (effects) and state/ + ui/ (pure/presentation).
 */
import type {ClusterNode, ClusterPod, Interface, ParseWarning, Route, Verdict} from '../net/types.js';
import type {PolicyTables} from './probe-policy.js';

export type TunnelAddress = {
	readonly kind: 'ipip' | 'vxlan' | 'wireguard' | 'flannel';
	readonly address: string;
};

export type NodeRow = {
	readonly name: string;
	/** True/false from the Ready condition, null when unknown. */
	readonly ready: boolean | null;
	readonly unschedulable: boolean;
	readonly roles: readonly string[];
	readonly internalIp: string | null;
	readonly externalIp: string | null;
	readonly podCidrs: readonly string[];
	readonly tunnels: readonly TunnelAddress[];
	/** The same node as the network core sees it (addresses, pod CIDRs, CNI annotations). */
	readonly cluster: ClusterNode;
};

export type PodRow = {
	readonly namespace: string;
	readonly name: string;
	readonly uid: string;
	readonly ips: readonly string[];
	readonly node: string | null;
	readonly phase: string | null;
	/** STATUS as kubectl prints it (`Running`, `Terminating`, `ContainerCreating`, `ImagePullBackOff`, …). */
	readonly status: string;
	/** `ready/total` containers. */
	readonly ready: string;
	readonly restarts: number;
	readonly hostNetwork: boolean;
	/** Creation time, ms since epoch (for AGE). */
	readonly createdAt: number | null;
	readonly cluster: ClusterPod;
};

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'stale';

export type ConnectionState = {
	readonly status: ConnectionStatus;
	/** When the status last changed (ms since epoch). */
	readonly since: number;
	/** Last error as one line, sanitized, or null. */
	readonly error: string | null;
	/** Consecutive failed attempts since the last success. */
	readonly attempts: number;
};

export type ClusterSnapshot = {
	/** Sorted by name. */
	readonly nodes: readonly NodeRow[];
	/** Sorted by namespace, then name. */
	readonly pods: readonly PodRow[];
	readonly connection: ConnectionState;
	/** Bumped on every change; cheap equality for subscribers. */
	readonly version: number;
};

/** A store outside React: subscribe returns an unsubscribe function (useSyncExternalStore-compatible). */
export type ClusterStore = {
	readonly getSnapshot: () => ClusterSnapshot;
	readonly subscribe: (listener: () => void) => () => void;
	readonly start: () => void;
	readonly stop: () => Promise<void>;
};

export type ProbePhase =
	| 'idle'
	| 'preflight'
	| 'creating'
	| 'scheduled'
	| 'pulling'
	| 'running'
	| 'probing'
	| 'ready'
	| 'failed';

/** Why probing a node failed, with what to do about it. */
export type ProbeFailure = {
	readonly reason:
		| 'image-pull'
		| 'admission'
		| 'forbidden'
		| 'node-not-ready'
		| 'command-missing'
		| 'timeout'
		| 'pod-failed'
		| 'pod-deleted'
		| 'exec-failed'
		| 'unknown';
	readonly message: string;
	readonly fix: string;
};

/** One row of a route-table refresh diff. */
export type RouteChange = 'same' | 'added' | 'removed';

export type ProbeState = {
	readonly node: string;
	readonly phase: ProbePhase;
	/** One line for the pane (e.g. `pulling busybox:1.37.0`). */
	readonly message: string;
	readonly failure: ProbeFailure | null;
	readonly podName: string | null;
	readonly image: string;
	readonly routes: readonly Route[];
	/** Same length as `routes` plus removed rows kept briefly: what changed at the last refresh. */
	readonly routeChanges: readonly {readonly route: Route; readonly change: RouteChange}[];
	readonly interfaces: readonly Interface[];
	readonly warnings: readonly ParseWarning[];
	/** ms since epoch of the last successful refresh, or null. */
	readonly refreshedAt: number | null;
	readonly paused: boolean;
	/** Policy rules and rp_filter/forwarding sysctls, read only by a pool made with `readPolicy` (trace clients). */
	readonly policy?: PolicyTables;
};

export type NodeProber = {
	/** Starts (or reuses) the debug pod on `node` and probes it; the previous node's pod is deleted. */
	readonly inspect: (node: string) => void;
	readonly refreshNow: () => void;
	readonly setPaused: (paused: boolean) => void;
	readonly getSnapshot: () => ProbeState | null;
	readonly subscribe: (listener: () => void) => () => void;
	/** Deletes every debug pod this run made; resolves when done (idempotent). */
	readonly stop: () => Promise<void>;
};

export type {Verdict};
