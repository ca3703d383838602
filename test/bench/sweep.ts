/**
 * Sweep figures on the lab (part of `npm run bench`, or alone: `tsx test/bench/sweep.ts 100,1000,5000`): for each
 * cluster size, a generated lab (30 pods a node) started in this process, then `netinspect sweep --json` run
 * as a child process against it: wall time, API requests per node, the sweep's peak RSS and its judging time,
 * and the growth from one size to the next. The lab runs on the same two cores, as it would in a demo.
 */
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {startLab} from '../../source/lab/index.js';
import {deriveNodeKernel, runNodeCommand} from '../../source/lab/kernel/index.js';
import {createLabCluster} from '../../source/lab/state/create-lab-cluster.js';
import {generateTopology} from '../../source/lab/state/topology-generate.js';

const root = new URL('../..', import.meta.url).pathname;
const podsPerNode = 30;

export type SweepFigures = {
	readonly nodes: number;
	readonly pods: number;
	readonly labStartSeconds: number;
	readonly seconds: number;
	readonly apiCallsPerNode: number;
	readonly peakRssMb: number;
	readonly judgeMs: number;
	readonly probed: number;
	readonly problems: number;
	/** Lines of `ip route show table all` on one node: every node's table grows with the cluster. */
	readonly routesPerNode: number;
};

async function runSweep(kubeconfig: string, rssFile: string): Promise<{readonly code: number | null; readonly stdout: string; readonly stderr: string}> {
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			['--import', 'tsx', '--import', './test/bench/helpers/report-rss.ts', 'source/cli.ts', 'sweep', '--kubeconfig', kubeconfig, '--json', '--concurrency', '50', '--qps', '2000', '--timeout', '600'],
			{cwd: root, env: {...process.env, NETINSPECT_RSS_FILE: rssFile}, stdio: ['ignore', 'pipe', 'pipe']},
		);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		child.on('error', reject);
		child.on('exit', code => resolve({code, stdout, stderr}));
	});
}

export async function benchSweep(size: number): Promise<SweepFigures> {
	const directory = mkdtempSync(join(tmpdir(), 'ni-bench-sweep-'));
	const pods = size * podsPerNode;
	const labStarted = performance.now();
	const topology = generateTopology({nodes: size, pods: Math.min(pods, (size - 1) * 63)});
	const first = topology.nodes[0]!.name;
	const kernel = deriveNodeKernel({nodes: topology.nodes, pods: topology.pods.filter(pod => pod.node === first), node: first, removedRoutes: []});
	const routesPerNode = runNodeCommand(kernel, ['ip', 'route', 'show', 'table', 'all'], 'gnu').stdout.split('\n').filter(Boolean).length;
	const cluster = createLabCluster({topology, imagePullDelayMs: 20, schedulingDelayMs: 5, terminationDelayMs: 20});
	const lab = await startLab({cluster});
	const labStartSeconds = (performance.now() - labStarted) / 1000;
	try {
		const started = performance.now();
		const rssFile = join(directory, 'rss');
		const run = await runSweep(lab.kubeconfigPath, rssFile);
		const seconds = (performance.now() - started) / 1000;
		if (run.code !== 0) throw new Error(`sweep at ${size} nodes exited ${run.code}: ${run.stderr.slice(-500)}`);
		const json = JSON.parse(run.stdout) as {summary: {probed: number; problems: number; apiCallsPerNode: number; judgeMs: number; pods: number}};
		return {
			nodes: size,
			pods: json.summary.pods,
			labStartSeconds,
			seconds,
			apiCallsPerNode: json.summary.apiCallsPerNode,
			peakRssMb: Number(readFileSync(rssFile, 'utf8')) / 1024 / 1024,
			judgeMs: json.summary.judgeMs,
			probed: json.summary.probed,
			problems: json.summary.problems,
			routesPerNode,
		};
	} finally {
		await lab.stop();
		rmSync(directory, {recursive: true, force: true});
	}
}

export function sweepRows(figures: readonly SweepFigures[]): string[] {
	// Every node's table holds a route per other node's block, so the lines read grow as nodes × routes per
	// node: the wall time per route line read is what stays flat when the sweep is linear in its input.
	const lines = ['  nodes   pods      lab start  sweep wall  API calls/node  peak RSS  judging   probed  problems  routes/node  µs/route line  wall growth'];
	figures.forEach((entry, index) => {
		const previous = figures[index - 1];
		const routeLines = (figure: SweepFigures) => figure.nodes * figure.routesPerNode;
		const growth = previous
			? `×${(entry.seconds / previous.seconds).toFixed(1)} for ×${(entry.nodes / previous.nodes).toFixed(0)} nodes, ×${(routeLines(entry) / routeLines(previous)).toFixed(0)} route lines`
			: '';
		const perLine = (entry.seconds * 1e6) / routeLines(entry);
		lines.push(
			`  ${String(entry.nodes).padStart(5)}  ${String(entry.pods).padStart(7)}  ${entry.labStartSeconds.toFixed(1).padStart(8)} s  ${entry.seconds.toFixed(1).padStart(8)} s  ${entry.apiCallsPerNode.toFixed(2).padStart(14)}  ${entry.peakRssMb.toFixed(0).padStart(5)} MB  ${String(Math.round(entry.judgeMs)).padStart(5)} ms  ${String(entry.probed).padStart(6)}  ${String(entry.problems).padStart(8)}  ${String(entry.routesPerNode).padStart(11)}  ${perLine.toFixed(1).padStart(13)}  ${growth}`,
		);
	});
	return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const sizes = (process.argv[2] ?? '100,1000').split(',').map(Number);
	const figures: SweepFigures[] = [];
	for (const size of sizes) figures.push(await benchSweep(size));
	console.log(`netinspect sweep on the generated lab (${podsPerNode} pods a node), node ${process.version}`);
	for (const line of sweepRows(figures)) console.log(line);
}
