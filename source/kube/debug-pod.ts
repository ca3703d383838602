/**
 * The debug pod's lifecycle on one node: preflight (node Ready, Linux; SelfSubjectAccessReviews for create
 * pods, create pods/exec, delete pods), reuse of this run's running pod on the node, create, then a watch
 * of that single pod (field selector metadata.name) through creating → scheduled → pulling → running,
 * failing fast with a cause and a fix. Pods are tracked from the moment they exist, so stop() can delete them.
 */
import {hostname} from 'node:os';
import type {ApiConfig} from './api-client.js';
import {apiErrorInfo} from './api-error.js';
import type {PodRef, PodTracker} from './cleanup.js';
import {
	debugPodManifest,
	debugPodName,
	defaultTtlSeconds,
	labelValue,
	nodeLabel,
	runSelector,
} from './debug-pod-spec.js';
import {record, text} from './json-fields.js';
import {podApiFor, type PodApi} from './pod-api.js';
import {failureFromApiError, podProgress, privilegedNamespaceHint, roleHint} from './probe-failure.js';
import {createReflector} from './reflector.js';
import {sanitizeText} from '../text/sanitize.js';
import type {ProbeFailure, ProbePhase} from './types.js';

export type DebugPodOptions = {
	/** light-kubeconfig.ts's config, or client-node's KubeConfig (requests through pod-api.ts either way). */
	readonly kubeConfig: ApiConfig;
	readonly namespace: string;
	readonly image: string;
	readonly runId: string;
	/** The context name, for the pod's annotation. */
	readonly context: string;
	readonly tracker: PodTracker;
	readonly ttlSeconds?: number;
	/** Overall limit from create to running (default 120 s). */
	readonly timeoutMs?: number;
	readonly now?: () => number;
};

export type DebugPodProgress = {readonly phase: ProbePhase; readonly message: string};

export type DebugPodResult =
	| {readonly ok: true; readonly pod: PodRef; readonly reused: boolean}
	| {readonly ok: false; readonly failure: ProbeFailure};

type Checks = {readonly verb: string; readonly resource: string; readonly subresource?: string};

const accessChecks: readonly Checks[] = [
	{verb: 'create', resource: 'pods'},
	{verb: 'create', resource: 'pods', subresource: 'exec'},
	{verb: 'delete', resource: 'pods'},
];

/** Node exists, is Ready and runs Linux; null when fine. */
async function checkNode(api: PodApi, node: string): Promise<ProbeFailure | null> {
	let object: unknown;
	try {
		object = await api.readNode(node);
	} catch (error) {
		if (apiErrorInfo(error).status === 404) {
			return {reason: 'node-not-ready', message: `node ${sanitizeText(node)} does not exist`, fix: 'pick a node from the list'};
		}
		if (apiErrorInfo(error).status === 403) return null; // may not read nodes: the create will tell
		return failureFromApiError(error, {verb: 'get', resource: 'nodes', namespace: null});
	}
	const metadata = record(record(object)['metadata']);
	const labels = record(metadata['labels']);
	if (labels['kubernetes.io/os'] === 'windows') {
		return {
			reason: 'node-not-ready',
			message: `node ${sanitizeText(node)} runs Windows`,
			fix: 'netinspect reads Linux route tables; pick a Linux node',
		};
	}
	const conditions = record(record(object)['status'])['conditions'];
	const ready = (Array.isArray(conditions) ? conditions : []).map(record).find(condition => condition['type'] === 'Ready');
	if (!ready || ready['status'] !== 'True') {
		const why = text(ready?.['reason']) ?? text(ready?.['message']) ?? 'no Ready condition';
		return {
			reason: 'node-not-ready',
			message: `node ${sanitizeText(node)} is NotReady (${why})`,
			fix: `a debug pod would never start there; wait until it is Ready (kubectl describe node ${sanitizeText(node)})`,
		};
	}
	return null;
}

