/** `netinspect` / `netinspect inspect`: the full-screen inspector on a kubeconfig context. */
import {KubeconfigError, loadKubeconfig} from '../kube/kubeconfig.js';
import {version} from '../main.js';
import {exitCodes, type Command} from './command.js';
import {InspectUsageError, inspectHelp, parseInspectFlags} from './inspect-flags.js';
import {runInspector, terminalProblem} from './run-inspector.js';

export const command: Command = {
	name: 'inspect',
	summary: 'the full-screen inspector on the current kubeconfig context',
	async run(io) {
		let parsed;
		try {
			parsed = parseInspectFlags(io.argv, io.env);
		} catch (error) {
			if (error instanceof InspectUsageError) {
				io.stderr.write(`netinspect: ${error.message}\n`);
				return exitCodes.usage;
			}
			throw error;
		}
		if (parsed === 'help') {
			io.stdout.write(`${inspectHelp}\n`);
			return exitCodes.ok;
		}
		if (parsed === 'version') {
			io.stdout.write(`${version()}\n`);
			return exitCodes.ok;
		}
		const problem = terminalProblem(io);
		if (problem) {
			io.stderr.write(`netinspect: ${problem}\n`);
			return exitCodes.failed;
		}
		let loaded;
		try {
			loaded = loadKubeconfig({
				kubeconfig: parsed.kubeconfig,
				context: parsed.context,
				namespace: parsed.namespace,
				env: io.env,
				requestTimeoutMs: parsed.requestTimeoutMs,
			});
		} catch (error) {
			if (error instanceof KubeconfigError) {
				io.stderr.write(`netinspect: ${error.message}\n`);
				return exitCodes.usage;
			}
			throw error;
		}
		return runInspector(io, loaded, parsed);
	},
};
