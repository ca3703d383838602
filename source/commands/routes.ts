/**
 * `netinspect routes NODE`: one probe of a node through a short-lived debug pod (the probe pool, run once as
 * command-pool.ts runs it for `trace` too), printed as verdicts (the same JSON as `analyze --json`), the pod
 * deleted before exit. `--local`: this machine's own tables.
 */
import {hostname} from 'node:os';
import {defaultDebugImage, defaultDebugNamespace} from '../kube/debug-pod-spec.js';
import {parseRequestTimeout} from '../kube/request-timeout.js';
import type {CommandRunner, NodeTables} from '../kube/probe.js';
import {sanitizeText} from '../text/sanitize.js';
import type {ProbeFailure} from '../kube/types.js';
import {canonicalIp} from '../net/ip.js';
import {commandAccess} from './command-access.js';
import {startCommandPool} from './command-pool.js';
import {exitCodes, type Command, type CommandIo} from './command.js';
import {readFlags} from './plain-flags.js';
import {maxTimeoutSeconds, UsageError, wantsHelp} from './usage.js';

export const routesHelp = `
  Usage
    $ netinspect routes NODE [--json] [--kubeconfig FILE] [--context NAME] [--image IMAGE]
                             [--debug-namespace NS] [--ip IP]...
    $ netinspect routes --local [--json] [--ip IP]...

  Reads NODE's route table and interfaces once through a short-lived debug pod (host network, no
  privileges, all capabilities dropped; deleted before exit) and judges every pod IP of the cluster:
  which route carries it, out of which interface, to which node. --local reads this machine's own
  tables instead (run it on a node).

  Options
    --json                   one JSON object, as \`netinspect analyze --json\` prints it
    --kubeconfig FILE        kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config)
    --context NAME           kubeconfig context (default: the current one)
    --image IMAGE            debug pod image (default ${defaultDebugImage}; iproute2 images give more detail)
    --debug-namespace NS     where the debug pod runs (default ${defaultDebugNamespace})
    --ip IP                  also judge this IP; repeat for more
    --timeout SECONDS        how long the debug pod may take to start (default 120, at most 86400)
    --request-timeout TIME   limit of each API request, e.g. 30s, 2m; 0 for none (default 30s)
    --local                  this machine's tables (ip -j route/addr/link, else route -n and ip addr)

  Exit status: 0 when it could judge (problems are data), 1 when the probe failed or its debug pod could
  not be deleted (named on stderr), 2 for bad arguments.
`;

/** The flags' spec (exported for plain-flags.test.ts). */
export const routesFlags = {
	json: {type: 'boolean', default: false},
	local: {type: 'boolean', default: false},
	kubeconfig: {type: 'string'},
	context: {type: 'string'},
	image: {type: 'string'},
	debugNamespace: {type: 'string'},
	ip: {type: 'string', isMultiple: true},
	timeout: {type: 'number'},
	requestTimeout: {type: 'string'},
} as const;


/** A node name as the API accepts it (DNS-1123 subdomain): rejects '', '..', paths and escapes. */
const nodeNamePattern = /^[a-z\d]([-a-z\d]*[a-z\d])?(\.[a-z\d]([-a-z\d]*[a-z\d])?)*$/;

type Options = {
	readonly node: string | null;
	readonly local: boolean;
	readonly json: boolean;
	readonly kubeconfig: string | undefined;
	readonly context: string | undefined;
	readonly image: string;
	readonly debugNamespace: string;
	readonly ips: readonly string[];
	readonly timeoutMs: number;
	readonly requestTimeoutMs: number;
};

async function parseOptions(argv: readonly string[]): Promise<Options> {
	const cli = await readFlags(argv, routesFlags, routesHelp);
	const [node, extra] = cli.input;
	if (extra !== undefined) throw new UsageError(`unexpected argument "${sanitizeText(extra)}" (one NODE only)`);
	if (cli.flags.local && node !== undefined) throw new UsageError('--local reads this machine: give no NODE');
	if (!cli.flags.local && node === undefined) throw new UsageError('which node? netinspect routes NODE (or --local)');
	if (node !== undefined && (node.length > 253 || !nodeNamePattern.test(node))) {
		throw new UsageError(
			`"${sanitizeText(node)}" is not a node name (lowercase letters, digits, '-' and '.'; see kubectl get nodes)`,
		);
	}
	const ips = (cli.flags.ip ?? []).map(text => {
		const ip = canonicalIp(text.trim());
		if (ip === null) throw new UsageError(`--ip ${JSON.stringify(sanitizeText(text))} is not an IP address`);
		return ip;
	});
	const timeout = cli.flags.timeout ?? 120;
	if (!(timeout > 0) || timeout > maxTimeoutSeconds) {
		throw new UsageError(`--timeout needs a number of seconds above 0 and at most ${maxTimeoutSeconds} (a day)`);
	}
	const requestTimeout = parseRequestTimeout(cli.flags.requestTimeout ?? '30s');
	if (typeof requestTimeout !== 'number') throw new UsageError(requestTimeout.error);
	return {
		node: node ?? null,
		local: cli.flags.local,
		json: cli.flags.json,
		kubeconfig: cli.flags.kubeconfig,
		context: cli.flags.context,
		image: cli.flags.image ?? defaultDebugImage,
		debugNamespace: cli.flags.debugNamespace ?? defaultDebugNamespace,
		ips,
		timeoutMs: Math.round(timeout * 1000),
		requestTimeoutMs: requestTimeout,
	};
}

