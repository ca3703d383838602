/**
 * `netinspect sweep`: every node's routes against every pod of the cluster, from the tables alone (no traffic,
 * no n² probes). One one-shot pod per node reads its tables (kube/sweep-probe.ts), each node is judged as its
 * tables arrive (net/sweep.ts) and then forgotten, and the run's pods are deleted with one call before exit,
 * on Ctrl-C and on SIGTERM too.
 */
import {CoreV1Api} from '@kubernetes/client-node';
import {apiErrorInfo} from '../kube/api-error.js';
import {apiClientFor} from '../kube/api-client.js';
import {nodeToCluster, podToCluster} from '../kube/cluster-objects.js';
import {listPages} from '../kube/list-pages.js';
import {failureFromApiError} from '../kube/probe-failure.js';
import {defaultDebugImage, defaultDebugNamespace, newRunId, runSelector} from '../kube/debug-pod-spec.js';
import {installExitGuard} from '../kube/exit-guard.js';
import type {LoadedKubeconfig} from '../kube/kubeconfig.js';
import {defaultSweepBurst, defaultSweepQps} from '../kube/rate-limit.js';
import {deleteRun, probeNodes, type SweepProgress} from '../kube/sweep-probe.js';
import {sweepTables} from '../kube/sweep-tables.js';
import {buildClusterIndex} from '../net/cluster-index.js';
import {prepareNetwork} from '../net/reachability.js';
import {createSweep} from '../net/sweep.js';
import type {ClusterNode, ClusterPod} from '../net/types.js';
import {sanitizeLine, sanitizeText, toSafeJson} from '../text/sanitize.js';
import {commandKubeconfig} from './command-kubeconfig.js';
import {exitCodes, type Command, type CommandIo} from './command.js';
import {parseFlags, UsageError, wantsHelp} from './parse-flags.js';
import {sweepToJson, sweepToText, type SweepReport, type SweptNode} from './sweep-output.js';

export const defaultSweepConcurrency = 20;

function pushIfSome<T>(into: T[], value: T | null): void {
	if (value !== null) into.push(value);
}

export const sweepHelp = `
  Usage
    $ netinspect sweep [--json] [--report FILE.html] [-l SELECTOR] [--concurrency N] [--qps N]
                       [--kubeconfig FILE] [--context NAME] [--image IMAGE] [--debug-namespace NS]

  Reads every node's route table and interfaces once (a one-shot pod per node: host network, no
  privileges, all capabilities dropped; all deleted before exit) and checks, from the tables alone, that
  each node sends every pod IP to the node that runs it: a missing, wrong-node or blackholed route, a pod
  without its host route, a link down, an IP borrowed from another node's block with no route, a block
  owned by two nodes, MTUs and CNI layouts that differ between nodes.

  Options
    --json                 one JSON object: {nodes, problems, summary}
    --report FILE.html     also write a self-contained HTML report (summary, problems, node matrix)
    -l, --selector SEL     only nodes matching this label selector (the pods checked are all pods)
    --concurrency N        sweep pods in flight at once (default ${defaultSweepConcurrency})
    --qps N                API requests per second at most (default ${defaultSweepQps}; burst ${defaultSweepBurst})
    --timeout SECONDS      per node, from creating its pod to its tables read (default 120)
    --kubeconfig FILE      kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config)
    --context NAME         kubeconfig context (default: the current one)
    --image IMAGE          probe image with \`ip\` (default ${defaultDebugImage})
    --debug-namespace NS   where the sweep pods run (default ${defaultDebugNamespace})

  API calls: nodes and pods listed in pages of 500, then per node one pod create and three log reads (four when
  \`ip route\` fails and \`route -n\` is read), one watch of the run's pods, one delete-collection per 50
  nodes as soon as their pods are read, and one for the run at the end.

  Exit status: 0 when it could sweep (problems are data), 1 when fewer than half the nodes could be
  probed, 2 for bad arguments.
`;

const flags = {
	json: {type: 'boolean', default: false},
	report: {type: 'string'},
	selector: {type: 'string', shortFlag: 'l'},
	concurrency: {type: 'number'},
	qps: {type: 'number'},
	timeout: {type: 'number'},
	kubeconfig: {type: 'string'},
	context: {type: 'string'},
	image: {type: 'string'},
	debugNamespace: {type: 'string'},
} as const;

type Options = {
	readonly json: boolean;
	readonly report: string | null;
	readonly selector: string | undefined;
	readonly concurrency: number;
	readonly qps: number;
	readonly timeoutMs: number;
	readonly kubeconfig: string | undefined;
	readonly context: string | undefined;
	readonly image: string;
	readonly debugNamespace: string;
};

