/**
 * startLab: the embedded cluster behind an HTTPS imitation of the Kubernetes API on 127.0.0.1, with a CA
 * made at start, a random bearer token and a kubeconfig (context `netinspect-lab`) that kubectl and
 * client-node use like any cluster's.
 */
import {randomBytes} from 'node:crypto';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {LabCluster} from './cluster-types.js';
import type {HttpFaults} from './http/faults.js';
import {defaultCni, type LabCni} from './cni.js';
import {createLabCluster, generateTopology, seedTopology, withCni, type ClusterFaults} from './state/index.js';
import {labContextName, renderKubeconfig, writeKubeconfig} from './http/kubeconfig.js';
import {createLabServer} from './http/server.js';
import {makeCertificates} from './http/tls.js';

export type StartLabOptions = {
	/** 0 (default): a free port. */
	readonly port?: number;
	/** Default: a fresh file under os.tmpdir(), removed by stop(). */
	readonly kubeconfigPath?: string;
	readonly topology?: 'seed' | 'generated';
	readonly nodes?: number;
	readonly pods?: number;
	readonly imagePullDelayMs?: number;
	/** The node layout (default calico-ipip): kernels, pod IPs and node annotations follow it. */
	readonly cni?: LabCni;
	/** Pod changes a second (restart counts), for benches under an event storm; default 0. */
	readonly podChurn?: number;
	/** Bring your own cluster state (tests of the HTTP face); default: the lab's own (lab/state/). */
	readonly cluster?: LabCluster & {readonly faults?: Partial<ClusterFaults>};
	readonly bookmarkIntervalMs?: number;
};

/** Every fault the lab can inject: the HTTP ones and the cluster's own (pull failures, PSA, NotReady, ...). */
export type LabFaults = HttpFaults & ClusterFaults;

export type RunningLab = {
	readonly url: string;
	readonly kubeconfigPath: string;
	readonly contextName: string;
	readonly token: string;
	readonly cluster: LabCluster & {readonly faults: ClusterFaults};
	readonly faults: LabFaults;
	readonly stop: () => Promise<void>;
};

const clusterFaultNames = [
	'failImagePull',
	'setPodSecurity',
	'setNodeReady',
	'removeRoute',
	'restoreRoutes',
	'setExecFault',
	'jumpResourceVersion',
	'setMtu',
	'routeBlockTo',
	'staleBlock',
	'setRpFilter',
	'addRule',
	'dropPodRoute',
	'setNodeLayout',
	'clearNodeFaults',
] as const satisfies readonly (keyof ClusterFaults)[];

/** A cluster brought by the caller may lack some faults: those say so when used. */
function completeFaults(faults: Partial<ClusterFaults> | undefined): ClusterFaults {
	const entries = clusterFaultNames.map(name => [
		name,
		faults?.[name] ??
			(() => {
				throw new Error(`this lab's cluster has no ${name} fault`);
			}),
	]);
	return Object.fromEntries(entries) as ClusterFaults;
}

function defaultCluster(options: StartLabOptions) {
	const base =
		options.topology === 'generated'
			? generateTopology({nodes: options.nodes ?? 20, pods: options.pods ?? 200})
			: seedTopology();
	const topology = withCni(base, options.cni ?? defaultCni);
	return createLabCluster({
		topology,
		...(options.imagePullDelayMs === undefined ? {} : {imagePullDelayMs: options.imagePullDelayMs}),
		...(options.podChurn === undefined ? {} : {podChurnPerSecond: options.podChurn}),
	});
}

export async function startLab(options: StartLabOptions = {}): Promise<RunningLab> {
	const given = options.cluster ?? defaultCluster(options);
	const clusterFaults = completeFaults(given.faults);
	const cluster: RunningLab['cluster'] = {
		currentResourceVersion: () => given.currentResourceVersion(),
		list: (resource, namespace) => given.list(resource, namespace),
		...(given.listStored ? {listStored: (resource, namespace) => given.listStored!(resource, namespace)} : {}),
		get: (resource, namespace, name) => given.get(resource, namespace, name),
		eventsSince: since => given.eventsSince(since),
		subscribe: listener => given.subscribe(listener),
		createPod: (namespace, pod, createOptions) => given.createPod(namespace, pod, createOptions),
		deletePod: (namespace, name, deleteOptions) => given.deletePod(namespace, name, deleteOptions),
		podLog: (namespace, name, container) => given.podLog(namespace, name, container),
		exec: async (request, io) => given.exec(request, io),
		attach: async (request, io) => given.attach(request, io),
		close: () => given.close(),
		faults: clusterFaults,
	};
	let certificates;
	try {
		certificates = await makeCertificates();
	} catch (error) {
		given.close();
		throw error;
	}
	const token = randomBytes(24).toString('base64url');
	const lab = createLabServer({
		cluster,
		token,
		tls: {cert: certificates.cert, key: certificates.key},
		...(given.faults?.jumpResourceVersion ? {jumpResourceVersion: given.faults.jumpResourceVersion} : {}),
		extraFaults: clusterFaults,
		...(options.bookmarkIntervalMs === undefined ? {} : {bookmarkIntervalMs: options.bookmarkIntervalMs}),
	});
	let url: string;
	try {
		url = await lab.listen(options.port ?? 0);
	} catch (error) {
		await lab.close();
		given.close();
		throw error;
	}
	const ownsKubeconfig = options.kubeconfigPath === undefined;
	const kubeconfigPath = options.kubeconfigPath ?? join(tmpdir(), `netinspect-lab-${process.pid}-${randomBytes(4).toString('hex')}.kubeconfig`);
	try {
		await writeKubeconfig(kubeconfigPath, renderKubeconfig({server: url, caCert: certificates.caCert, token}));
	} catch (error) {
		await lab.close();
		given.close();
		throw error;
	}
	let stopped = false;
	return {
		url,
		kubeconfigPath,
		contextName: labContextName,
		token,
		cluster,
		faults: {...clusterFaults, ...lab.faults},
		async stop() {
			if (stopped) return;
			stopped = true;
			await lab.close();
			given.close();
			if (ownsKubeconfig) await rm(kubeconfigPath, {force: true});
		},
	};
}