class ProbeFailed extends Error {
	readonly failure: ProbeFailure;

	constructor(failure: ProbeFailure) {
		super(failure.message);
		this.failure = failure;
	}
}

async function probeRemote(options: Options, node: string, io: CommandIo): Promise<number> {
	// Without client-node when the kubeconfig needs no exec plugin, auth provider or proxy (command-access.ts).
	const loaded = await commandAccess('routes', {kubeconfig: options.kubeconfig, context: options.context, env: io.env, requestTimeoutMs: options.requestTimeoutMs}, io);
	if (loaded === null) return exitCodes.usage;
	// The judging loads once the pod is asked for, while it starts (the long wait), not before the create.
	let verdicts: Promise<typeof import('./routes-verdicts.js')> | null = null;
	const loadVerdicts = () => (verdicts ??= import('./routes-verdicts.js'));
	const listCluster = async () => (await loadVerdicts()).readCluster(loaded.kubeConfig, io);
	const say = (text: string) => io.stderr.write(`netinspect routes: ${text}\n`);
	// Nodes and pods are listed while the tables are read (after the pod runs, so the lines keep their order).
	let cluster: ReturnType<typeof listCluster> | null = null;
	const probes = startCommandPool({
		loaded,
		image: options.image,
		debugNamespace: options.debugNamespace,
		timeoutMs: options.timeoutMs,
		say,
		stderr: io.stderr,
		onState: state => {
			// (A failed import is reported where the verdicts are awaited.)
			if (state.phase !== 'preflight' && state.phase !== 'failed') loadVerdicts().catch(() => undefined);
			if (state.phase === 'probing') cluster ??= listCluster();
		},
	});
	try {
		const read = await probes.read([node]);
		if (!read.ok) throw new ProbeFailed(read.failure);
		const tables = read.states.get(node)!;
		const listed = await (cluster ?? listCluster());
		const {analyse, printAnalysis} = await loadVerdicts();
		await probes.cleanup();
		// Our own debug pod is not part of the picture.
		const pods = listed.pods.filter(pod => !probes.isOwnPod(pod));
		await printAnalysis(analyse(node, tables, {nodes: listed.nodes, pods}, options.ips, `debug pod on ${node}`), options.json, io);
		// The verdicts are printed, but a debug pod left running is a failure of the run.
		return probes.leftPods() ? exitCodes.failed : exitCodes.ok;
	} catch (error) {
		if (error instanceof ProbeFailed) {
			io.stderr.write(`netinspect routes: ${error.failure.message}\n`);
			if (error.failure.fix) io.stderr.write(`  fix: ${error.failure.fix}\n`);
			return exitCodes.failed;
		}
		throw error;
	} finally {
		await probes.cleanup();
		probes.dispose();
	}
}

async function probeLocal(options: Options, io: CommandIo): Promise<number> {
	// execa (behind the local runner) is loaded for --local only: the remote probe starts without it.
	const [{localCommandRunner}, {probeTables}, {analyse, printAnalysis}] = await Promise.all([
		import('../kube/local-runner.js'),
		import('../kube/probe.js'),
		import('./routes-verdicts.js'),
	]);
	const readTables = async (run: CommandRunner, image: string): Promise<NodeTables> => {
		const result = await probeTables(run, {image});
		if (!result.ok) throw new ProbeFailed(result.failure);
		return result.tables;
	};
	try {
		const tables = await readTables(localCommandRunner, 'this machine');
		const node = sanitizeText(hostname());
		await printAnalysis(analyse(node, tables, {nodes: [], pods: []}, options.ips, 'local'), options.json, io);
		return exitCodes.ok;
	} catch (error) {
		if (error instanceof ProbeFailed) {
			const missing = error.failure.reason === 'command-missing';
			io.stderr.write(`netinspect routes --local: ${missing ? 'no `ip` or `route` on this machine' : error.failure.message}\n`);
			io.stderr.write(`  fix: ${missing ? 'install iproute2 (ip) or net-tools (route)' : error.failure.fix}\n`);
			return exitCodes.failed;
		}
		throw error;
	}
}

async function run(io: CommandIo): Promise<number> {
	if (wantsHelp(io.argv)) {
		io.stdout.write(`${routesHelp}\n`);
		return exitCodes.ok;
	}
	let options: Options;
	try {
		options = await parseOptions(io.argv);
	} catch (error) {
		if (error instanceof UsageError) {
			io.stderr.write(`netinspect routes: ${error.message}\n`);
			return exitCodes.usage;
		}
		throw error;
	}
	return options.local || options.node === null ? probeLocal(options, io) : probeRemote(options, options.node, io);
}

export const command: Command = {
	name: 'routes',
	summary: "probe one node's routes through a debug pod and print verdicts once (or --local: this machine)",
	run,
};
