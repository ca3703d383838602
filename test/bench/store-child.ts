/**
 * Runs the cluster store alone against a running lab and prints one JSON line of timings and peak RSS; the
 * store bench (store.ts) starts it in its own process so the RSS is the store's. Arguments: the source tree
 * to load the store from (another checkout's `source/` measures "before"), the kubeconfig, the pod count
 * to wait for, and the time limit in seconds.
 */
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {pathToFileURL} from 'node:url';

type Snapshot = {readonly nodes: readonly unknown[]; readonly pods: readonly unknown[]; readonly connection: {readonly status: string; readonly error: string | null}};
type Store = {readonly getSnapshot: () => Snapshot; readonly subscribe: (listener: () => void) => () => void; readonly start: () => void; readonly stop: () => Promise<void>};

const [sourceDir = 'source', kubeconfig = '', expectedText = '0', limitText = '600'] = process.argv.slice(2);
const expectedPods = Number(expectedText);
const load = async <T>(module: string): Promise<T> => import(pathToFileURL(path.resolve(sourceDir, module)).href) as Promise<T>;
const {loadKubeconfig} = await load<{loadKubeconfig: (options: object) => {kubeConfig: unknown}}>('kube/kubeconfig.ts');
const {createClusterStore} = await load<{createClusterStore: (options: object) => Store}>('kube/cluster-store.ts');

const loaded = loadKubeconfig({kubeconfig, env: {}});
// What the process holds before the store lists anything (tsx, client-node, our modules).
const rssBeforeStartMb = process.memoryUsage().rss / 1024 / 1024; // MiB, as maxRSS below
const startedAt = performance.now();
const store = createClusterStore({kubeConfig: loaded.kubeConfig, namespace: null});
const marks: Record<string, number> = {};
let samples = 0;
let peakHeapMb = 0;
const sample = setInterval(() => {
	samples++;
	peakHeapMb = Math.max(peakHeapMb, process.memoryUsage().heapUsed / 1e6);
}, 200);

const done = new Promise<string>(resolve => {
	const check = () => {
		const snapshot = store.getSnapshot();
		const at = performance.now() - startedAt;
		if (snapshot.nodes.length > 0) marks['nodes'] ??= at;
		if (snapshot.pods.length > 0) marks['firstPods'] ??= at;
		if (snapshot.pods.length >= expectedPods && expectedPods > 0) {
			marks['allPods'] ??= at;
			resolve('all pods listed');
		}
	};
	store.subscribe(check);
	setTimeout(() => resolve(`gave up after ${limitText} s`), Number(limitText) * 1000).unref();
});
store.start();
const outcome = await done;
clearInterval(sample);
const snapshot = store.getSnapshot();
const result = {
	outcome,
	nodes: snapshot.nodes.length,
	pods: snapshot.pods.length,
	msToNodes: marks['nodes'] ?? null,
	msToFirstPods: marks['firstPods'] ?? null,
	msToAllPods: marks['allPods'] ?? null,
	peakRssMb: process.resourceUsage().maxRSS / 1024,
	rssBeforeStartMb,
	peakHeapMb,
	heapSamples: samples,
	error: snapshot.connection.error,
};
await store.stop();
console.log(JSON.stringify(result));
process.exit(0);
