/**
 * What `netinspect routes` does with a node's tables: lists the cluster's nodes and pods, judges every pod IP
 * against the tables, prints the verdicts. routes.ts loads it while the debug pod starts.
 */
import type {ApiConfig} from '../kube/api-client.js';
import {apiErrorInfo} from '../kube/api-error.js';
import {clusterNodesFromList, clusterPodsFromList} from '../kube/cluster-objects.js';
import {podApiFor} from '../kube/pod-api.js';
import type {NodeTables} from '../kube/probe.js';
import {buildClusterIndex} from '../net/cluster-index.js';
import {judgeAll, prepareNetwork} from '../net/reachability.js';
import type {ClusterNode, ClusterPod} from '../net/types.js';
import {analysisJsonText, type Analysis} from './analysis-output.js';
import type {CommandIo} from './command.js';

/** Nodes and pods for the verdicts; without permission to list them, the verdicts lack pod names. */
export async function readCluster(
	kubeConfig: ApiConfig,
	io: Pick<CommandIo, 'stderr'>,
): Promise<{readonly nodes: readonly ClusterNode[]; readonly pods: readonly ClusterPod[]}> {
	const api = podApiFor(kubeConfig);
	const [nodes, pods] = await Promise.all([
		api.listNodes().then(
			list => clusterNodesFromList(list),
			(error: unknown) => {
				io.stderr.write(`netinspect routes: cannot list nodes (${apiErrorInfo(error).message}); next-hop nodes unknown\n`);
				return [];
			},
		),
		api.listPods(null).then(
			list => clusterPodsFromList(list),
			(error: unknown) => {
				io.stderr.write(`netinspect routes: cannot list pods (${apiErrorInfo(error).message}); only --ip IPs are judged\n`);
				return [];
			},
		),
	]);
	return {nodes, pods};
}

export function analyse(
	node: string,
	tables: Pick<NodeTables, 'routes' | 'interfaces' | 'warnings'>,
	cluster: {readonly nodes: readonly ClusterNode[]; readonly pods: readonly ClusterPod[]},
	ips: readonly string[],
	source: string,
): Analysis {
	const prepared = prepareNetwork({node, routes: tables.routes, interfaces: tables.interfaces});
	const verdicts = judgeAll(prepared, buildClusterIndex(cluster.nodes, cluster.pods), ips);
	return {
		node,
		routes: tables.routes,
		interfaces: tables.interfaces,
		verdicts,
		warnings: tables.warnings.map(warning => ({...warning, source})),
	};
}

export async function printAnalysis(analysis: Analysis, json: boolean, io: Pick<CommandIo, 'stdout'>): Promise<void> {
	if (json) {
		io.stdout.write(`${analysisJsonText(analysis)}\n`);
		return;
	}
	const {writeAnalysis} = await import('./analysis-table.js');
	writeAnalysis(analysis, io.stdout);
}
