/** Starts the seed lab for kube/ tests and loads its kubeconfig; waits on subscriptions, never on sleeps. */
import {startLab, type RunningLab} from '../../source/lab/index.js';
import {createLabCluster, type LabClusterHandle} from '../../source/lab/state/create-lab-cluster.js';
import {seedTopology} from '../../source/lab/state/topology-seed.js';
import {loadKubeconfig, type LoadedKubeconfig} from '../../source/kube/kubeconfig.js';
import {managedByLabel} from '../../source/kube/debug-pod-spec.js';

export type TestLab = {
	readonly lab: RunningLab;
	readonly cluster: LabClusterHandle;
	readonly config: LoadedKubeconfig;
	readonly stop: () => Promise<void>;
};

export async function startTestLab(options: {readonly imagePullDelayMs?: number} = {}): Promise<TestLab> {
	const cluster = createLabCluster({
		topology: seedTopology(),
		imagePullDelayMs: options.imagePullDelayMs ?? 50,
		schedulingDelayMs: 10,
		terminationDelayMs: 50,
	});
	const lab = await startLab({cluster});
	const config = loadKubeconfig({kubeconfig: lab.kubeconfigPath, env: {}});
	return {lab, cluster, config, stop: async () => lab.stop()};
}

/** Names of the debug pods netinspect made that are not being deleted, in every namespace. */
export function liveDebugPods(cluster: LabClusterHandle): string[] {
	return cluster
		.list('pods', null)
		.items.filter(pod => pod.metadata.labels?.[managedByLabel] === 'netinspect' && !pod.metadata.deletionTimestamp)
		.map(pod => pod.metadata.name);
}

/** Resolves when `check` returns a value (checked now and on every notification), rejects after `timeoutMs`. */
export async function waitFor<T>(
	subscribe: (listener: () => void) => () => void,
	check: () => T | null | undefined | false,
	what: string,
	timeoutMs = 10_000,
): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		let unsubscribe = () => {};
		const timer = setTimeout(() => {
			unsubscribe();
			reject(new Error(`timed out waiting for ${what}`));
		}, timeoutMs);
		const test = () => {
			const value = check();
			if (value !== null && value !== undefined && value !== false) {
				clearTimeout(timer);
				unsubscribe();
				resolve(value);
				return true;
			}
			return false;
		};
		if (test()) return;
		unsubscribe = subscribe(() => {
			test();
		});
	});
}
