/**
 * The store section of `npm run bench`: the cluster store alone (store-child.ts, in its own process)
 * against a generated lab, beside `kubectl get pods -A -o wide` on the same lab in the same run.
 * Prints time to nodes, to the first pods, to all pods listed, and the store process's peak RSS.
 *
 * run.ts skips it under NETINSPECT_BENCH_STORE=0. Size: BENCH_STORE_NODES / BENCH_STORE_PODS (default 500 / 15,000, about a minute in all; issue 11's
 * figure is 5,000 / 150,000, whose lab alone needs 1-2 minutes to start). BENCH_STORE_KUBECONFIG uses a
 * lab that already runs instead of starting one; BENCH_STORE_BEFORE=DIR also measures the store of another
 * source tree (e.g. `git archive` of an older commit, with node_modules linked) for a before/after.
 * Speed is measured here only, never asserted in tests.
 */
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {createApiClient} from '../../source/kube/api-client.js';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

type ChildResult = {
	readonly outcome: string;
	readonly nodes: number;
	readonly pods: number;
	readonly msToNodes: number | null;
	readonly msToFirstPods: number | null;
	readonly msToAllPods: number | null;
	readonly peakRssMb: number;
	readonly rssBeforeStartMb: number;
	readonly error: string | null;
};

async function startLab(nodes: number, pods: number, kubeconfig: string): Promise<ChildProcess> {
	const child = spawn('nice', ['-n', '5', tsx, path.join(root, 'source/cli.ts'), 'lab', '--topology', 'generated', '--nodes', String(nodes), '--pods', String(pods), '--kubeconfig', kubeconfig], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	await new Promise<void>((resolve, reject) => {
		let output = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('serving the Kubernetes API')) resolve();
		});
		child.on('exit', code => reject(new Error(`the lab exited (${code ?? 'signal'}) before serving`)));
	});
	return child;
}

async function countPods(kubeconfig: string): Promise<number> {
	const api = createApiClient(loadKubeconfig({kubeconfig, env: {}}).kubeConfig);
	const page = (await api.getJson('/api/v1/pods?limit=1', {timeoutMs: 120_000})) as {items?: unknown[]; metadata?: {remainingItemCount?: number}};
	return (page.items?.length ?? 0) + (page.metadata?.remainingItemCount ?? 0);
}

function runChild(sourceDir: string, kubeconfig: string, expected: number): ChildResult {
	const child = spawnSync(tsx, [path.join(root, 'test/bench/store-child.ts'), sourceDir, kubeconfig, String(expected), '600'], {
		encoding: 'utf8',
		maxBuffer: 1024 * 1024,
		cwd: path.dirname(sourceDir),
	});
	const line = child.stdout.trim().split('\n').at(-1) ?? '';
	try {
		return JSON.parse(line) as ChildResult;
	} catch {
		throw new Error(`the store child failed: ${child.stderr.slice(-2000)}`);
	}
}

function timeKubectl(kubeconfig: string): {readonly ms: number; readonly lines: number} | null {
	const started = performance.now();
	const result = spawnSync('kubectl', ['--kubeconfig', kubeconfig, 'get', 'pods', '-A', '-o', 'wide'], {encoding: 'utf8', maxBuffer: 512 * 1024 * 1024});
	if (result.error || result.status !== 0) return null;
	return {ms: performance.now() - started, lines: result.stdout.split('\n').length - 2};
}

const seconds = (ms: number | null) => (ms === null ? '-' : `${(ms / 1000).toFixed(2)} s`);

export async function runStoreBench(): Promise<void> {
	const nodes = Number(process.env['BENCH_STORE_NODES'] ?? 500);
	const pods = Number(process.env['BENCH_STORE_PODS'] ?? 15_000);
	const given = process.env['BENCH_STORE_KUBECONFIG'];
	const before = process.env['BENCH_STORE_BEFORE'];
	const directory = given ? null : mkdtempSync(path.join(tmpdir(), 'netinspect-bench-'));
	const kubeconfig = given ?? path.join(directory!, 'lab.yaml');
	let lab: ChildProcess | null = null;
	try {
		console.log(given ? `store: against the lab of ${kubeconfig}` : `store: starting a generated lab (${nodes} nodes, ${pods} pods)…`);
		if (!given) lab = await startLab(nodes, pods, kubeconfig);
		const expected = await countPods(kubeconfig);
		const runs: (readonly [string, ChildResult])[] = [['store (this tree)', runChild(path.join(root, 'source'), kubeconfig, expected)]];
		if (before) runs.push([`store (${before})`, runChild(path.resolve(before), kubeconfig, expected)]);
		const kubectl = spawnSync('kubectl', ['version', '--client'], {encoding: 'utf8'}).status === 0 ? timeKubectl(kubeconfig) : null;
		console.log(`  ${expected.toLocaleString('en-US')} pods in the lab`);
		for (const [name, result] of runs) {
			console.log(
				`  ${name}: nodes ${seconds(result.msToNodes)}, first pods ${seconds(result.msToFirstPods)}, all pods ${seconds(result.msToAllPods)} ` +
					`(${result.pods.toLocaleString('en-US')} rows, ${result.outcome}), peak RSS ${result.peakRssMb.toFixed(0)} MB (${result.rssBeforeStartMb.toFixed(0)} MB before listing)` +
					(result.error ? `, last error: ${result.error}` : ''),
			);
			if (kubectl && result.msToAllPods !== null) console.log(`    all pods / kubectl: ${(result.msToAllPods / kubectl.ms).toFixed(2)}× (target ≤ 0.5×)`);
		}
		console.log(kubectl ? `  kubectl get pods -A -o wide: ${seconds(kubectl.ms)} (${kubectl.lines.toLocaleString('en-US')} rows)` : '  kubectl: not installed or failed; its figure is missing');
	} finally {
		lab?.kill('SIGTERM');
		if (lab && lab.exitCode === null) await new Promise(resolve => lab!.once('exit', resolve));
		if (directory) rmSync(directory, {recursive: true, force: true});
	}
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await runStoreBench();
