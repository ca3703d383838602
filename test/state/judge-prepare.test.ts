/** The cluster index is built while the debug pod starts, once, and the judging then reuses it. */
import {describe, expect, it, vi} from 'vitest';
import {buildClusterIndex} from '../../source/net/cluster-index.js';
import {judgeAll, prepareNetwork} from '../../source/net/reachability.js';
import {judgePods} from '../../source/state/judge-pods.js';
import {reduce} from '../../source/state/reduce.js';
import {createScreenSelector} from '../../source/state/select-screen.js';
import {initialUiState} from '../../source/state/ui-state.js';
import {fixedNow, liveSnapshot, readyProbe} from '../ui/helpers/seed-data.js';

vi.mock('../../source/net/cluster-index.js', async importOriginal => {
	const actual = await importOriginal<typeof import('../../source/net/cluster-index.js')>();
	return {...actual, buildClusterIndex: vi.fn(actual.buildClusterIndex)};
});

describe('judgePods.prepare', () => {
	it('builds the cluster index while the tables are on their way; the judging reuses it', () => {
		const built = vi.mocked(buildClusterIndex);
		built.mockClear();
		const select = createScreenSelector({judge: judgePods, context: 'c', cluster: 'c', refreshSeconds: 5});
		const ui = reduce(initialUiState({size: {columns: 120, rows: 40}}), {type: 'inspect', node: 'networking-worker2'});
		const snapshot = liveSnapshot();
		select({ui, snapshot, probe: readyProbe({phase: 'pulling', refreshedAt: null}), now: fixedNow});
		select({ui, snapshot, probe: readyProbe({phase: 'running', refreshedAt: null}), now: fixedNow + 100});
		expect(built).toHaveBeenCalledTimes(1);
		const probe = readyProbe();
		const view = select({ui, snapshot, probe, now: fixedNow + 200});
		expect(built).toHaveBeenCalledTimes(1);
		// The same verdicts as a judge from scratch.
		const node = snapshot.nodes.find(row => row.name === 'networking-worker2')!.cluster;
		const fresh = judgeAll(prepareNetwork({node: node.name, routes: probe.routes, interfaces: probe.interfaces}), built.getMockImplementation()!(snapshot.nodes.map(row => row.cluster), snapshot.pods.map(row => row.cluster)));
		expect(view.fits && view.panes.pods.rows.length).toBeGreaterThan(0);
		expect(judgePods({node, routes: probe.routes, interfaces: probe.interfaces, nodes: snapshot.nodes.map(row => row.cluster), pods: snapshot.pods.map(row => row.cluster)})).toEqual(fresh);
	});

	it('also works out each pod IP\'s facts ahead: the judging then asks the index nothing per pod IP', () => {
		const built = vi.mocked(buildClusterIndex);
		built.mockClear();
		const snapshot = liveSnapshot();
		const nodes = snapshot.nodes.map(row => row.cluster);
		const pods = [...snapshot.pods.map(row => row.cluster)];
		judgePods.prepare?.(nodes, pods);
		const index = built.mock.results[0]!.value as ReturnType<typeof buildClusterIndex>;
		const podAt = vi.spyOn(index, 'podAt');
		const probe = readyProbe();
		const node = snapshot.nodes.find(row => row.name === 'networking-worker2')!.cluster;
		const verdicts = judgePods({node, routes: probe.routes, interfaces: probe.interfaces, nodes, pods});
		expect(verdicts.length).toBeGreaterThan(0);
		expect(built).toHaveBeenCalledTimes(1);
		expect(podAt).not.toHaveBeenCalled();
	});
});
