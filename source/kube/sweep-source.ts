/**
 * The inspector's sweep (`S`), outside React: a subscribe-able source like the cluster store and the prober.
 * `start` probes every node with one-shot pods (sweep-probe.ts), judges each node as its tables arrive
 * (net/sweep.ts) and publishes progress; `cancel` aborts (probeNodes still deletes the run's pods), `stop`
 * aborts and waits for that deletion (q, Ctrl-C, SIGTERM). The sweep still runs on client-node: it and the
 * kubeconfig it needs load on the first `start`, so an inspector that never sweeps never loads them.
 */
import type {KubeConfig} from '@kubernetes/client-node';
import {newRunId} from './debug-pod-spec.js';
import {defaultSweepBurst, defaultSweepQps} from './rate-limit.js';
import {sweepTables} from './sweep-tables.js';
import {buildClusterIndex} from '../net/cluster-index.js';
import {prepareNetwork} from '../net/reachability.js';
import {createSweep, type SweepProblem} from '../net/sweep.js';
import type {ClusterNode, ClusterPod} from '../net/types.js';
import {sanitizeLine} from '../text/sanitize.js';
import {countByNode, idleSweep, type SweepSnapshot, type SweepSource} from './sweep-snapshot.js';

export {countByNode, idleSweep, type SweepSnapshot, type SweepSource, type SweepStatus} from './sweep-snapshot.js';

export type SweepSourceOptions = {
	/** client-node's KubeConfig, or how to load it (on the first start). */
	readonly kubeConfig: KubeConfig | (() => Promise<KubeConfig>);
	readonly namespace: string;
	readonly image: string;
	readonly context: string;
	readonly concurrency?: number;
	readonly qps?: number;
	readonly podTimeoutMs?: number;
	readonly now?: () => number;
};

export function createSweepSource(options: SweepSourceOptions): SweepSource {
	const now = options.now ?? Date.now;
	const listeners = new Set<() => void>();
	let snapshot: SweepSnapshot = idleSweep;
	let controller: AbortController | null = null;
	let running: Promise<void> = Promise.resolve();
	const publish = (next: Partial<SweepSnapshot>): void => {
		snapshot = {...snapshot, ...next};
		for (const listener of listeners) listener();
	};

	const start = (nodes: readonly ClusterNode[], pods: readonly ClusterPod[]): void => {
		if (snapshot.status === 'running' || snapshot.status === 'cancelling') return;
		const cancel = new AbortController();
		controller = cancel;
		const startedAt = now();
		const judging = createSweep(buildClusterIndex(nodes, pods));
		const probed = new Set<string>();
		const failures = new Map<string, string>();
		publish({...idleSweep, status: 'running', total: nodes.length, startedAt, updatedAt: startedAt, probed, failures});
		running = (async () => {
			let error: string | null = null;
			try {
				const [{probeNodes}, kubeConfig] = await Promise.all([
					import('./sweep-probe.js'),
					typeof options.kubeConfig === 'function' ? options.kubeConfig() : options.kubeConfig,
				]);
				const summary = await probeNodes(
					nodes.map(node => node.name),
					{
						kubeConfig,
						namespace: options.namespace,
						image: options.image,
						runId: newRunId(),
						context: options.context,
						concurrency: options.concurrency ?? 20,
						qps: options.qps ?? defaultSweepQps,
						burst: defaultSweepBurst,
						...(options.podTimeoutMs === undefined ? {} : {podTimeoutMs: options.podTimeoutMs}),
						signal: cancel.signal,
						now,
						onProgress: progress => publish({done: progress.done, failed: progress.failed, updatedAt: now()}),
						onNode: outcome => {
							if (!outcome.ok) {
								failures.set(outcome.node, sanitizeLine(outcome.failure.message, 200));
								return;
							}
							const tables = sweepTables(outcome.outputs);
							if (!tables.ok) {
								failures.set(outcome.node, sanitizeLine(tables.message, 200));
								return;
							}
							judging.addNode(prepareNetwork({node: outcome.node, routes: tables.routes, interfaces: tables.interfaces}));
							probed.add(outcome.node);
						},
					},
				);
				error = summary.cleanupError === null ? null : sanitizeLine(summary.cleanupError, 300);
			} catch (thrown) {
				error = sanitizeLine(`sweep failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`, 300);
			}
			const problems = judging.finish().problems;
			const cancelled = cancel.signal.aborted;
			publish({
				status: cancelled ? 'cancelled' : error !== null && probed.size === 0 ? 'failed' : 'done',
				problems,
				problemsByNode: countByNode(problems),
				probed: new Set(probed),
				failures: new Map(failures),
				error,
				updatedAt: now(),
			});
		})();
	};

	const cancel = (): void => {
		if (snapshot.status !== 'running' || controller === null) return;
		controller.abort();
		publish({status: 'cancelling'});
	};

	return {
		getSnapshot: () => snapshot,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		start,
		cancel,
		async stop() {
			cancel();
			await running.catch(() => undefined);
		},
	};
}
