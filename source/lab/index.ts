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
	/** Bring your own cluster state (tests of the HTTP face); default: the lab's own. */
	readonly cluster?: LabCluster & {readonly faults?: object};
	readonly bookmarkIntervalMs?: number;
};

export type RunningLab<Cluster extends LabCluster = LabCluster> = {
	readonly url: string;
	readonly kubeconfigPath: string;
	readonly contextName: string;
	readonly token: string;
	readonly cluster: Cluster;
	readonly faults: HttpFaults;
	readonly stop: () => Promise<void>;
};

export async function startLab(options: StartLabOptions = {}): Promise<RunningLab> {
	const cluster = options.cluster;
	if (!cluster) throw new Error('startLab: no cluster state (source/lab/state not wired yet)');
	const token = randomBytes(24).toString('base64url');
	const certificates = await makeCertificates();
	const clusterFaults = (cluster.faults ?? {}) as Record<string, unknown>;
	const jump = clusterFaults['jumpResourceVersion'];
	const lab = createLabServer({
		cluster,
		token,
		tls: {cert: certificates.cert, key: certificates.key},
		...(typeof jump === 'function' ? {jumpResourceVersion: jump as (delta: number) => void} : {}),
		extraFaults: clusterFaults,
		...(options.bookmarkIntervalMs === undefined ? {} : {bookmarkIntervalMs: options.bookmarkIntervalMs}),
	});
	const url = await lab.listen(options.port ?? 0);
	const ownsKubeconfig = options.kubeconfigPath === undefined;
	const kubeconfigPath = options.kubeconfigPath ?? join(tmpdir(), `netinspect-lab-${process.pid}-${randomBytes(4).toString('hex')}.kubeconfig`);
	try {
		await writeKubeconfig(kubeconfigPath, renderKubeconfig({server: url, caCert: certificates.caCert, token}));
	} catch (error) {
		await lab.close();
		throw error;
	}
	let stopped = false;
	return {
		url,
		kubeconfigPath,
		contextName: labContextName,
		token,
		cluster,
		faults: {...clusterFaults, ...lab.faults} as HttpFaults,
		async stop() {
			if (stopped) return;
			stopped = true;
			await lab.close();
			cluster.close();
			if (ownsKubeconfig) await rm(kubeconfigPath, {force: true});
		},
	};
}
