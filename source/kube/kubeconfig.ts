/**
 * Loads the kubeconfig the way kubectl users expect: `--kubeconfig FILE`, else every file in KUBECONFIG
 * (first definition of a name wins), else ~/.kube/config, else the in-cluster service account. Then
 * `--context` and the namespace (`-n`, else the context's, else `default`). Errors say what to do.
 */
import {KubeConfig} from '@kubernetes/client-node';
import {sanitizeLine, sanitizeText} from '../text/sanitize.js';
import {reuseConnections} from './keep-alive.js';
import {KubeconfigError, kubeconfigFiles, type KubeconfigOptions} from './kubeconfig-files.js';
import {defaultRequestTimeoutMs, limitRequests} from './request-timeout.js';

export {KubeconfigError, type KubeconfigOptions} from './kubeconfig-files.js';

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

/** Reasons of the YAML parser that quote the file (a tag, an alias, a handle): the quoted part is dropped. */
const quotedInReason = /"[^"]*"|'[^']*'|!<[^>]*>/g;

/**
 * Why a kubeconfig file did not load, naming the line and the problem but never the file's contents: the YAML
 * parser's own message carries an excerpt of the lines around the error, which in a kubeconfig are passwords,
 * tokens and keys. Errors that are not about the text keep their message (a missing field's path, an fs code).
 */
export function describeLoadError(error: unknown): string {
	const fields = (typeof error === 'object' && error !== null ? error : {}) as {
		readonly name?: unknown;
		readonly reason?: unknown;
		readonly mark?: {readonly line?: unknown; readonly column?: unknown};
		readonly code?: unknown;
		readonly syscall?: unknown;
	};
	if (fields.name === 'YAMLException' || fields.mark !== undefined) {
		const reason = typeof fields.reason === 'string' ? fields.reason.replace(quotedInReason, '…') : 'not valid YAML';
		const line = typeof fields.mark?.line === 'number' ? fields.mark.line + 1 : null;
		const column = typeof fields.mark?.column === 'number' ? fields.mark.column + 1 : null;
		const where = line === null ? '' : `line ${line}${column === null ? '' : `, column ${column}`}: `;
		return `${where}not valid YAML (${sanitizeLine(reason)})`;
	}
	if (typeof fields.code === 'string' && typeof fields.syscall === 'string') {
		// An fs error: "EACCES: permission denied, open '/path'"; the file is already named.
		const message = error instanceof Error ? error.message : '';
		const found = /^[A-Z]+: ([^,]+)/.exec(message);
		return sanitizeLine(found ? `${found[1]} (${fields.code})` : fields.code);
	}
	const message = error instanceof Error ? error.message : 'not a kubeconfig';
	// client-node's own checks ("users[0].name is missing") are one line; keep only that line, capped.
	return sanitizeLine(message.split('\n')[0]!.slice(0, 200));
}

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
			throw new KubeconfigError(`cannot read kubeconfig ${sanitizeText(file)}: ${describeLoadError(error)}`);
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
	limitRequests(reuseConnections(kubeConfig), options.requestTimeoutMs ?? defaultRequestTimeoutMs);
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
