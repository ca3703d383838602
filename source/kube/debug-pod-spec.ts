/**
 * The debug pod netinspect runs on a node to read its tables: host network only, nothing else of the host,
 * no privileges, not root, bounded life (`sleep TTL` and `activeDeadlineSeconds`), labelled as ours and this run's.
 * Pure: plain JSON as the API takes it.
 */

export const defaultDebugImage = 'busybox:1.37.0';
export const defaultDebugNamespace = 'default';
export const defaultTtlSeconds = 3600;

export const managedByLabel = 'app.kubernetes.io/managed-by';
export const managedByValue = 'netinspect';
export const componentLabel = 'app.kubernetes.io/component';
export const componentValue = 'node-debug';
export const runLabel = 'netinspect.io/run';
export const nodeLabel = 'netinspect.io/node';

export const hostAnnotation = 'netinspect.io/host';
export const pidAnnotation = 'netinspect.io/pid';
export const startedAnnotation = 'netinspect.io/started-at';
export const contextAnnotation = 'netinspect.io/context';
export const expiresAnnotation = 'netinspect.io/expires-at';

export const containerName = 'probe';

/**
 * The user and group the debug pod runs as: `nobody` (65534), which BusyBox and most images have. Reading
 * routes and interfaces (`route -n`, `ip addr`: /proc/net and netlink dumps) needs no root.
 */
export const debugUserId = 65534;

/** Label selector for every pod netinspect made (any run). */
export const managedSelector = `${managedByLabel}=${managedByValue},${componentLabel}=${componentValue}`;

export function runSelector(runId: string): string {
	return `${managedSelector},${runLabel}=${runId}`;
}

export type DebugPodInput = {
	readonly node: string;
	readonly runId: string;
	readonly image: string;
	readonly namespace: string;
	readonly ttlSeconds: number;
	/** Where netinspect runs, for whoever finds the pod (`os.hostname()`). */
	readonly host: string;
	readonly pid: number;
	/** ms since epoch. */
	readonly startedAt: number;
	readonly context: string;
};

/** A random run id: lowercase letters and digits, usable in names and label values. */
export function newRunId(random: () => number = Math.random): string {
	let id = '';
	for (let index = 0; index < 8; index++) id += '0123456789abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 36)] ?? '0';
	return id;
}

/** A label value: at most 63 characters of `[A-Za-z0-9._-]`, alphanumeric at both ends. */
export function labelValue(value: string): string {
	return value
		.replaceAll(/[^A-Za-z0-9._-]/g, '-')
		.slice(0, 63)
		.replace(/^[^A-Za-z0-9]+/, '')
		.replace(/[^A-Za-z0-9]+$/, '');
}

/** `ni-debug-<node>-<run>`: a DNS-1123 subdomain, stable per node and run (so a run can find its pod again). */
export function debugPodName(node: string, runId: string): string {
	const safeNode =
		node
			.toLowerCase()
			.replaceAll(/[^a-z0-9-]/g, '-')
			.replaceAll(/-+/g, '-')
			.replace(/^-+/, '')
			.slice(0, 40)
			.replace(/-+$/, '') || 'node';
	return `ni-debug-${safeNode}-${labelValue(runId.toLowerCase()).slice(0, 12)}`;
}

export function debugPodManifest(input: DebugPodInput): Record<string, unknown> {
	const ttl = Math.max(1, Math.floor(input.ttlSeconds));
	const resources = {cpu: '10m', memory: '32Mi'};
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {
			name: debugPodName(input.node, input.runId),
			namespace: input.namespace,
			labels: {
				[managedByLabel]: managedByValue,
				[componentLabel]: componentValue,
				[runLabel]: labelValue(input.runId),
				[nodeLabel]: labelValue(input.node),
			},
			annotations: {
				[hostAnnotation]: input.host,
				[pidAnnotation]: String(input.pid),
				[startedAnnotation]: new Date(input.startedAt).toISOString(),
				[contextAnnotation]: input.context,
				[expiresAnnotation]: new Date(input.startedAt + ttl * 1000).toISOString(),
			},
		},
		spec: {
			nodeName: input.node,
			hostNetwork: true,
			hostPID: false,
			hostIPC: false,
			dnsPolicy: 'ClusterFirstWithHostNet',
			enableServiceLinks: false,
			automountServiceAccountToken: false,
			restartPolicy: 'Never',
			terminationGracePeriodSeconds: 0,
			activeDeadlineSeconds: ttl,
			tolerations: [{operator: 'Exists'}],
			securityContext: {
				runAsNonRoot: true,
				runAsUser: debugUserId,
				runAsGroup: debugUserId,
				seccompProfile: {type: 'RuntimeDefault'},
			},
			containers: [
				{
					name: containerName,
					image: input.image,
					imagePullPolicy: 'IfNotPresent',
					command: ['sleep', String(ttl)],
					resources: {requests: resources, limits: resources},
					securityContext: {
						privileged: false,
						allowPrivilegeEscalation: false,
						readOnlyRootFilesystem: true,
						capabilities: {drop: ['ALL']},
					},
				},
			],
		},
	};
}
