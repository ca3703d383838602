/** Namespaces, node Leases and Events as the API serves them. */
import {randomBytes} from 'node:crypto';
import type {KubeObject} from '../cluster-types.js';
import {apiTime, microTime} from './timestamps.js';

export function namespaceObject(name: string, uid: string, createdAt: number): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'Namespace',
		metadata: {name, uid, resourceVersion: '0', creationTimestamp: apiTime(createdAt), labels: {'kubernetes.io/metadata.name': name}},
		spec: {finalizers: ['kubernetes']},
		status: {phase: 'Active'},
	};
}

/** The node's heartbeat Lease; renewTime and acquireTime are MicroTime (six fractional digits). */
export function leaseObject(node: {readonly name: string; readonly uid: string}, uid: string, createdAt: number, renewedAt: number): KubeObject {
	return {
		apiVersion: 'coordination.k8s.io/v1',
		kind: 'Lease',
		metadata: {
			name: node.name,
			namespace: 'kube-node-lease',
			uid,
			resourceVersion: '0',
			creationTimestamp: apiTime(createdAt),
			ownerReferences: [{apiVersion: 'v1', kind: 'Node', name: node.name, uid: node.uid}],
		},
		spec: {holderIdentity: node.name, leaseDurationSeconds: 40, renewTime: microTime(renewedAt)},
	};
}

export type EventInput = {
	/** The object the event is about (Pod or Node). */
	readonly involved: KubeObject;
	readonly reason: string;
	readonly message: string;
	readonly type: 'Normal' | 'Warning';
	/** Reporting component, e.g. `kubelet`, `default-scheduler`, `node-controller`. */
	readonly component: string;
	readonly host?: string;
	readonly fieldPath?: string;
	readonly at: number;
	readonly uid: string;
};

/** A core/v1 Event named `<object>.<16 hex>`, in the object's namespace (`default` for nodes). */
export function eventObject(input: EventInput): KubeObject {
	const {involved} = input;
	const namespace = involved.metadata.namespace ?? 'default';
	const time = apiTime(input.at);
	return {
		apiVersion: 'v1',
		kind: 'Event',
		metadata: {
			name: `${involved.metadata.name}.${randomBytes(8).toString('hex')}`,
			namespace,
			uid: input.uid,
			resourceVersion: '0',
			creationTimestamp: time,
		},
		involvedObject: {
			apiVersion: involved.apiVersion,
			kind: involved.kind,
			name: involved.metadata.name,
			// Node events name the node in both fields (kubectl describe node asks for `involvedObject.uid=<name>` too).
			uid: involved.kind === 'Node' ? involved.metadata.name : involved.metadata.uid,
			...(involved.metadata.namespace ? {namespace: involved.metadata.namespace} : {}),
			...(involved.kind === 'Pod' ? {resourceVersion: involved.metadata.resourceVersion} : {}),
			...(input.fieldPath ? {fieldPath: input.fieldPath} : {}),
		},
		reason: input.reason,
		message: input.message,
		source: {component: input.component, ...(input.host ? {host: input.host} : {})},
		firstTimestamp: time,
		lastTimestamp: time,
		count: 1,
		type: input.type,
		eventTime: null,
		reportingComponent: input.component,
		reportingInstance: input.host ?? '',
	};
}
