/**
 * Which kubeconfig files to read, the way kubectl picks them: `--kubeconfig FILE`, else every file in
 * KUBECONFIG, else ~/.kube/config, else the in-cluster service account. Without client-node, so that both
 * kubeconfig.ts (client-node's KubeConfig) and light-kubeconfig.ts (the store's first LIST) share it.
 */
import {existsSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';
import {sanitizeText} from '../text/sanitize.js';

export type KubeconfigOptions = {
	/** `--kubeconfig`. */
	readonly kubeconfig?: string | undefined;
	/** `--context`. */
	readonly context?: string | undefined;
	/** `-n/--namespace`. */
	readonly namespace?: string | undefined;
	/** Environment to read KUBECONFIG and HOME from (defaults to process.env). */
	readonly env?: Readonly<Record<string, string | undefined>>;
	/** Total limit of each non-streaming API request (default 30 s; 0: none). */
	readonly requestTimeoutMs?: number;
};

export class KubeconfigError extends Error {
	override readonly name = 'KubeconfigError';
}

const serviceAccountToken = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export function kubeconfigFiles(options: KubeconfigOptions): readonly string[] | 'in-cluster' {
	const env = options.env ?? process.env;
	if (options.kubeconfig !== undefined) {
		if (!existsSync(options.kubeconfig)) {
			throw new KubeconfigError(`kubeconfig file not found: ${sanitizeText(options.kubeconfig)}`);
		}
		return [options.kubeconfig];
	}
	const fromEnv = (env['KUBECONFIG'] ?? '').split(path.delimiter).filter(Boolean);
	if (fromEnv.length > 0) {
		const present = fromEnv.filter(file => existsSync(file));
		if (present.length === 0) {
			throw new KubeconfigError(
				`no kubeconfig found: KUBECONFIG names ${fromEnv.map(sanitizeText).join(', ')}, none exists`,
			);
		}
		return present;
	}
	const home = env['HOME'] ?? env['USERPROFILE'] ?? homedir();
	const fallback = path.join(home, '.kube', 'config');
	if (existsSync(fallback)) return [fallback];
	if (existsSync(serviceAccountToken)) return 'in-cluster';
	throw new KubeconfigError(
		`no kubeconfig found (looked at ${sanitizeText(fallback)}); pass --kubeconfig FILE or set KUBECONFIG`,
	);
}
