/** A command's kubeconfig: loaded, or its problem written as `netinspect NAME: …` (a usage error) and null. */
import {KubeconfigError, loadKubeconfig, type KubeconfigOptions, type LoadedKubeconfig} from '../kube/kubeconfig.js';
import type {CommandIo} from './command.js';

export function commandKubeconfig(name: string, options: KubeconfigOptions, io: Pick<CommandIo, 'stderr'>): LoadedKubeconfig | null {
	try {
		return loadKubeconfig(options);
	} catch (error) {
		if (!(error instanceof KubeconfigError)) throw error;
		io.stderr.write(`netinspect ${name}: ${error.message}\n`);
		return null;
	}
}