/** SelfSubjectAccessReviews; a cluster without the API (or a failing call) is not a denial. */
async function checkAccess(api: PodApi, namespace: string): Promise<ProbeFailure | null> {
	const results = await Promise.all(
		accessChecks.map(async check => {
			try {
				const allowed = await api.mayI({
					namespace,
					verb: check.verb,
					resource: check.resource,
					...(check.subresource ? {subresource: check.subresource} : {}),
				});
				return allowed === false ? check : null;
			} catch {
				return null;
			}
		}),
	);
	const denied = results.find((check): check is Checks => check !== null);
	if (!denied) return null;
	const resource = denied.subresource ? `${denied.resource}/${denied.subresource}` : denied.resource;
	return {
		reason: 'forbidden',
		message: `RBAC: you may not ${denied.verb} ${resource} in namespace "${sanitizeText(namespace)}"`,
		fix: roleHint(namespace),
	};
}

/** This run's pod on the node, if one is running and not being deleted. */
async function findReusable(api: PodApi, options: DebugPodOptions, node: string): Promise<PodRef | null> {
	try {
		const pods = await api.listPods(options.namespace, `${runSelector(options.runId)},${nodeLabel}=${labelValue(node)}`);
		for (const pod of pods) {
			const progress = podProgress(pod, options.image);
			const metadata = record(record(pod)['metadata']);
			const name = text(metadata['name']);
			if (name && progress.phase === 'running' && !metadata['deletionTimestamp'] && record(record(pod)['spec'])['nodeName'] === node) {
				return {namespace: options.namespace, name};
			}
		}
	} catch {
		// no list permission or a hiccup: create a new one
	}
	return null;
}

export async function startDebugPod(
	options: DebugPodOptions,
	node: string,
	onProgress: (progress: DebugPodProgress) => void,
	signal?: AbortSignal,
): Promise<DebugPodResult> {
	const now = options.now ?? Date.now;
	const api = podApiFor(options.kubeConfig);
	const cancelled = (): DebugPodResult => ({
		ok: false,
		failure: {reason: 'unknown', message: 'cancelled', fix: ''},
	});

	onProgress({phase: 'preflight', message: `checking node ${sanitizeText(node)} and permissions`});
	// This run's pod on the node is looked for meanwhile (one round trip less); used only when the checks pass.
	const [nodeFailure, accessFailure, reusable] = await Promise.all([
		checkNode(api, node),
		checkAccess(api, options.namespace),
		findReusable(api, options, node),
	]);
	if (signal?.aborted) return cancelled();
	if (accessFailure) return {ok: false, failure: accessFailure};
	if (nodeFailure) return {ok: false, failure: nodeFailure};

	if (reusable) {
		options.tracker.track(reusable);
		return {ok: true, pod: reusable, reused: true};
	}
	if (signal?.aborted) return cancelled();

	onProgress({phase: 'creating', message: `creating debug pod (${sanitizeText(options.image)})`});
	const manifest = debugPodManifest({
		node,
		runId: options.runId,
		image: options.image,
		namespace: options.namespace,
		ttlSeconds: options.ttlSeconds ?? defaultTtlSeconds,
		host: hostname(),
		pid: process.pid,
		startedAt: now(),
		context: options.context,
	});
	const metadata = manifest['metadata'] as Record<string, unknown>;
	// A unique name per attempt: a deleted pod of the same name may still be terminating.
	delete metadata['name'];
	metadata['generateName'] = `${debugPodName(node, options.runId)}-`;
	let created: unknown;
	try {
		created = await api.createPod(options.namespace, manifest);
	} catch (error) {
		const failure = failureFromApiError(error, {verb: 'create', resource: 'pods', namespace: options.namespace});
		if (failure.reason === 'admission' && !failure.fix.includes('--debug-namespace')) {
			return {ok: false, failure: {...failure, fix: privilegedNamespaceHint(options.namespace, null)}};
		}
		return {ok: false, failure};
	}
	const name = text(record(record(created)['metadata'])['name']);
	if (!name) return {ok: false, failure: {reason: 'unknown', message: 'the API returned a pod without a name', fix: ''}};
	const pod: PodRef = {namespace: options.namespace, name};
	options.tracker.track(pod);
	const result = await waitUntilRunning(options, pod, onProgress, signal);
	if (!result.ok) await options.tracker.remove(pod);
	return result;
}

