/**
 * `netinspect lab`: runs the embedded lab cluster (an imitation Kubernetes API on 127.0.0.1) until Ctrl-C
 * or SIGTERM, and says how to point kubectl at it.
 */
import {parseFlags, UsageError} from './parse-flags.js';
import {isLabCni, labCnis, type LabCni} from '../lab/cni.js';
import {startLab, type StartLabOptions} from '../lab/index.js';
import {exitCodes, type Command, type CommandIo} from './command.js';

export const labHelp = `
  Usage
    $ netinspect lab [flags]

  Runs the embedded lab cluster until Ctrl-C: an imitation Kubernetes API on 127.0.0.1 (HTTPS, its own CA,
  a bearer token) holding the seed's Calico IPIP cluster "networking", or a generated one. kubectl and
  netinspect talk to it through the kubeconfig it writes (context netinspect-lab).

  Flags
    --port N                 port on 127.0.0.1 (default: a free one)
    --kubeconfig FILE        where to write the kubeconfig (default: a new file under the temp directory,
                             removed on exit); never ~/.kube unless you name it
    --topology seed|generated  the seed's 4-node cluster (default) or a generated larger one
    --nodes N --pods M       size of the generated cluster (default 20 nodes, 200 pods)
    --cni NAME               the nodes' network layout: calico-ipip (default), calico-vxlan, calico-bgp,
                             flannel, kindnet or aws-vpc (routes, devices, MTUs, rules, pod IPs, annotations)
    --image-pull-delay MS    how long new pods stay ContainerCreating (default 400)
    --pod-churn N            N pod changes a second (restart counts), an event storm for benches (default 0)

  Faults (for tests and demos), with the kubeconfig's token:
    POST /lab/v1/faults {"fault": "setNodeReady", "args": ["networking-worker3", false]}
    faults: cutWatches, endWatches, failNext {count, code 410|500, path regexp}, denyVerb {verb, resource,
    namespace (null: cluster-wide requests only)}, clearHttpFaults, restart {resourceVersionJump}, failImagePull,
    setPodSecurity, setNodeReady, removeRoute, restoreRoutes, setExecFault {mode hang|truncate},
    jumpResourceVersion, and in the nodes' kernels (see the README): setMtu, routeBlockTo, staleBlock,
    setRpFilter, addRule, dropPodRoute, setNodeLayout, clearNodeFaults

  Examples
    $ netinspect lab
    $ netinspect lab --port 6443 --kubeconfig ./lab.kubeconfig
    $ netinspect lab --topology generated --nodes 50 --pods 1000
    $ netinspect lab --cni aws-vpc
`;

const flags = {
	port: {type: 'number'},
	kubeconfig: {type: 'string'},
	topology: {type: 'string'},
	nodes: {type: 'number'},
	pods: {type: 'number'},
	imagePullDelay: {type: 'number'},
	cni: {type: 'string'},
	podChurn: {type: 'number'},
	help: {type: 'boolean', shortFlag: 'h'},
} as const;

/** A bad flag or value: exit 2 with one line. */
export {UsageError as LabUsageError} from './parse-flags.js';

function wholeNumber(name: string, value: number | undefined, min: number, max: number): number | undefined {
	if (value === undefined) return undefined;
	if (!Number.isInteger(value) || value < min || value > max) {
		throw new UsageError(`--${name} needs a whole number from ${min} to ${max}`);
	}
	return value;
}

