/** `netinspect` / `netinspect inspect`: the full-screen inspector on a kubeconfig context. */
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
			parsed = await parseInspectFlags(io.argv, io.env);
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
		// client-node (behind the kubeconfig) loads after the first frame; a bad context still exits 2, one line.
		const {kubeconfig, context, namespace, requestTimeoutMs} = parsed;
		return runInspector(
			io,
			async () => {
				const {KubeconfigError, loadKubeconfig} = await import('../kube/kubeconfig.js');
				try {
					return loadKubeconfig({kubeconfig, context, namespace, env: io.env, requestTimeoutMs});
				} catch (error) {
					if (error instanceof KubeconfigError) return {usageError: error.message};
					throw error;
				}
			},
			parsed,
			{},
			async () => (await import('../kube/light-kubeconfig.js')).readLightKubeconfig({kubeconfig, context, namespace, env: io.env, requestTimeoutMs}),
		);
	},
};
