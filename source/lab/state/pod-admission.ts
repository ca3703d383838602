/**
 * Pod create as the apiserver admits it, in its order: body shape (400), namespace exists (404), name
 * generation, validation (422 Invalid: name, spec.nodeName, containers), Pod Security (403 Forbidden), name taken (409 AlreadyExists).
 * The result is the stored Pod: defaults filled in, status Pending.
 */
import type {KubeObject, Result} from '../cluster-types.js';
import {defaultPullPolicy} from './container-image.js';
import {podSecurityViolation, type PodSecurityLevel} from './pod-security.js';
import {alreadyExists, badRequest, forbidden, invalid, notFound, type FieldError} from './status-errors.js';
import {apiTime} from './timestamps.js';

export type AdmissionContext = {
	readonly namespace: string;
	readonly namespaceExists: boolean;
	readonly level: PodSecurityLevel;
	readonly nameTaken: (name: string) => boolean;
	readonly uid: string;
	readonly now: number;
	/** Five random characters for generateName. */
	readonly suffix: () => string;
};

type Fields = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Fields {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | null {
	return typeof value === 'string' && value !== '' ? value : null;
}

const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const subdomainHelp =
	"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelHelp =
	"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

function stringMap(value: unknown): Readonly<Record<string, string>> | undefined {
	if (!isRecord(value)) return undefined;
	const entries = Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
	return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

function validate(name: string, spec: Fields): FieldError[] {
	const errors: FieldError[] = [];
	if (name.length > 253 || !subdomain.test(name)) {
		errors.push({field: 'metadata.name', type: 'Invalid value', value: name, detail: subdomainHelp});
	}
	const nodeName = spec['nodeName'];
	if (nodeName !== undefined && nodeName !== '' && (typeof nodeName !== 'string' || nodeName.length > 253 || !subdomain.test(nodeName))) {
		errors.push({field: 'spec.nodeName', type: 'Invalid value', value: typeof nodeName === 'string' ? nodeName : JSON.stringify(nodeName), detail: subdomainHelp});
	}
	const containers = Array.isArray(spec['containers']) ? spec['containers'] : [];
	if (containers.length === 0) errors.push({field: 'spec.containers', type: 'Required value', detail: ''});
	containers.forEach((value: unknown, index: number) => {
		const container = isRecord(value) ? value : {};
		const containerName = nonEmptyString(container['name']);
		if (containerName === null) errors.push({field: `spec.containers[${index}].name`, type: 'Required value', detail: ''});
		else if (containerName.length > 63 || !label.test(containerName)) {
			errors.push({field: `spec.containers[${index}].name`, type: 'Invalid value', value: containerName, detail: labelHelp});
		}
		if (nonEmptyString(container['image']) === null) errors.push({field: `spec.containers[${index}].image`, type: 'Required value', detail: ''});
	});
	return errors;
}

const defaultTolerations = [
	{key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
	{key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
];

/** PodSpec defaults the apiserver fills in (restartPolicy, grace period, pull policy, default tolerations, …). */
export function withDefaults(spec: Fields): Fields {
	const containers = (spec['containers'] as readonly Fields[]).map((container) => ({
		...container,
		imagePullPolicy: nonEmptyString(container['imagePullPolicy']) ?? defaultPullPolicy(String(container['image'])),
		resources: isRecord(container['resources']) ? container['resources'] : {},
		terminationMessagePath: nonEmptyString(container['terminationMessagePath']) ?? '/dev/termination-log',
		terminationMessagePolicy: nonEmptyString(container['terminationMessagePolicy']) ?? 'File',
	}));
	const tolerations = Array.isArray(spec['tolerations']) ? (spec['tolerations'] as readonly unknown[]) : [];
	const tolerated = (key: string) => tolerations.some((value) => isRecord(value) && (value['key'] === key || (value['key'] === undefined && value['operator'] === 'Exists')));
	return {
		...spec,
		containers,
		restartPolicy: nonEmptyString(spec['restartPolicy']) ?? 'Always',
		terminationGracePeriodSeconds: typeof spec['terminationGracePeriodSeconds'] === 'number' ? spec['terminationGracePeriodSeconds'] : 30,
		dnsPolicy: nonEmptyString(spec['dnsPolicy']) ?? 'ClusterFirst',
		schedulerName: nonEmptyString(spec['schedulerName']) ?? 'default-scheduler',
		securityContext: isRecord(spec['securityContext']) ? spec['securityContext'] : {},
		serviceAccountName: nonEmptyString(spec['serviceAccountName']) ?? 'default',
		serviceAccount: nonEmptyString(spec['serviceAccountName']) ?? 'default',
		enableServiceLinks: spec['enableServiceLinks'] ?? true,
		preemptionPolicy: 'PreemptLowerPriority',
		priority: typeof spec['priority'] === 'number' ? spec['priority'] : 0,
		tolerations: [...tolerations, ...defaultTolerations.filter((toleration) => !tolerated(toleration.key))],
	};
}

export function admitPod(body: unknown, context: AdmissionContext): Result<KubeObject> {
	if (!isRecord(body)) return {ok: false, error: badRequest('the body of the request was in an unknown format')};
	const metadata = isRecord(body['metadata']) ? body['metadata'] : {};
	const bodyNamespace = nonEmptyString(metadata['namespace']);
	if (bodyNamespace !== null && bodyNamespace !== context.namespace) {
		return {ok: false, error: badRequest('the namespace of the provided object does not match the namespace sent on the request')};
	}
	if (!context.namespaceExists) return {ok: false, error: notFound('namespaces', context.namespace)};
	const generateName = nonEmptyString(metadata['generateName']);
	const name = nonEmptyString(metadata['name']) ?? (generateName === null ? '' : `${generateName}${context.suffix()}`);
	if (name === '') {
		return {ok: false, error: invalid('Pod', '', [{field: 'metadata.name', type: 'Required value', detail: 'name or generateName is required'}])};
	}
	const spec = isRecord(body['spec']) ? body['spec'] : {};
	const errors = validate(name, spec);
	if (errors.length > 0) return {ok: false, error: invalid('Pod', name, errors)};
	const violation = podSecurityViolation(context.level, spec);
	if (violation !== null) return {ok: false, error: forbidden('pods', name, violation)};
	if (context.nameTaken(name)) return {ok: false, error: alreadyExists('pods', name)};
	const labels = stringMap(metadata['labels']);
	const annotations = stringMap(metadata['annotations']);
	const ownerReferences = Array.isArray(metadata['ownerReferences']) ? (metadata['ownerReferences'] as readonly unknown[]) : undefined;
	return {
		ok: true,
		value: {
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {
				name,
				...(generateName === null ? {} : {generateName}),
				namespace: context.namespace,
				uid: context.uid,
				resourceVersion: '0',
				creationTimestamp: apiTime(context.now),
				...(labels ? {labels} : {}),
				...(annotations ? {annotations} : {}),
				...(ownerReferences ? {ownerReferences} : {}),
			},
			spec: withDefaults(spec),
			status: {phase: 'Pending', qosClass: 'BestEffort'},
		},
	};
}
