/**
 * Deleting debug pods: the ones this run made (tracked as they are created, deleted on stop, against the
 * context that created them) and leftovers of any run found by label (`netinspect cleanup`, and the
 * start-up sweep of expired ones). 404 counts as success; gracePeriodSeconds 0. Plain requests (pod-api.ts) on
 * light-kubeconfig.ts's config or client-node's KubeConfig.
 */
import type {ApiConfig} from './api-client.js';
import {apiErrorInfo, isNotFound} from './api-error.js';
import {
	contextAnnotation,
	expiresAnnotation,
	hostAnnotation,
	managedSelector,
	runLabel,
} from './debug-pod-spec.js';
import {record, stringMap, text, timestamp} from './json-fields.js';
import {podApiFor, type PodApi, type PodRef} from './pod-api.js';
import {sanitizeLine, sanitizeText} from '../text/sanitize.js';

export type {PodRef} from './pod-api.js';

/** Deletes one pod now; resolves 'gone' when it was already gone. Other errors throw. */
export async function deletePodNow(api: PodApi, ref: PodRef): Promise<'deleted' | 'gone'> {
	try {
		await api.deletePod(ref);
		return 'deleted';
	} catch (error) {
		if (isNotFound(error)) return 'gone';
		throw error;
	}
}

export type PodTracker = {
	readonly track: (ref: PodRef) => void;
	readonly untrack: (ref: PodRef) => void;
	readonly tracked: () => readonly PodRef[];
	/** Deletes one tracked (or untracked) pod and forgets it; errors are reported, not thrown. */
	readonly remove: (ref: PodRef) => Promise<string | null>;
	/** Deletes every tracked pod, in parallel; returns the errors (empty when all went). Idempotent. */
	readonly removeAll: () => Promise<readonly string[]>;
	/** Pods still tracked (not deleted), each with why: the delete's error, or that it never finished. */
	readonly leftBehind: () => readonly LeftBehind[];
};

export type LeftBehind = {readonly pod: PodRef; readonly cause: string};

/**
 * What to tell the user on the way out about a debug pod that could not be deleted: its name, why, and the
 * commands that remove it (it also ends by itself at its time-to-live). Sanitized lines.
 */
export function leftBehindLines(left: LeftBehind, context: string): readonly string[] {
	const namespace = sanitizeText(left.pod.namespace);
	const name = sanitizeText(left.pod.name);
	const ctx = sanitizeText(context);
	return [
		`debug pod ${namespace}/${name} was not deleted: ${sanitizeLine(left.cause)}`,
		`  remove it with: netinspect cleanup -n ${namespace} --context ${ctx}`,
		`             or: kubectl delete pod -n ${namespace} ${name} --context ${ctx}`,
	];
}

const keyOf = (ref: PodRef) => `${ref.namespace}/${ref.name}`;

/** The pods this run made, bound to the kubeconfig (context) that created them. */
export function createPodTracker(kubeConfig: ApiConfig): PodTracker {
	const api = podApiFor(kubeConfig);
	const pods = new Map<string, PodRef>();
	const errors = new Map<string, string>();
	const remove = async (ref: PodRef): Promise<string | null> => {
		try {
			await deletePodNow(api, ref);
			pods.delete(keyOf(ref));
			errors.delete(keyOf(ref));
			return null;
		} catch (error) {
			const message = apiErrorInfo(error).message;
			errors.set(keyOf(ref), message);
			return `${ref.namespace}/${ref.name}: ${message}`;
		}
	};
	return {
		track(ref) {
			pods.set(keyOf(ref), ref);
		},
		untrack(ref) {
			pods.delete(keyOf(ref));
		},
		tracked: () => [...pods.values()],
		remove,
		async removeAll() {
			const results = await Promise.all([...pods.values()].map(remove));
			return results.filter((error): error is string => error !== null);
		},
		leftBehind: () =>
			[...pods.entries()].map(([key, pod]) => ({pod, cause: errors.get(key) ?? 'the delete did not finish in time'})),
	};
}

export type Leftover = PodRef & {
	readonly node: string | null;
	readonly run: string | null;
	readonly phase: string | null;
	readonly context: string | null;
	readonly host: string | null;
	/** ms since epoch from the expiry annotation, or null. */
	readonly expiresAt: number | null;
	/** Past its expiry, or finished (Succeeded/Failed). */
	readonly expired: boolean;
};

export function leftoverFromPod(pod: unknown, now: number): Leftover | null {
	const object = record(pod);
	const metadata = record(object['metadata']);
	const name = text(metadata['name']);
	const namespace = text(metadata['namespace']);
	if (!name || !namespace) return null;
	const labels = stringMap(metadata['labels']);
	const annotations = stringMap(metadata['annotations']);
	const phase = text(record(object['status'])['phase']);
	const expiresAt = timestamp(annotations[expiresAnnotation]);
	return {
		namespace,
		name,
		node: text(record(object['spec'])['nodeName']),
		run: labels[runLabel] ?? null,
		phase,
		context: annotations[contextAnnotation] ?? null,
		host: annotations[hostAnnotation] ?? null,
		expiresAt,
		expired: (expiresAt !== null && expiresAt <= now) || phase === 'Succeeded' || phase === 'Failed',
	};
}

export async function findLeftovers(
	kubeConfig: ApiConfig,
	options: {readonly namespace: string | null; readonly now?: number},
): Promise<readonly Leftover[]> {
	const pods = await podApiFor(kubeConfig).listPods(options.namespace, managedSelector);
	const now = options.now ?? Date.now();
	return pods
		.map(item => leftoverFromPod(item, now))
		.filter((item): item is Leftover => item !== null)
		.sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
}

export type SweepOptions = {
	readonly namespace: string | null;
	/** Only pods past their expiry (or finished); otherwise every netinspect pod found. */
	readonly expiredOnly: boolean;
	readonly dryRun?: boolean;
	/** Never touch this run's own pods. */
	readonly exceptRun?: string;
	readonly now?: number;
};

export type SweepResult = {
	readonly found: readonly Leftover[];
	readonly deleted: readonly Leftover[];
	readonly failed: readonly {readonly leftover: Leftover; readonly error: string}[];
};

export async function sweep(kubeConfig: ApiConfig, options: SweepOptions): Promise<SweepResult> {
	const found = await findLeftovers(kubeConfig, {namespace: options.namespace, now: options.now ?? Date.now()});
	const targets = found.filter(
		leftover => (!options.expiredOnly || leftover.expired) && (options.exceptRun === undefined || leftover.run !== options.exceptRun),
	);
	if (options.dryRun) return {found, deleted: [], failed: []};
	const api = podApiFor(kubeConfig);
	const deleted: Leftover[] = [];
	const failed: {leftover: Leftover; error: string}[] = [];
	await Promise.all(
		targets.map(async leftover => {
			try {
				await deletePodNow(api, leftover);
				deleted.push(leftover);
			} catch (error) {
				failed.push({leftover, error: apiErrorInfo(error).message});
			}
		}),
	);
	return {found, deleted, failed};
}