function positive(value: number | undefined, fallback: number, flag: string, max: number): number {
	if (value === undefined) return fallback;
	if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${flag} needs a positive number`);
	if (value > max) throw new UsageError(`${flag} may be at most ${max}`);
	return value;
}

function parseOptions(argv: readonly string[]): Options {
	const cli = parseFlags(argv, flags, sweepHelp);
	const [extra] = cli.input;
	if (extra !== undefined) throw new UsageError(`unexpected argument "${sanitizeText(extra)}" (sweep takes no NODE: use -l to choose nodes)`);
	if (cli.flags.report !== undefined && cli.flags.report.trim() === '') throw new UsageError('--report needs a file name');
	if (cli.flags.selector !== undefined && cli.flags.selector.trim() === '') throw new UsageError('-l needs a label selector, e.g. -l node-role.kubernetes.io/worker');
	return {
		json: cli.flags.json,
		report: cli.flags.report ?? null,
		selector: cli.flags.selector,
		concurrency: Math.floor(positive(cli.flags.concurrency, defaultSweepConcurrency, '--concurrency', 1000)),
		qps: positive(cli.flags.qps, defaultSweepQps, '--qps', 10_000),
		timeoutMs: positive(cli.flags.timeout, 120, '--timeout', 3600) * 1000,
		kubeconfig: cli.flags.kubeconfig,
		context: cli.flags.context,
		image: cli.flags.image ?? defaultDebugImage,
		debugNamespace: cli.flags.debugNamespace ?? defaultDebugNamespace,
	};
}

function eta(progress: SweepProgress, now: number): string {
	const finished = progress.done + progress.failed;
	if (finished === 0) return '';
	const remainingMs = ((now - progress.startedAt) / finished) * (progress.total - finished);
	const seconds = Math.round(remainingMs / 1000);
	return ` · ETA ${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A progress line on a terminal, redrawn in place at most 4 times a second; nothing into a pipe. */
function progressWriter(io: CommandIo): {readonly update: (progress: SweepProgress) => void; readonly clear: () => void} {
	const tty = (io.stderr as {isTTY?: boolean}).isTTY === true;
	let last = 0;
	let shown = false;
	return {
		update(progress) {
			const now = Date.now();
			const finished = progress.done + progress.failed === progress.total;
			if (!tty || (!finished && now - last < 250)) return;
			last = now;
			const width = Math.max(10, Math.min(30, ((io.stderr as {columns?: number}).columns ?? 80) - 60));
			const filled = progress.total === 0 ? width : Math.round((width * (progress.done + progress.failed)) / progress.total);
			io.stderr.write(
				`\r\u001B[2Ksweeping [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${progress.done + progress.failed}/${progress.total} nodes · ${progress.failed} failed · ${progress.inFlight} in flight${eta(progress, now)}`,
			);
			shown = true;
		},
		clear() {
			if (shown) io.stderr.write('\r\u001B[2K');
		},
	};
}

async function sweep(options: Options, loaded: LoadedKubeconfig, io: CommandIo): Promise<number> {
	const say = (text: string) => io.stderr.write(`netinspect sweep: ${text}\n`);
	const api = loaded.kubeConfig.makeApiClient(CoreV1Api);
	const started = Date.now();
	// Nodes and pods in pages straight into the network core's shapes: 150,000 pods are never held as objects.
	const client = apiClientFor(loaded.kubeConfig);
	const clusterNodes: ClusterNode[] = [];
	const clusterPods: ClusterPod[] = [];
	let listCalls = 0;
	try {
		await Promise.all([
			listPages(client, '/api/v1/nodes', item => pushIfSome(clusterNodes, nodeToCluster(item)), {
				query: {labelSelector: options.selector},
				timeoutMs: 60_000,
				onRequest: () => listCalls++,
			}),
			listPages(client, '/api/v1/pods', item => pushIfSome(clusterPods, podToCluster(item)), {timeoutMs: 60_000, onRequest: () => listCalls++}),
		]);
	} catch (error) {
		const failure = failureFromApiError(error, {verb: 'list', resource: 'nodes and pods', namespace: null});
		say(`cannot list nodes and pods: ${failure.message}`);
		if (apiErrorInfo(error).status === 403) say('  fix: the sweep needs cluster-wide list on nodes and pods (README: "RBAC for sweep")');
		else if (failure.fix) say(`  fix: ${failure.fix}`);
		return exitCodes.failed;
	}
	if (clusterNodes.length === 0) {
		say(options.selector ? `no node matches -l ${sanitizeLine(options.selector, 100)}` : 'the cluster has no nodes');
		return exitCodes.failed;
	}
	const cluster = buildClusterIndex(clusterNodes, clusterPods);
	const judging = createSweep(cluster);
	const outcomes = new Map<string, SweptNode>();
	let judgeMs = 0;

	const runId = newRunId();
	const cancel = new AbortController();
	let probing: Promise<unknown> = Promise.resolve();
	const guard = installExitGuard(
		async () => {
			cancel.abort();
			await probing.catch(() => undefined);
		},
		{stderr: io.stderr},
	);
	const progress = progressWriter(io);
	/** probeNodes deletes the run's pods on every path it returns from; only a throw before that leaves them here. */
	let cleaned = false;
	try {
		const run = probeNodes(
			clusterNodes.map(node => node.name),
			{
				kubeConfig: loaded.kubeConfig,
				namespace: options.debugNamespace,
				image: options.image,
				runId,
				context: loaded.contextName,
				concurrency: options.concurrency,
				qps: options.qps,
				burst: Math.max(defaultSweepBurst, Math.ceil(options.qps * 2)),
				podTimeoutMs: options.timeoutMs,
				signal: cancel.signal,
				onProgress: progress.update,
				onNode: outcome => {
					if (!outcome.ok) {
						outcomes.set(outcome.node, {name: outcome.node, probed: false, error: outcome.failure.message, fix: outcome.failure.fix || null});
						return;
					}
					const tables = sweepTables(outcome.outputs);
					if (!tables.ok) {
						outcomes.set(outcome.node, {name: outcome.node, probed: false, error: tables.message, fix: 'use an --image that has iproute2 or BusyBox `ip`'});
						return;
					}
					const before = performance.now();
					judging.addNode(prepareNetwork({node: outcome.node, routes: tables.routes, interfaces: tables.interfaces}));
					judgeMs += performance.now() - before;
					outcomes.set(outcome.node, {name: outcome.node, probed: true, error: null, fix: null});
				},
			},
		);
		probing = run;
		const summary = await run;
		cleaned = true;
		progress.clear();
		if (summary.cleanupError) say(summary.cleanupError);
		const before = performance.now();
		const result = judging.finish();
		judgeMs += performance.now() - before;
		const nodes = clusterNodes.map(node => outcomes.get(node.name) ?? {name: node.name, probed: false, error: 'not probed (cancelled)', fix: null});
		const report: SweepReport = {nodes, result, apiCalls: summary.apiCalls + listCalls, seconds: (Date.now() - started) / 1000, judgeMs};
		io.stdout.write(options.json ? `${toSafeJson(sweepToJson(report), 2)}\n` : sweepToText(report));
		if (options.report) {
			const {writeSweepReport} = await import('./sweep-report.js');
			await writeSweepReport(options.report, report);
			say(`report written to ${sanitizeLine(options.report, 200)}`);
		}
		const probed = nodes.filter(node => node.probed).length;
		if (cancel.signal.aborted) return exitCodes.failed;
		if (probed === 0 || probed * 2 < nodes.length) {
			say(`only ${probed} of ${nodes.length} nodes could be probed: too few to judge the cluster`);
			return exitCodes.failed;
		}
		if (summary.cleanupError) return exitCodes.failed;
		return exitCodes.ok;
	} finally {
		progress.clear();
		await guard.runCleanup();
		guard.dispose();
		if (!cleaned) await deleteRun(api, options.debugNamespace, runSelector(runId), 10_000);
	}
}

async function run(io: CommandIo): Promise<number> {
	if (wantsHelp(io.argv)) {
		io.stdout.write(`${sweepHelp}\n`);
		return exitCodes.ok;
	}
	let options: Options;
	try {
		options = parseOptions(io.argv);
	} catch (error) {
		if (error instanceof UsageError) {
			io.stderr.write(`netinspect sweep: ${error.message}\n`);
			return exitCodes.usage;
		}
		throw error;
	}
	const loaded = commandKubeconfig('sweep', {kubeconfig: options.kubeconfig, context: options.context, env: io.env}, io);
	if (loaded === null) return exitCodes.usage;
	return sweep(options, loaded, io);
}

export const command: Command = {
	name: 'sweep',
	summary: "every node's routes against every pod of the cluster, from the tables alone (problems worst first)",
	run,
};
