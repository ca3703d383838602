/**
 * `netinspect demo`: starts the embedded lab (the seed's Calico IPIP cluster on 127.0.0.1) in-process and
 * runs the inspector against it through its kubeconfig, like any cluster; the lab stops on exit.
 */
import {rmSync} from 'node:fs';
import {parseFlags, UsageError} from './parse-flags.js';
import {managedByLabel, managedByValue} from '../kube/debug-pod-spec.js';
import {sanitizeText} from '../text/sanitize.js';
import {startLab} from '../lab/index.js';
import {parseCniFlag} from './lab.js';
import {exitCodes, type Command} from './command.js';
import {parseInspectFlags} from './inspect-flags.js';
import {runInspector, terminalProblem} from './run-inspector.js';

export const demoHelp = `
  Usage
    $ netinspect demo [flags]

  The inspector on the embedded lab cluster: the seed's four-node kind + Calico IPIP cluster "networking",
  served on 127.0.0.1 and reached through a kubeconfig like any cluster. Try: j j Enter on
  networking-worker2, then tab to the pods.

  Flags
    --write-kubeconfig FILE  write the lab's kubeconfig there (to use kubectl on it meanwhile; removed on exit
                             only when netinspect chose the file)
    --refresh SECONDS        live refresh interval of the routes (default 5)
    -A, --all-namespaces     show pods of all namespaces
    --cni NAME               the lab's node layout (see netinspect lab --help; default calico-ipip)
    --no-color               no colours (also NO_COLOR=1)
`;

const flags = {
	writeKubeconfig: {type: 'string'},
	refresh: {type: 'number'},
	allNamespaces: {type: 'boolean', shortFlag: 'A', default: false},
	cni: {type: 'string'},
	color: {type: 'boolean', default: true},
	help: {type: 'boolean', shortFlag: 'h', default: false},
} as const;

export const command: Command = {
	name: 'demo',
	summary: 'the inspector on the embedded lab cluster',
	async run(io) {
		let cli;
		try {
			cli = parseFlags(io.argv, flags, demoHelp, 'netinspect demo --help');
			if (cli.input.length > 0) throw new UsageError(`unexpected argument "${sanitizeText(cli.input[0] ?? '')}" (see netinspect demo --help)`);
		} catch (error) {
			if (!(error instanceof UsageError)) throw error;
			io.stderr.write(`netinspect demo: ${error.message}\n`);
			return exitCodes.usage;
		}
		if (cli.flags.help) {
			io.stdout.write(`${demoHelp}\n`);
			return exitCodes.ok;
		}
		const refresh = cli.flags.refresh ?? 5;
		if (!Number.isFinite(refresh) || refresh < 1 || refresh > 3600) {
			io.stderr.write('netinspect demo: --refresh needs a number of seconds from 1 to 3600\n');
			return exitCodes.usage;
		}
		let cni;
		try {
			cni = parseCniFlag(cli.flags.cni);
		} catch (error) {
			io.stderr.write(`netinspect demo: ${error instanceof Error ? error.message : String(error)}\n`);
			return exitCodes.usage;
		}
		const problem = terminalProblem(io);
		if (problem) {
			io.stderr.write(`netinspect demo: ${problem}\n`);
			return exitCodes.failed;
		}
		const lab = await startLab({...(cli.flags.writeKubeconfig ? {kubeconfigPath: cli.flags.writeKubeconfig} : {}), ...(cni ? {cni} : {})});
		// The kubeconfig netinspect chose holds the lab's token: it goes however the process ends (a signal or a
		// closed terminal exits from the exit guard, past the finally below).
		const removeKubeconfig = () => rmSync(lab.kubeconfigPath, {force: true});
		if (!cli.flags.writeKubeconfig) process.once('exit', removeKubeconfig);
		try {
			const base = await parseInspectFlags([], io.env);
			if (base === 'help' || base === 'version') {
				return exitCodes.ok;
			}
			const where = {kubeconfig: lab.kubeconfigPath, context: lab.contextName, env: {}};
			const kubeconfig = async () => (await import('../kube/kubeconfig.js')).loadKubeconfig(where);
			const light = async () => (await import('../kube/light-kubeconfig.js')).readLightKubeconfig(where);
			const code = await runInspector(
				io,
				kubeconfig,
				{
					...base,
					allNamespaces: cli.flags.allNamespaces,
					refreshSeconds: refresh,
					color: base.color && cli.flags.color,
				},
				{},
				light,
			);
			// The lab can tell for sure whether cleanup worked: say so before it goes away.
			const left = lab.cluster
				.list('pods', null)
				.items.filter(pod => pod.metadata.labels?.[managedByLabel] === managedByValue && pod.metadata.deletionTimestamp === undefined);
			io.stderr.write(
				left.length === 0
					? 'netinspect demo: no debug pod left in the lab\n'
					: `netinspect demo: ${left.length} debug pod(s) left in the lab: ${left.map(pod => sanitizeText(pod.metadata.name)).join(', ')}\n`,
			);
			return left.length === 0 ? code : exitCodes.failed;
		} finally {
			await lab.stop();
			process.off('exit', removeKubeconfig);
		}
	},
};
