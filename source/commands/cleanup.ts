/**
 * `netinspect cleanup`: finds the debug pods netinspect left behind (label app.kubernetes.io/managed-by=
 * netinspect) and deletes them (gracePeriodSeconds 0; already gone counts as done), or lists them (--dry-run).
 */
import {apiErrorInfo} from '../kube/api-error.js';
import {sweep, type Leftover} from '../kube/cleanup.js';
import {defaultDebugNamespace} from '../kube/debug-pod-spec.js';
import {parseRequestTimeout} from '../kube/request-timeout.js';
import {sanitizeText} from '../text/sanitize.js';
import {commandKubeconfig} from './command-kubeconfig.js';
import {exitCodes, type Command, type CommandIo} from './command.js';
import {parseFlags, UsageError, wantsHelp} from './parse-flags.js';

export const cleanupHelp = `
  Usage
    $ netinspect cleanup [--kubeconfig FILE] [--context NAME] [-A | -n NS] [--expired] [--dry-run]

  Deletes the debug pods netinspect made (label app.kubernetes.io/managed-by=netinspect), from any run:
  left behind when netinspect was killed hard. They also end by themselves (activeDeadlineSeconds).

  Options
    --kubeconfig FILE        kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config)
    --context NAME           kubeconfig context (default: the current one)
    -n, --namespace NS       look in NS (default ${defaultDebugNamespace})
    -A, --all-namespaces     look in every namespace
    --expired                only pods past their time-to-live (or finished)
    --dry-run                list what would be deleted, delete nothing
    --request-timeout TIME   limit of each API request, e.g. 30s, 2m; 0 for none (default 30s)

  Exit status: 0 done (also when nothing was found), 1 when a delete failed, 2 for bad arguments.
`;

const flags = {
	kubeconfig: {type: 'string'},
	context: {type: 'string'},
	namespace: {type: 'string', shortFlag: 'n'},
	allNamespaces: {type: 'boolean', shortFlag: 'A', default: false},
	expired: {type: 'boolean', default: false},
	dryRun: {type: 'boolean', default: false},
	requestTimeout: {type: 'string'},
} as const;

function describe(leftover: Leftover, now: number): string {
	const age =
		leftover.expiresAt === null
			? 'no expiry'
			: leftover.expiresAt <= now
				? 'expired'
				: `expires in ${Math.ceil((leftover.expiresAt - now) / 60_000)}m`;
	const details = [
		leftover.node ? `node ${leftover.node}` : null,
		leftover.phase,
		age,
		leftover.run ? `run ${leftover.run}` : null,
		leftover.host ? `from ${leftover.host}` : null,
	].filter(Boolean);
	return `${sanitizeText(leftover.namespace)}/${sanitizeText(leftover.name)} (${details.join(', ')})`;
}

async function run(io: CommandIo): Promise<number> {
	if (wantsHelp(io.argv)) {
		io.stdout.write(`${cleanupHelp}\n`);
		return exitCodes.ok;
	}
	let cli;
	let requestTimeoutMs: number;
	try {
		cli = parseFlags(io.argv, flags, cleanupHelp);
		if (cli.input.length > 0) throw new UsageError(`unexpected argument "${sanitizeText(cli.input[0] ?? '')}"`);
		if (cli.flags.allNamespaces && cli.flags.namespace !== undefined) throw new UsageError('-A and -n exclude each other');
		const requestTimeout = parseRequestTimeout(cli.flags.requestTimeout ?? '30s');
		if (typeof requestTimeout !== 'number') throw new UsageError(requestTimeout.error);
		requestTimeoutMs = requestTimeout;
	} catch (error) {
		if (error instanceof UsageError) {
			io.stderr.write(`netinspect cleanup: ${error.message}\n`);
			return exitCodes.usage;
		}
		throw error;
	}
	const loaded = commandKubeconfig('cleanup', {kubeconfig: cli.flags.kubeconfig, context: cli.flags.context, env: io.env, requestTimeoutMs}, io);
	if (loaded === null) return exitCodes.usage;
	const namespace = cli.flags.allNamespaces ? null : (cli.flags.namespace ?? defaultDebugNamespace);
	const now = Date.now();
	let result;
	try {
		result = await sweep(loaded.kubeConfig, {namespace, expiredOnly: cli.flags.expired, dryRun: cli.flags.dryRun, now});
	} catch (error) {
		io.stderr.write(`netinspect cleanup: cannot list pods: ${apiErrorInfo(error).message}\n`);
		return exitCodes.failed;
	}
	const where = namespace === null ? 'any namespace' : `namespace ${sanitizeText(namespace)}`;
	const targets = result.found.filter(leftover => !cli.flags.expired || leftover.expired);
	if (targets.length === 0) {
		if (result.found.length === 0) {
			io.stdout.write(`no netinspect debug pods in ${where} (context ${loaded.contextName})\n`);
			return exitCodes.ok;
		}
		// --expired and none has expired: the ones that have not are still there, and the user should know.
		io.stdout.write(
			`no expired netinspect debug pods in ${where} (context ${loaded.contextName}); ${result.found.length} not yet expired, kept (run without --expired to delete them):\n`,
		);
		for (const leftover of result.found) io.stdout.write(`kept ${describe(leftover, now)}\n`);
		return exitCodes.ok;
	}
	if (cli.flags.dryRun) {
		for (const leftover of targets) io.stdout.write(`would delete ${describe(leftover, now)}\n`);
		return exitCodes.ok;
	}
	for (const leftover of result.deleted) io.stdout.write(`deleted ${describe(leftover, now)}\n`);
	for (const {leftover, error} of result.failed) {
		io.stderr.write(`netinspect cleanup: could not delete ${describe(leftover, now)}: ${error}\n`);
	}
	return result.failed.length > 0 ? exitCodes.failed : exitCodes.ok;
}

export const command: Command = {
	name: 'cleanup',
	summary: 'delete every debug pod netinspect left behind',
	run,
};
