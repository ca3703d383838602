/** Reading a stored pod's spec: its containers (command + args as one argv) and the default container. */
import type {KubeObject} from '../cluster-types.js';

export type ContainerSpec = {
	readonly name: string;
	readonly image: string;
	readonly argv: readonly string[];
	readonly stdin: boolean;
};

export function asRecord(value: unknown): Readonly<Record<string, unknown>> {
	return typeof value === 'object' && value !== null ? (value as Readonly<Record<string, unknown>>) : {};
}

export function specOf(pod: KubeObject): Readonly<Record<string, unknown>> {
	return asRecord(pod['spec']);
}

export function containersOf(pod: KubeObject): readonly ContainerSpec[] {
	const list = specOf(pod)['containers'];
	return (Array.isArray(list) ? list : []).map((value: unknown) => {
		const container = asRecord(value);
		const strings = (field: unknown): string[] => (Array.isArray(field) ? field.map(String) : []);
		return {
			name: String(container['name'] ?? ''),
			image: String(container['image'] ?? ''),
			argv: [...strings(container['command']), ...strings(container['args'])],
			stdin: container['stdin'] === true,
		};
	});
}

/** The `kubectl.kubernetes.io/default-container` annotation when it names a container, else the first. */
export function defaultContainer(pod: KubeObject): string | null {
	const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
	const containers = containersOf(pod);
	if (annotated && containers.some((container) => container.name === annotated)) return annotated;
	return containers[0]?.name ?? null;
}

/**
 * Whether a ReplicaSet owns the pod: only then can its end or removal leave the controller short of
 * replicas (reconciling for each of a sweep's thousand one-shot pods made their delete-collection time out).
 */
export function hasReplicaSetOwner(pod: KubeObject): boolean {
	return (pod.metadata.ownerReferences ?? []).some(owner => asRecord(owner)['kind'] === 'ReplicaSet');
}
