import {describe, expect, it} from 'vitest';
import type {PodRow} from '../../source/kube/types.js';
import {createPodFilter, filterPods} from '../../source/state/select-pods.js';
import {seedPodRows} from '../ui/helpers/seed-data.js';

/** The row with its STATUS read counted (podFilterText reads it once per match test). */
function counted(row: PodRow, reads: Map<string, number>): PodRow {
	return Object.defineProperty({...row}, 'status', {
		enumerable: true,
		get() {
			reads.set(row.name, (reads.get(row.name) ?? 0) + 1);
			return row.status;
		},
	});
}

describe('createPodFilter', () => {
	const cases = [
		{allNamespaces: true, namespace: 'default', filter: ''},
		{allNamespaces: true, namespace: 'default', filter: 'worker2'},
		{allNamespaces: false, namespace: 'kube-system', filter: 'core.*worker'},
		{allNamespaces: false, namespace: 'default', filter: '(bad'},
	];

	it('picks what filterPods picks, for every namespace and filter, as rows change', () => {
		const filter = createPodFilter();
		let pods = seedPodRows;
		for (let round = 0; round < 3; round++) {
			for (const options of cases) expect(filter(pods, options)).toEqual(filterPods(pods, options));
			pods = pods.map((pod, index) => (index % 2 === round % 2 ? {...pod, status: 'Terminating', node: 'networking-worker2'} : pod));
		}
	});

	it('tests a row again only when it is a new row or the filter text changed', () => {
		const reads = new Map<string, number>();
		const pods = seedPodRows.map(row => counted(row, reads));
		const filter = createPodFilter();
		const options = {allNamespaces: true, namespace: 'default', filter: 'worker2'};
		filter(pods, options);
		expect([...reads.values()].every(count => count === 1)).toBe(true);
		reads.clear();
		const changed = counted({...seedPodRows[1]!, node: 'networking-worker2'}, reads);
		const next = pods.map((pod, index) => (index === 1 ? changed : pod));
		expect(filter(next, options).map(pod => pod.name)).toContain(seedPodRows[1]!.name);
		expect([...reads.keys()]).toEqual([seedPodRows[1]!.name]);
		reads.clear();
		filter(next, {...options, filter: 'worker3'});
		expect(reads.size).toBe(seedPodRows.length);
	});
});
