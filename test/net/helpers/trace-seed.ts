/**
 * The seed lab's worker2 and worker3 as captured files (test/fixtures/trace/seed, written by the lab's
 * kernels: see make-seed.ts there) and its cluster, ready for a trace.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {clusterNodesFromList, clusterPodsFromList} from '../../../source/kube/cluster-objects.js';
import {buildClusterIndex, type ClusterIndex} from '../../../source/net/cluster-index.js';
import {readCapturedNode, type CaptureFile} from '../../../source/net/trace-capture.js';
import type {TraceNode} from '../../../source/net/trace-types.js';

export const seedFolder = new URL('../../fixtures/trace/seed/', import.meta.url);

export function seedFiles(node: string): CaptureFile[] {
	const folder = new URL(`${node}/`, seedFolder);
	return readdirSync(folder).map(name => ({label: name, text: readFileSync(new URL(name, folder), 'utf8')}));
}

export function seedCluster(): ClusterIndex {
	const read = (name: string) => JSON.parse(readFileSync(new URL(name, seedFolder), 'utf8')) as unknown;
	return buildClusterIndex(clusterNodesFromList(read('nodes.json')), clusterPodsFromList(read('pods.json')));
}

export function seedNode(node: 'networking-worker2' | 'networking-worker3'): TraceNode {
	return readCapturedNode(node, seedFiles(node)).node;
}

export const helloOnWorker2 = 'hello-world-7c64bd9f6b-tpnrz';
export const helloOnWorker3 = 'hello-world-7c64bd9f6b-lmhxb';
