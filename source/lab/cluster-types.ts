/**
 * Contract between the lab's cluster state (lab/state/: objects, resourceVersions, lifecycle, kernels) and
 * its HTTP face (lab/http/: TLS, discovery, tables, watch streams, exec over WebSocket).
 * Objects are plain JSON as the real API serves them (apiVersion and kind always set).
 */
import type {StoredObject} from './stored-object.js';

export type ResourceKind = 'nodes' | 'pods' | 'namespaces' | 'events' | 'leases';

export type ObjectMeta = {
	readonly name: string;
	readonly namespace?: string;
	readonly uid: string;
	readonly resourceVersion: string;
	readonly creationTimestamp: string;
	readonly generateName?: string;
	readonly labels?: Readonly<Record<string, string>>;
	readonly annotations?: Readonly<Record<string, string>>;
	readonly deletionTimestamp?: string;
	readonly deletionGracePeriodSeconds?: number;
	readonly ownerReferences?: readonly unknown[];
};

export type KubeObject = {
	readonly apiVersion: string;
	readonly kind: string;
	readonly metadata: ObjectMeta;
	readonly [field: string]: unknown;
};

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change in the store, numbered by the single resourceVersion counter. */
export type StoreEvent = {
	readonly type: WatchEventType;
	readonly resource: ResourceKind;
	/** The new state (for DELETED: the last state, stamped with the delete's resourceVersion). */
	readonly object: KubeObject;
	/** The state before this change (null for ADDED): lets watches apply selector transitions. */
	readonly previous: KubeObject | null;
	readonly resourceVersion: number;
	/** JSON.stringify(object), when the cluster has it already (it keeps objects as text): watches send it as is. */
	readonly json?: string;
};

/** A metav1.Status failure, served with HTTP `code`. */
export type StatusError = {
	readonly code: number;
	readonly reason: string;
	readonly message: string;
	readonly details?: {
		readonly name?: string;
		readonly kind?: string;
		readonly causes?: readonly {readonly reason?: string; readonly message: string; readonly field?: string}[];
	};
};

export type Result<T> = {readonly ok: true; readonly value: T} | {readonly ok: false; readonly error: StatusError};

export type ExecRequest = {
	readonly namespace: string;
	readonly pod: string;
	/** Empty or null: the default container. */
	readonly container: string | null;
	readonly command: readonly string[];
	readonly tty: boolean;
};

export type ExecIo = {
	readonly stdout: (chunk: string) => void;
	readonly stderr: (chunk: string) => void;
	/** Aborted when the client goes away: the simulated command stops. */
	readonly signal: AbortSignal;
};

export type LabCluster = {
	readonly currentResourceVersion: () => number;
	/** `namespace` null: across all namespaces (or a cluster-scoped resource). */
	readonly list: (
		resource: ResourceKind,
		namespace: string | null,
	) => {readonly items: readonly KubeObject[]; readonly resourceVersion: number};
	/**
	 * As list, each object as its JSON text and a summary (../stored-object.ts): a cluster that keeps them so
	 * serves a LIST without parsing or serializing. Optional: the HTTP face serializes `list` without it.
	 */
	readonly listStored?: (
		resource: ResourceKind,
		namespace: string | null,
	) => {readonly items: readonly StoredObject[]; readonly resourceVersion: number};
	readonly get: (resource: ResourceKind, namespace: string | null, name: string) => KubeObject | null;
	/** Events after `since`; 'expired' when `since` is older than the history kept or newer than now. */
	readonly eventsSince: (since: number) => readonly StoreEvent[] | 'expired';
	readonly subscribe: (listener: (event: StoreEvent) => void) => () => void;
	/** `pod` is the decoded request body (from JSON or protobuf). dryRun validates and admits only. */
	readonly createPod: (namespace: string, pod: unknown, options: {readonly dryRun: boolean}) => Result<KubeObject>;
	readonly deletePod: (
		namespace: string,
		name: string,
		options: {readonly gracePeriodSeconds: number | null},
	) => Result<KubeObject>;
	readonly podLog: (namespace: string, name: string, container: string | null) => Result<string>;
	/** Runs a command in a running container; resolves with its exit code once all output was written. */
	readonly exec: (request: ExecRequest, io: ExecIo) => Promise<Result<{readonly exitCode: number}>>;
	/** Attaches to the container's own command (kubectl debug): replays its output, then it terminates. */
	readonly attach: (request: Omit<ExecRequest, 'command'>, io: ExecIo) => Promise<Result<{readonly exitCode: number}>>;
	/** Stops every timer the lab runs (lifecycle, controllers). */
	readonly close: () => void;
};
