import {afterEach, describe, expect, it, vi} from 'vitest';
import type {KubeObject, StoreEvent} from '../../../source/lab/cluster-types.js';
import {createLabCluster, seedTopology, type LabClusterHandle} from '../../../source/lab/state/index.js';
import {bumpRestarts} from '../../../source/lab/state/pod-churn.js';

const clusters: LabClusterHandle[] = [];
afterEach(() => {
	for (const cluster of clusters.splice(0)) cluster.close();
});

function restartsOf(pod: KubeObject): number | undefined {
	return ((pod['status'] as {containerStatuses?: {restartCount?: number}[]} | undefined)?.containerStatuses ?? [])[0]?.restartCount;
}

describe('pod churn (lab --pod-churn)', () => {
	it("bumps the first container's restartCount and leaves the rest of the pod as it was", () => {
		const pod = {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'a', uid: 'u', resourceVersion: '1', creationTimestamp: 't'}, status: {phase: 'Running', containerStatuses: [{name: 'c', restartCount: 2}, {name: 'd', restartCount: 7}]}};
		const bumped = bumpRestarts(pod);
		expect(bumped['status']).toEqual({phase: 'Running', containerStatuses: [{name: 'c', restartCount: 3}, {name: 'd', restartCount: 7}]});
		expect(restartsOf(pod)).toBe(2);
		const noContainers = {...pod, status: {phase: 'Pending'}};
		expect(bumpRestarts(noContainers)).toBe(noContainers);
	});

	it('makes its rate of MODIFIED pod events, each one restart higher, and none after close', () => {
		vi.useFakeTimers();
		try {
			const cluster = createLabCluster({topology: seedTopology(), podChurnPerSecond: 200});
			clusters.push(cluster);
			const events: StoreEvent[] = [];
			cluster.subscribe(event => {
				if (event.resource === 'pods' && event.type === 'MODIFIED') events.push(event);
			});
			vi.advanceTimersByTime(1000);
			expect(events).toHaveLength(200);
			for (const event of events) expect(restartsOf(event.object)).toBe(restartsOf(event.previous!)! + 1);
			// In turn: every pod of the seed changed, not one pod 200 times.
			expect(new Set(events.map(event => event.object.metadata.name)).size).toBe(cluster.list('pods', null).items.length);
			cluster.close();
			vi.advanceTimersByTime(1000);
			expect(events).toHaveLength(200);
		} finally {
			vi.useRealTimers();
		}
	});
});
