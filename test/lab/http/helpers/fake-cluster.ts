/**
 * A small in-memory LabCluster for testing the HTTP face on its own: a resourceVersion counter, a history,
 * subscribers, and an exec command table (echo, stderr, sh -c 'exit N', sleep, fail, big, anything else → 127).
 */
import type {
	ExecIo,
	KubeObject,
	LabCluster,
	ResourceKind,
	Result,
	StoreEvent,
	WatchEventType,
} from '../../../../source/lab/cluster-types.js';

export type FakeCluster = LabCluster & {
	readonly put: (resource: ResourceKind, object: Omit<KubeObject, 'metadata'> & {metadata: Partial<KubeObject['metadata']> & {name: string}}) => KubeObject;
	readonly remove: (resource: ResourceKind, namespace: string | null, name: string) => void;
	readonly jump: (delta: number) => void;
	readonly execCalls: {command: readonly string[]; aborted: boolean}[];
	readonly listenerCount: () => number;
};

const created = '2024-01-01T00:00:00Z';

const kinds: Record<ResourceKind, {kind: string; apiVersion: string}> = {
	pods: {kind: 'Pod', apiVersion: 'v1'},
	nodes: {kind: 'Node', apiVersion: 'v1'},
	namespaces: {kind: 'Namespace', apiVersion: 'v1'},
	events: {kind: 'Event', apiVersion: 'v1'},
	leases: {kind: 'Lease', apiVersion: 'coordination.k8s.io/v1'},
};

