/**
 * The kubeconfig read without client-node, for the inspector's first LIST: client-node is 4 MB of code that
 * takes a tenth of a second to load, and the store's reads (api-client.ts, plain node:https) need only the
 * server, its CA and the user's token or client certificate. Anything more (exec and auth-provider plugins,
 * a proxy, the in-cluster account) or anything odd returns null: then the store waits for client-node's
 * KubeConfig (kubeconfig.ts), which also words every error. The choice of files, context and namespace is
 * kubeconfig.ts's (first definition of a name wins, `--context`, `-n`, the context's, `default`).
 */
import {readFileSync} from 'node:fs';
import type https from 'node:https';
import path from 'node:path';
import {sanitizeText} from '../text/sanitize.js';
import type {ApiConfig} from './api-client.js';
import {kubeconfigFiles, type KubeconfigOptions} from './kubeconfig-files.js';
import {readPlainYaml} from './plain-yaml.js';
import {setRequestLimit} from './request-timeout.js';

export type LightKubeconfig = {
	readonly config: ApiConfig;
	readonly contextName: string;
	readonly clusterName: string;
	/** `-n`, else the context's namespace, else `default`. */
	readonly namespace: string;
};

type Fields = Readonly<Record<string, unknown>>;

const fields = (value: unknown): Fields => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {});
const named = (value: unknown): readonly Fields[] => (Array.isArray(value) ? value.map(fields) : []);
const textOf = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** What a user entry may hold for the light path; any other key (exec, auth-provider, …) needs client-node. */
const plainUserKeys = new Set(['token', 'client-certificate', 'client-certificate-data', 'client-key', 'client-key-data', 'username', 'password', 'extensions']);
const plainClusterKeys = new Set(['server', 'certificate-authority', 'certificate-authority-data', 'insecure-skip-tls-verify', 'tls-server-name', 'extensions']);

/** The first entry of each name across the files, as kubectl merges them. */
function firstByName(documents: readonly Fields[], list: string, body: string): Map<string, {readonly entry: Fields; readonly directory: string}> {
	const found = new Map<string, {readonly entry: Fields; readonly directory: string}>();
	for (const document of documents) {
		for (const item of named(document[list])) {
			const name = textOf(item['name']);
			if (name !== undefined && !found.has(name)) found.set(name, {entry: fields(item[body]), directory: String(document['__directory'])});
		}
	}
	return found;
}

/** A file's bytes or the base64 `-data` field's; a relative file is next to its kubeconfig. */
function material(entry: Fields, key: string, directory: string): Buffer | undefined {
	const data = textOf(entry[`${key}-data`]);
	if (data !== undefined) return Buffer.from(data, 'base64');
	const file = textOf(entry[key]);
	return file === undefined ? undefined : readFileSync(path.resolve(directory, file));
}

/** A kubeconfig's YAML: plain-yaml.ts's reading, else the yaml package's (loaded only then). */
async function parseYaml(text: string): Promise<unknown> {
	const plain = readPlainYaml(text);
	if (plain !== undefined) return plain;
	const {parse} = await import('yaml');
	return parse(text);
}

/** The light reading of the kubeconfig, or null when client-node must do it (see the module comment). */
export async function readLightKubeconfig(options: KubeconfigOptions): Promise<LightKubeconfig | null> {
	try {
		const files = kubeconfigFiles(options);
		if (files === 'in-cluster') return null;
		const documents: readonly Fields[] = await Promise.all(
			files.map(async file => ({...fields(await parseYaml(readFileSync(file, 'utf8'))), __directory: path.dirname(path.resolve(file))})),
		);
		const contextName = options.context ?? documents.map(document => textOf(document['current-context'])).find(Boolean);
		if (contextName === undefined) return null;
		const context = firstByName(documents, 'contexts', 'context').get(contextName)?.entry;
		if (!context) return null;
		const clusterName = textOf(context['cluster']);
		const userName = textOf(context['user']);
		const cluster = clusterName === undefined ? undefined : firstByName(documents, 'clusters', 'cluster').get(clusterName);
		const user = userName === undefined ? {entry: {}, directory: ''} : firstByName(documents, 'users', 'user').get(userName);
		const server = textOf(cluster?.entry['server']);
		if (!cluster || !user || server === undefined) return null;
		if (Object.keys(cluster.entry).some(key => !plainClusterKeys.has(key)) || Object.keys(user.entry).some(key => !plainUserKeys.has(key))) return null;

		const ca = material(cluster.entry, 'certificate-authority', cluster.directory);
		const cert = material(user.entry, 'client-certificate', user.directory);
		const key = material(user.entry, 'client-key', user.directory);
		const insecure = cluster.entry['insecure-skip-tls-verify'] === true;
		const serverName = textOf(cluster.entry['tls-server-name']);
		const token = textOf(user.entry['token']);
		const username = textOf(user.entry['username']);
		const password = textOf(user.entry['password']);
		const config: ApiConfig = {
			getCurrentCluster: () => ({server}),
			getCurrentContext: () => contextName,
			async applyToHTTPSOptions(request: https.RequestOptions) {
				if (ca) request.ca = ca;
				if (cert) request.cert = cert;
				if (key) request.key = key;
				if (insecure) request.rejectUnauthorized = false;
				if (serverName !== undefined) request.servername = serverName;
				if (token !== undefined) request.headers = {...request.headers, Authorization: `Bearer ${token}`};
				else if (username !== undefined && password !== undefined) request.auth = `${username}:${password}`;
			},
		};
		setRequestLimit(config, options.requestTimeoutMs);
		return {
			config,
			contextName: sanitizeText(contextName),
			clusterName: sanitizeText(clusterName ?? ''),
			namespace: options.namespace ?? (textOf(context['namespace']) ?? 'default'),
		};
	} catch {
		return null;
	}
}
