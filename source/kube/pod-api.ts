/**
 * The few API calls of the debug-pod path (read a node, list, create and delete pods, ask what we may do) as
 * plain JSON requests through api-client.ts, on any ApiConfig: light-kubeconfig.ts's, so `routes` and the
 * inspector probe a node without loading client-node, or client-node's KubeConfig when the kubeconfig needs
 * it (exec plugins, auth providers, proxies: its applyToHTTPSOptions applies them). Every call is bounded by
 * the kubeconfig's `--request-timeout` (request-timeout.ts); errors are api-client's (`code` and the Status
 * `body`, or a timeout named AbortError), which apiErrorInfo and probe-failure.ts word as client-node's.
 */
import {apiClientFor, type ApiConfig} from './api-client.js';
import {list, record} from './json-fields.js';
import {requestLimitOf} from './request-timeout.js';

export type PodRef = {readonly namespace: string; readonly name: string};

/** One SelfSubjectAccessReview's resource attributes. */
export type AccessAttributes = {
	readonly namespace: string;
	readonly verb: string;
	readonly resource: string;
	readonly subresource?: string;
};

export type PodApi = {
	/** The node object (JSON). */
	readonly readNode: (name: string) => Promise<unknown>;
	/** Every node (one LIST, unpaged). */
	readonly listNodes: () => Promise<readonly unknown[]>;
	/** Pods of one namespace (null: all), optionally by label selector (one LIST, unpaged). */
	readonly listPods: (namespace: string | null, labelSelector?: string) => Promise<readonly unknown[]>;
	/** Creates a pod from a manifest; resolves with the created pod (its generated name in metadata). */
	readonly createPod: (namespace: string, manifest: unknown) => Promise<unknown>;
	/** Deletes a pod now (grace period 0, background propagation); a missing pod rejects with a 404. */
	readonly deletePod: (ref: PodRef) => Promise<void>;
	/** Whether we may do it: true or false from the review, null when the answer says neither. */
	readonly mayI: (attributes: AccessAttributes) => Promise<boolean | null>;
};

const segment = encodeURIComponent;

function withSelector(path: string, labelSelector: string | undefined): string {
	return labelSelector === undefined ? path : `${path}?${new URLSearchParams({labelSelector}).toString()}`;
}

/** The pod API of a kubeconfig (its requests share the config's api-client and kept-alive connections). */
export function podApiFor(config: ApiConfig): PodApi {
	const client = apiClientFor(config);
	const limit = () => ({timeoutMs: requestLimitOf(config)});
	return {
		readNode: async name => client.getJson(`/api/v1/nodes/${segment(name)}`, limit()),
		listNodes: async () => list(record(await client.getJson('/api/v1/nodes', limit()))['items']),
		async listPods(namespace, labelSelector) {
			const path = namespace === null ? '/api/v1/pods' : `/api/v1/namespaces/${segment(namespace)}/pods`;
			return list(record(await client.getJson(withSelector(path, labelSelector), limit()))['items']);
		},
		createPod: async (namespace, manifest) =>
			client.sendJson('POST', `/api/v1/namespaces/${segment(namespace)}/pods`, {...limit(), body: manifest}),
		async deletePod(ref) {
			await client.sendJson('DELETE', `/api/v1/namespaces/${segment(ref.namespace)}/pods/${segment(ref.name)}?gracePeriodSeconds=0`, {
				...limit(),
				body: {apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, propagationPolicy: 'Background'},
			});
		},
		async mayI(attributes) {
			const review = await client.sendJson('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
				...limit(),
				body: {apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: {resourceAttributes: attributes}},
			});
			const allowed = record(record(review)['status'])['allowed'];
			return typeof allowed === 'boolean' ? allowed : null;
		},
	};
}