export function fakeNode(name: string, ip: string, ready = true) {
	return {
		...kinds.nodes,
		metadata: {name, labels: (name.includes('control') ? {'node-role.kubernetes.io/control-plane': ''} : {}) as Record<string, string>},
		spec: {podCIDR: '192.168.0.0/24'},
		status: {
			conditions: [{type: 'Ready', status: ready ? 'True' : 'False'}],
			addresses: [{type: 'InternalIP', address: ip}, {type: 'Hostname', address: name}],
			nodeInfo: {kubeletVersion: 'v1.32.2', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.8.0', containerRuntimeVersion: 'containerd://1.7.24'},
		},
	};
}

export function fakePod(namespace: string, name: string, node: string, ip: string, labels: Record<string, string> = {}) {
	return {
		...kinds.pods,
		metadata: {name, namespace, labels},
		spec: {nodeName: node, containers: [{name: 'main', image: 'busybox'}]},
		status: {
			phase: 'Running',
			podIP: ip,
			podIPs: [{ip}],
			conditions: [{type: 'Ready', status: 'True'}],
			containerStatuses: [{name: 'main', ready: true, restartCount: 0, state: {running: {startedAt: created}}}],
		},
	};
}

export function createFakeCluster(): FakeCluster {
	let rv = 100;
	let uid = 0;
	const objects = new Map<string, {resource: ResourceKind; object: KubeObject}>();
	const history: StoreEvent[] = [];
	const oldest = rv;
	const listeners = new Set<(event: StoreEvent) => void>();
	const execCalls: {command: readonly string[]; aborted: boolean}[] = [];
	const key = (resource: ResourceKind, namespace: string | null | undefined, name: string) => `${resource}/${namespace ?? ''}/${name}`;

	function record(type: WatchEventType, resource: ResourceKind, object: KubeObject, previous: KubeObject | null) {
		const event: StoreEvent = {type, resource, object, previous, resourceVersion: rv};
		history.push(event);
		for (const listener of [...listeners]) listener(event);
	}

	const cluster: FakeCluster = {
		currentResourceVersion: () => rv,
		list(resource, namespace) {
			const items = [...objects.values()]
				.filter(entry => entry.resource === resource && (namespace === null || entry.object.metadata.namespace === namespace))
				.map(entry => entry.object);
			return {items, resourceVersion: rv};
		},
		get: (resource, namespace, name) => objects.get(key(resource, namespace, name))?.object ?? null,
		eventsSince(since) {
			if (since < oldest || since > rv) return 'expired';
			return history.filter(event => event.resourceVersion > since);
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		put(resource, input) {
			rv++;
			const previous = objects.get(key(resource, input.metadata.namespace, input.metadata.name))?.object ?? null;
			const object = {
				...input,
				metadata: {
					uid: previous?.metadata.uid ?? `uid-${++uid}`,
					creationTimestamp: previous?.metadata.creationTimestamp ?? created,
					...input.metadata,
					resourceVersion: String(rv),
				},
			} as KubeObject;
			objects.set(key(resource, object.metadata.namespace, object.metadata.name), {resource, object});
			record(previous ? 'MODIFIED' : 'ADDED', resource, object, previous);
			return object;
		},
		remove(resource, namespace, name) {
			const entry = objects.get(key(resource, namespace, name));
			if (!entry) return;
			rv++;
			objects.delete(key(resource, namespace, name));
			const object = {...entry.object, metadata: {...entry.object.metadata, resourceVersion: String(rv)}};
			record('DELETED', resource, object, entry.object);
		},
		jump(delta) {
			rv += delta;
		},
		createPod(namespace, body, options) {
			const pod = body as {metadata?: {name?: string; generateName?: string}; spec?: {containers?: unknown[]}};
			const name = pod.metadata?.name ?? `${pod.metadata?.generateName ?? 'pod-'}x7k2q`;
			if (!pod.spec?.containers?.length) {
				return {ok: false, error: {code: 422, reason: 'Invalid', message: `Pod "${name}" is invalid: spec.containers: Required value`}};
			}
			if (objects.has(key('pods', namespace, name))) {
				return {ok: false, error: {code: 409, reason: 'AlreadyExists', message: `pods "${name}" already exists`}};
			}
			const object = {...(body as object), apiVersion: 'v1', kind: 'Pod', metadata: {...pod.metadata, name, namespace}, status: {phase: 'Pending'}};
			if (options.dryRun) return {ok: true, value: {...object, metadata: {...object.metadata, uid: 'dry', resourceVersion: '', creationTimestamp: created}} as KubeObject};
			return {ok: true, value: cluster.put('pods', object as never)};
		},
		deletePod(namespace, name) {
			const object = cluster.get('pods', namespace, name);
			if (!object) return {ok: false, error: {code: 404, reason: 'NotFound', message: `pods "${name}" not found`, details: {name, kind: 'pods'}}};
			cluster.remove('pods', namespace, name);
			return {ok: true, value: object};
		},
		podLog(namespace, name) {
			if (!cluster.get('pods', namespace, name)) return {ok: false, error: {code: 404, reason: 'NotFound', message: `pods "${name}" not found`}};
			return {ok: true, value: `log of ${name}\n`};
		},
		async exec(request, io: ExecIo): Promise<Result<{readonly exitCode: number}>> {
			const call = {command: request.command, aborted: false};
			execCalls.push(call);
			const [program, ...args] = request.command;
			switch (program) {
				case 'echo':
					io.stdout(`${args.join(' ')}\n`);
					return {ok: true, value: {exitCode: 0}};
				case 'stderr':
					io.stderr(`${args.join(' ')}\n`);
					return {ok: true, value: {exitCode: 0}};
				case 'big':
					io.stdout('x'.repeat(Number(args[0] ?? 0)));
					return {ok: true, value: {exitCode: 0}};
				case 'sh': {
					const match = /^exit (\d+)$/.exec(args[1] ?? '');
					return {ok: true, value: {exitCode: match ? Number(match[1]) : 0}};
				}
				case 'fail':
					io.stdout('partial');
					return {ok: false, error: {code: 500, reason: 'InternalError', message: 'Internal error occurred: exec truncated'}};
				case 'sleep':
					return new Promise(resolve => {
						io.signal.addEventListener('abort', () => {
							call.aborted = true;
							resolve({ok: true, value: {exitCode: 137}});
						});
					});
				default:
					io.stderr(`sh: ${program ?? ''}: not found\n`);
					return {ok: true, value: {exitCode: 127}};
			}
		},
		async attach(_request, io) {
			io.stdout('attached output\n');
			return {ok: true, value: {exitCode: 0}};
		},
		close: () => listeners.clear(),
		execCalls,
		listenerCount: () => listeners.size,
	};
	return cluster;
}

/** The fake seeded with two nodes, three pods and two namespaces. */
export function seededFakeCluster(): FakeCluster {
	const cluster = createFakeCluster();
	for (const name of ['default', 'kube-system']) cluster.put('namespaces', {...kinds.namespaces, metadata: {name}, status: {phase: 'Active'}});
	cluster.put('nodes', fakeNode('lab-control-plane', '172.20.0.2'));
	cluster.put('nodes', fakeNode('lab-worker', '172.20.0.3'));
	cluster.put('pods', fakePod('default', 'web-1', 'lab-worker', '192.168.78.130', {app: 'web', tier: 'front'}));
	cluster.put('pods', fakePod('default', 'web-2', 'lab-control-plane', '192.168.223.130', {app: 'web'}));
	cluster.put('pods', fakePod('kube-system', 'coredns-1', 'lab-worker', '192.168.78.131', {'k8s-app': 'kube-dns'}));
	return cluster;
}
