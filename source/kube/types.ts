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
	/** status.hostIP: the node's address, what a node row is derived from when nodes cannot be listed. */
	readonly hostIp: string | null;
	/** Creation time, ms since epoch (for AGE). */
	readonly createdAt: number | null;
	readonly cluster: ClusterPod;
};

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'stale';

export type ConnectionState = {
	readonly status: ConnectionStatus;
	/** When the status last changed (ms since epoch). */
	readonly since: number;
	/** Last error as one line with its cause (`not authenticated: Unauthorized`), sanitized, or null. */
	readonly error: string | null;
	/** What to do about `error` (refresh credentials, check the address, ask for a Role), or null. */
	readonly fix: string | null;
	/** Consecutive failed attempts since the last success. */
	readonly attempts: number;
};

export type ClusterSnapshot = {
	/** Sorted by name. */
	readonly nodes: readonly NodeRow[];
	/** Sorted by namespace, then name. */
	readonly pods: readonly PodRow[];
	readonly connection: ConnectionState;
	/** What the user's permissions hide, with the permission that would show it; empty when nothing is. */
	readonly limits: readonly AccessLimit[];
	/** LISTs still paging (items so far, what the server says remains); null when not loading. */
	readonly loading: {readonly nodes: ListProgress | null; readonly pods: ListProgress | null};
	/** Bumped on every change; cheap equality for subscribers. */
	readonly version: number;
};

/** How far a paged LIST has come. */
export type ListProgress = {readonly loaded: number; readonly remaining: number | null};

/** Something RBAC hides from the store, and how it copes. */
export type AccessLimit = {
	/** The pane it concerns. */
	readonly scope: 'nodes' | 'pods';
	/** What is shown instead (`derived from pods`, `only namespace "default"`). */
	readonly shown: string;
	/** The permission that would show the rest, short (`list,watch on nodes`). */
	readonly needs: string;
	/** What is missing, and how to get that permission. */
	readonly hint: string;
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
