/**
 * The real judge: the network core's verdicts for every pod IP, seen from the inspected node. The cluster
 * index (every pod's and node's addresses) depends on the cluster only, not on the node's tables: it is kept
 * per nodes/pods list and built ahead (`prepare`, with judgeAll's per-index pod IP plan) while the debug pod
 * starts, so that when the tables arrive only the judging itself stands between them and the screen.
 */
import {buildClusterIndex} from '../net/cluster-index.js';
import {judgeAll, prepareNetwork, preparePodIps} from '../net/reachability.js';
import {memoLast} from './memo.js';
import type {Judge} from './select-verdicts.js';

const clusterIndex = memoLast(buildClusterIndex);

export const judgePods: Judge = Object.assign(
	({node, routes, interfaces, nodes, pods}: Parameters<Judge>[0]) =>
		judgeAll(prepareNetwork({node: node.name, routes, interfaces}), clusterIndex(nodes, pods)),
	{
		prepare(nodes: Parameters<Judge>[0]['nodes'], pods: Parameters<Judge>[0]['pods']): void {
			preparePodIps(clusterIndex(nodes, pods));
		},
	},
);
