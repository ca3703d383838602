/**
 * Issue 10's "done when": `netinspect sweep --json` against a generated lab of 200 nodes with one fault of each
 * kind injected on its own node (through the lab's kernel faults) lists each fault on the right node and
 * nothing else, and leaves no pod behind. Real one-shot pods, logs, watch and delete-collection over HTTPS.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {command} from '../../source/commands/sweep.js';
import {startLab, type RunningLab} from '../../source/lab/index.js';
import {createLabCluster, type LabClusterHandle} from '../../source/lab/state/create-lab-cluster.js';
import {generateTopology} from '../../source/lab/state/topology-generate.js';
import {liveDebugPods} from '../kube/lab-helper.js';
import {captureIo} from './io-capture.js';

const topology = generateTopology({nodes: 200, pods: 3000, seed: 5});
const node = (index: number) => topology.nodes[index]!;
const podsOn = (name: string) => topology.pods.filter(pod => pod.node === name && !pod.hostNetwork);

let cluster: LabClusterHandle;
let lab: RunningLab;

beforeAll(async () => {
	cluster = createLabCluster({topology, imagePullDelayMs: 10, schedulingDelayMs: 5, terminationDelayMs: 10});
	lab = await startLab({cluster});
}, 60_000);

afterAll(async () => {
	await lab?.stop();
});

type Problem = {readonly kind: string; readonly node: string; readonly block: string | null; readonly podCount: number};

describe('netinspect sweep on a generated lab of 200 nodes, one fault of each kind', () => {
	it('finds each fault on its node and nothing else, in about four API calls a node, and leaves no pod', {timeout: 240_000}, async () => {
		const victim = podsOn(node(150).name)[0]!;
		lab.faults.removeRoute(node(20).name, node(30).block);
		lab.faults.routeBlockTo(node(40).name, node(50).name, node(60).name);
		lab.faults.staleBlock(node(70).name, node(80).name);
		lab.faults.setMtu(node(90).name, 'tunl0', 1440);
		lab.faults.setNodeLayout(node(110).name, 'calico-vxlan');
		lab.faults.dropPodRoute(victim.namespace, victim.name);

		const io = captureIo(['--json', '--kubeconfig', lab.kubeconfigPath, '--concurrency', '40', '--qps', '1000']);
		expect(await command.run(io)).toBe(0);
		const json = JSON.parse(io.out()) as {problems: readonly Problem[]; summary: {probed: number; nodes: number; apiCallsPerNode: number}};
		expect(json.summary).toMatchObject({nodes: 200, probed: 200});
		expect(json.summary.apiCallsPerNode).toBeLessThan(4.5);
		const found = json.problems.map(({kind, node: where, block, podCount}) => ({kind, node: where, block, podCount}));
		const nodeWide = (kind: string, index: number): Problem => ({kind, node: node(index).name, block: null, podCount: 0});
		// Worst first; nothing on any other node. The MTU node and the VXLAN node each differ twice: their tunnel
		// MTU from the cluster's, and their pods' veths (1480) are now larger than their tunnel.
		expect(found).toEqual([
			{kind: 'blackhole', node: node(70).name, block: node(80).block, podCount: podsOn(node(80).name).length},
			{kind: 'wrong-node', node: node(40).name, block: node(50).block, podCount: podsOn(node(50).name).length},
			{kind: 'missing-route', node: node(20).name, block: node(30).block, podCount: podsOn(node(30).name).length},
			{kind: 'missing-host-route', node: node(150).name, block: node(150).block, podCount: 1},
			{kind: 'block-conflict', node: node(70).name, block: node(80).block, podCount: 0},
			nodeWide('mtu-mismatch', 110),
			nodeWide('mtu-mismatch', 110),
			nodeWide('mtu-mismatch', 90),
			nodeWide('mtu-mismatch', 90),
			nodeWide('cni-mismatch', 110),
		]);
		expect(liveDebugPods(cluster).filter(name => name.startsWith('ni-sweep-'))).toEqual([]);
	});
});