function waitUntilRunning(
	options: DebugPodOptions,
	pod: PodRef,
	onProgress: (progress: DebugPodProgress) => void,
	signal?: AbortSignal,
): Promise<DebugPodResult> {
	const timeoutMs = options.timeoutMs ?? 120_000;
	return new Promise<DebugPodResult>(resolve => {
		let settled = false;
		let lastPhase: ProbePhase | null = null;
		/** The pod's watch failing when the time runs out: then the server, not the image pull, is the cause. */
		let watchError: string | null = null;
		const finish = (result: DebugPodResult) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
			reflector.stop();
			resolve(result);
		};
		const timer = setTimeout(() => {
			const describe = `kubectl describe pod -n ${sanitizeText(pod.namespace)} ${sanitizeText(pod.name)}`;
			const seconds = Math.round(timeoutMs / 1000);
			finish({
				ok: false,
				failure:
					watchError === null
						? {
								reason: 'timeout',
								message: `debug pod ${sanitizeText(pod.name)} not running after ${seconds} s (last: ${lastPhase ?? 'creating'})`,
								fix: `${describe} shows why; a slow image pull may need a mirror`,
							}
						: {
								reason: 'timeout',
								message: `no news of debug pod ${sanitizeText(pod.name)} for ${seconds} s: watching it fails (${watchError})`,
								fix: `the API server fails the watch; check it (kubectl get --raw /readyz) and try again; ${describe} shows the pod`,
							},
			});
		}, timeoutMs);
		const onAbort = () => finish({ok: false, failure: {reason: 'unknown', message: 'cancelled', fix: ''}});
		signal?.addEventListener('abort', onAbort, {once: true});
		const reflector = createReflector<{readonly name: string}>({
			kubeConfig: options.kubeConfig,
			path: `/api/v1/namespaces/${encodeURIComponent(pod.namespace)}/pods`,
			fieldSelector: `metadata.name=${pod.name}`,
			toRow: object => {
				const name = text(record(record(object)['metadata'])['name']);
				return name ? {name} : null;
			},
			keyOf: row => row.name,
			onRows: () => {
				if (settled) return;
				if (reflector.rows().size === 0 && lastPhase !== null) {
					finish({
						ok: false,
						failure: {
							reason: 'pod-deleted',
							message: `debug pod ${sanitizeText(pod.name)} was deleted (evicted, or removed by someone)`,
							fix: 'inspect the node again; if it keeps happening, check taints with NoExecute and admission webhooks',
						},
					});
				}
			},
			onConnection: state => {
				watchError = state.status === 'live' ? null : (state.error ?? watchError);
			},
			onObject: (type, object) => {
				if (settled) return;
				if (type === 'delete') {
					finish({
						ok: false,
						failure: {
							reason: 'pod-deleted',
							message: `debug pod ${sanitizeText(pod.name)} was deleted (evicted, or removed by someone)`,
							fix: 'inspect the node again; if it keeps happening, check taints with NoExecute and admission webhooks',
						},
					});
					return;
				}
				const progress = podProgress(object, options.image);
				lastPhase = progress.phase;
				if (progress.failure) {
					finish({ok: false, failure: progress.failure});
					return;
				}
				onProgress({phase: progress.phase, message: progress.message});
				if (progress.phase === 'running') finish({ok: true, pod, reused: false});
			},
		});
		if (signal?.aborted) {
			onAbort();
			return;
		}
		reflector.start();
	});
}