/** Reads the flags into startLab options; throws LabUsageError (exit 2, one line). Null: --help. */
export function parseLabFlags(argv: readonly string[]): StartLabOptions | null {
	const cli = parseFlags(argv, flags, labHelp, 'netinspect lab --help');
	if (cli.input.length > 0) throw new UsageError(`unexpected argument "${cli.input[0] ?? ''}" (see netinspect lab --help)`);
	if (cli.flags.help) return null;
	const topology = cli.flags.topology ?? 'seed';
	if (topology !== 'seed' && topology !== 'generated') throw new UsageError('--topology is seed or generated');
	const nodes = wholeNumber('nodes', cli.flags.nodes, 1, 5000);
	const pods = wholeNumber('pods', cli.flags.pods, 0, 200_000);
	if (topology === 'seed' && (nodes !== undefined || pods !== undefined)) {
		throw new UsageError('--nodes and --pods size a generated cluster: add --topology generated');
	}
	if (cli.flags.kubeconfig !== undefined && cli.flags.kubeconfig.trim() === '') throw new UsageError('--kubeconfig needs a file name');
	const port = wholeNumber('port', cli.flags.port, 0, 65_535);
	const imagePullDelayMs = wholeNumber('image-pull-delay', cli.flags.imagePullDelay, 0, 3_600_000);
	const cni = parseCniFlag(cli.flags.cni);
	const podChurn = wholeNumber('pod-churn', cli.flags.podChurn, 0, 100_000);
	return {
		topology,
		...(cni === undefined ? {} : {cni}),
		...(port === undefined ? {} : {port}),
		...(cli.flags.kubeconfig === undefined ? {} : {kubeconfigPath: cli.flags.kubeconfig}),
		...(nodes === undefined ? {} : {nodes}),
		...(pods === undefined ? {} : {pods}),
		...(imagePullDelayMs === undefined ? {} : {imagePullDelayMs}),
		...(podChurn === undefined ? {} : {podChurn}),
	};
}

/** `--cni NAME`: one of the lab's layouts, else a usage error listing them. */
export function parseCniFlag(value: string | undefined): LabCni | undefined {
	if (value === undefined) return undefined;
	if (!isLabCni(value)) throw new UsageError(`--cni is one of ${labCnis.join(', ')}`);
	return value;
}

function shellQuote(raw: string): string {
	// A path the user typed may hold control characters: never send them to the terminal as they are.
	// eslint-disable-next-line no-control-regex
	const text = raw.replaceAll(/[\u0000-\u001f\u007f-\u009f]/g, '?');
	return /^[\w./:@%+=-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Runs the lab until `stop` aborts; the exit code. */
export async function runLab(io: CommandIo, stop: AbortSignal): Promise<number> {
	let options: StartLabOptions | null;
	try {
		options = parseLabFlags(io.argv);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		io.stderr.write(`netinspect lab: ${error.message}\n`);
		return exitCodes.usage;
	}
	if (options === null) {
		io.stdout.write(`${labHelp}\n`);
		return exitCodes.ok;
	}
	let lab;
	try {
		lab = await startLab(options);
	} catch (error) {
		// A topology that cannot be built from the flags (e.g. more pods than the nodes' blocks hold) is a usage error.
		if (error instanceof RangeError) {
			io.stderr.write(`netinspect lab: ${error.message}\n`);
			return exitCodes.usage;
		}
		io.stderr.write(`netinspect lab: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
		return exitCodes.failed;
	}
	const path = shellQuote(lab.kubeconfigPath);
	io.stdout.write(
		[
			`netinspect lab: serving the Kubernetes API at ${lab.url} (context ${lab.contextName})`,
			`kubeconfig: ${path}`,
			'',
			'Point kubectl at it:',
			`  export KUBECONFIG=${path}`,
			'  kubectl get nodes -o wide',
			'or, one command at a time:',
			`  kubectl --kubeconfig ${path} get nodes -o wide`,
			'',
			'Ctrl-C stops the lab.',
			'',
		].join('\n'),
	);
	if (!stop.aborted) await new Promise(resolve => stop.addEventListener('abort', resolve, {once: true}));
	await lab.stop();
	io.stdout.write('netinspect lab: stopped\n');
	return exitCodes.ok;
}

export const command: Command = {
	name: 'lab',
	summary: 'run the embedded lab cluster (an imitation Kubernetes API on 127.0.0.1) until Ctrl-C',
	async run(io) {
		const controller = new AbortController();
		const onSignal = () => controller.abort();
		process.once('SIGINT', onSignal);
		process.once('SIGTERM', onSignal);
		// A closed terminal: the lab stops the same way, and removes the kubeconfig (with its token) it wrote.
		process.once('SIGHUP', onSignal);
		try {
			return await runLab(io, controller.signal);
		} finally {
			process.off('SIGINT', onSignal);
			process.off('SIGTERM', onSignal);
			process.off('SIGHUP', onSignal);
		}
	},
};
