/**
 * Loads the kubeconfig the way kubectl users expect: `--kubeconfig FILE`, else every file in KUBECONFIG
 * (first definition of a name wins), else ~/.kube/config, else the in-cluster service account. Then
 * `--context` and the namespace (`-n`, else the context's, else `default`). Errors say what to do.
 */
import {existsSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';
import {KubeConfig} from '@kubernetes/client-node';
import {sanitizeLine, sanitizeText} from '../text/sanitize.js';
import {defaultRequestTimeoutMs, limitRequests} from './request-timeout.js';

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

export type LoadedKubeconfig = {
	readonly kubeConfig: KubeConfig;
	readonly contextName: string;
	readonly clusterName: string;
	readonly server: string;
	/** `-n`, else the context's namespace, else `default`. */
	readonly namespace: string;
	/** The files read (empty for in-cluster). */
	readonly files: readonly string[];
};

export class KubeconfigError extends Error {
	override readonly name = 'KubeconfigError';
}

const serviceAccountToken = '/var/run/secrets/kubernetes.io/serviceaccount/token';

function uniqueByName<T extends {readonly name: string}>(items: readonly T[]): T[] {
	const seen = new Set<string>();
	return items.filter(item => {
		if (seen.has(item.name)) return false;
		seen.add(item.name);
		return true;
	});
}

function loadFiles(files: readonly string[]): KubeConfig {
	const configs = files.map(file => {
		const config = new KubeConfig();
		try {
			config.loadFromFile(file);
		} catch (error) {
			throw new KubeconfigError(`cannot read kubeconfig ${sanitizeText(file)}: ${sanitizeLine(error)}`);
		}
		return config;
	});
	const merged = new KubeConfig();
	merged.loadFromOptions({
		clusters: uniqueByName(configs.flatMap(config => config.getClusters())),
		users: uniqueByName(configs.flatMap(config => config.getUsers())),
		contexts: uniqueByName(configs.flatMap(config => config.getContexts())),
		currentContext: configs.map(config => config.getCurrentContext()).find(Boolean) ?? '',
	});
	return merged;
}

function kubeconfigFiles(options: KubeconfigOptions): readonly string[] | 'in-cluster' {
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

export function loadKubeconfig(options: KubeconfigOptions = {}): LoadedKubeconfig {
	const files = kubeconfigFiles(options);
	let kubeConfig: KubeConfig;
	if (files === 'in-cluster') {
		kubeConfig = new KubeConfig();
		kubeConfig.loadFromCluster();
	} else {
		kubeConfig = loadFiles(files);
	}
	const contexts = kubeConfig.getContexts();
	const contextName = options.context ?? kubeConfig.getCurrentContext();
	const known = contexts.map(context => sanitizeText(context.name)).join(', ') || '(none)';
	if (!contextName) {
		throw new KubeconfigError(`no current context in the kubeconfig; pass --context (known: ${known})`);
	}
	const context = kubeConfig.getContextObject(contextName);
	if (!context) {
		throw new KubeconfigError(`context "${sanitizeText(contextName)}" not found in the kubeconfig (known: ${known})`);
	}
	kubeConfig.setCurrentContext(contextName);
	limitRequests(kubeConfig, options.requestTimeoutMs ?? defaultRequestTimeoutMs);
	const cluster = kubeConfig.getCurrentCluster();
	if (!cluster) {
		throw new KubeconfigError(
			`context "${sanitizeText(contextName)}" names cluster "${sanitizeText(context.cluster)}", which the kubeconfig does not define`,
		);
	}
	return {
		kubeConfig,
		contextName: sanitizeText(contextName),
		clusterName: sanitizeText(cluster.name),
		server: sanitizeText(cluster.server),
		namespace: options.namespace ?? (context.namespace || 'default'),
		files: files === 'in-cluster' ? [] : files,
	};
}
