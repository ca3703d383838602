import {describe, expect, it} from 'vitest';
import {createObjectStore} from '../../../source/lab/state/object-store.js';
import {createPodRecords} from '../../../source/lab/state/pod-records.js';
import type {PodRuntime} from '../../../source/lab/state/pod-runtime.js';
import type {KubeObject} from '../../../source/lab/cluster-types.js';

const pod = (name: string): KubeObject =>
	({apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: 'default', uid: `uid-${name}`}, spec: {containers: [{name: 'c', image: 'busybox'}]}}) as unknown as KubeObject;

const runtime = (name: string, node: string | null): PodRuntime => ({
	uid: `uid-${name}`,
	node,
	hostIp: null,
	podIp: null,
	startTime: null,
	phase: 'Pending',
	containers: {},
	restarts: 0,
});

describe('pod records: the per-node index a node kernel reads instead of walking every pod', () => {
	it('follows a pod from unscheduled to a node, to another node, and out when forgotten', () => {
		const records = createPodRecords(createObjectStore({historySize: 100}), () => 0, () => undefined);
		records.addPod(pod('a'), runtime('a', null));
		records.addPod(pod('b'), runtime('b', 'node-1'));
		expect([...records.uidsOnNode('node-1')]).toEqual(['uid-b']);

		records.setRuntime('uid-a', runtime('a', 'node-1'));
		expect([...records.uidsOnNode('node-1')]).toEqual(['uid-b', 'uid-a']);

		records.setRuntime('uid-b', runtime('b', 'node-2'));
		expect([...records.uidsOnNode('node-1')]).toEqual(['uid-a']);
		expect([...records.uidsOnNode('node-2')]).toEqual(['uid-b']);

		records.forget('uid-a');
		expect([...records.uidsOnNode('node-1')]).toEqual([]);
		expect(records.runtimes.has('uid-a')).toBe(false);
		expect([...records.uidsOnNode('nowhere')]).toEqual([]);
	});
});
