/**
 * A command's way to the API: light-kubeconfig.ts's reading of the kubeconfig when it can (server, CA, token
 * or client certificate: no client-node loaded at all), else client-node's (commandKubeconfig: exec plugins,
 * auth providers, proxies, in-cluster, and the wording of every kubeconfig error). Either is an ApiConfig for
 * pod-api.ts, exec.ts and the reflector.
 */
import type {ApiConfig} from '../kube/api-client.js';
import type {KubeconfigOptions} from '../kube/kubeconfig-files.js';
import {readLightKubeconfig} from '../kube/light-kubeconfig.js';
import type {CommandIo} from './command.js';

export type CommandAccess = {
	readonly kubeConfig: ApiConfig;
	readonly contextName: string;
	/** Read without client-node. */
	readonly light: boolean;
};

/** The kubeconfig as an ApiConfig, or null after its problem was written as `netinspect NAME: …` (a usage error). */
export async function commandAccess(name: string, options: KubeconfigOptions, io: Pick<CommandIo, 'stderr'>): Promise<CommandAccess | null> {
	const light = await readLightKubeconfig(options);
	if (light !== null) return {kubeConfig: light.config, contextName: light.contextName, light: true};
	const {commandKubeconfig} = await import('./command-kubeconfig.js');
	const loaded = commandKubeconfig(name, options, io);
	return loaded === null ? null : {kubeConfig: loaded.kubeConfig, contextName: loaded.contextName, light: false};
}
