/**
 * The kubeconfig that points kubectl and client-node at the lab: context, cluster and user all named
 * `netinspect-lab`, the CA as certificate-authority-data, the bearer token. Written with mode 0600.
 */
import {chmod, mkdir, writeFile} from 'node:fs/promises';
import {dirname} from 'node:path';
import {stringify} from 'yaml';

export const labContextName = 'netinspect-lab';

export function renderKubeconfig(options: {readonly server: string; readonly caCert: string; readonly token: string}): string {
	return stringify({
		apiVersion: 'v1',
		kind: 'Config',
		clusters: [
			{
				name: labContextName,
				cluster: {server: options.server, 'certificate-authority-data': Buffer.from(options.caCert).toString('base64')},
			},
		],
		users: [{name: labContextName, user: {token: options.token}}],
		contexts: [{name: labContextName, context: {cluster: labContextName, user: labContextName, namespace: 'default'}}],
		'current-context': labContextName,
		preferences: {},
	});
}

export async function writeKubeconfig(path: string, text: string): Promise<void> {
	await mkdir(dirname(path), {recursive: true});
	await writeFile(path, text, {mode: 0o600});
	await chmod(path, 0o600);
}
