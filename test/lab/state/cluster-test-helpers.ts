/** Shared by the lab/state cluster tests: wait on store events instead of sleeping. */
import type {ExecIo, KubeObject, StoreEvent} from '../../../source/lab/cluster-types.js';
import type {LabClusterHandle} from '../../../source/lab/state/index.js';

/** Resolves with the first event matching `predicate` (subscribe before acting); rejects after `timeoutMs`. */
export function waitForEvent(cluster: LabClusterHandle, predicate: (event: StoreEvent) => boolean, timeoutMs = 5000): Promise<StoreEvent> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			stop();
			reject(new Error('waitForEvent: no matching event in time'));
		}, timeoutMs);
		const stop = cluster.subscribe((event) => {
			if (!predicate(event)) return;
			clearTimeout(timer);
			stop();
			resolve(event);
		});
	});
}

type PodStatus = {
	readonly phase?: string;
	readonly podIP?: string;
	readonly reason?: string;
	readonly containerStatuses?: readonly {readonly state: Readonly<Record<string, {readonly reason?: string; readonly exitCode?: number}>>}[];
};

export function statusOf(object: KubeObject): PodStatus {
	return (object['status'] ?? {}) as PodStatus;
}

/** `running`, `terminated`, or the waiting reason of the first container. */
export function containerState(object: KubeObject): string | null {
	const state = statusOf(object).containerStatuses?.[0]?.state;
	if (!state) return null;
	if (state['waiting']) return state['waiting'].reason ?? 'waiting';
	return Object.keys(state)[0] ?? null;
}

export function podEvent(name: string, check: (object: KubeObject, event: StoreEvent) => boolean) {
	return (event: StoreEvent): boolean => event.resource === 'pods' && event.object.metadata.name === name && check(event.object, event);
}

export type CapturedIo = ExecIo & {readonly out: () => string; readonly err: () => string; readonly abort: () => void};

export function captureIo(): CapturedIo {
	let out = '';
	let err = '';
	const controller = new AbortController();
	return {
		stdout: (chunk) => {
			out += chunk;
		},
		stderr: (chunk) => {
			err += chunk;
		},
		signal: controller.signal,
		out: () => out,
		err: () => err,
		abort: () => controller.abort(),
	};
}

export function pod(name: string, spec: Readonly<Record<string, unknown>>, metadata: Readonly<Record<string, unknown>> = {}): unknown {
	return {apiVersion: 'v1', kind: 'Pod', metadata: {name, ...metadata}, spec};
}
