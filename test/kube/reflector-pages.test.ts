/**
 * The reflector's paged LIST against the lab (which pages like the apiserver: one snapshot per paged list,
 * continue tokens, remainingItemCount): every page lands in the rows, progress is reported while paging,
 * and the watch resumes from the list's resourceVersion.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {podToRow} from '../../source/kube/cluster-objects.js';
import {createReflector, type ListProgress, type ReflectorOptions} from '../../source/kube/reflector.js';
import type {PodRow} from '../../source/kube/types.js';
import {startTestLab, waitFor, type TestLab} from './lab-helper.js';

let testLab: TestLab;

beforeAll(async () => {
	testLab = await startTestLab();
});

afterAll(async () => {
	await testLab.stop();
});

/** A listener set: the reflector fires it, waitFor subscribes to it. */
function changes() {
	const listeners = new Set<() => void>();
	return {
		fire() {
			for (const listener of [...listeners]) listener();
		},
		subscribe(listener: () => void) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
}

/** All pods of the lab, 4 to a page. */
function podsInPagesOf4(options: Pick<ReflectorOptions<PodRow>, 'onRows' | 'onConnection'> & Partial<ReflectorOptions<PodRow>>) {
	return createReflector<PodRow>({
		kubeConfig: testLab.config.kubeConfig,
		path: '/api/v1/pods',
		toRow: podToRow,
		keyOf: row => `${row.namespace}/${row.name}`,
		pageSize: 4,
		...options,
	});
}

describe('createReflector, paged', () => {
	it('lists in pages of pageSize, reports progress, then follows the watch', async () => {
		const progress: (ListProgress | null)[] = [];
		const {fire, subscribe} = changes();
		const reflector = podsInPagesOf4({onRows: fire, onConnection: fire, onProgress: value => progress.push(value)});
		try {
			reflector.start();
			const total = testLab.cluster.list('pods', null).items.length;
			expect(total).toBeGreaterThan(8);
			await waitFor(subscribe, () => reflector.connection().status === 'live', 'live');
			expect(reflector.rows().size).toBe(total);
			const pages = Math.ceil(total / 4);
			// One progress report per page that has a next one, then null.
			expect(progress).toHaveLength(pages);
			expect(progress.slice(0, -1).map(value => value?.loaded)).toEqual(Array.from({length: pages - 1}, (_, index) => (index + 1) * 4));
			expect(progress[0]?.remaining).toBe(total - 4);
			expect(progress.at(-1)).toBeNull();

			testLab.cluster.createPod(
				'default',
				{apiVersion: 'v1', kind: 'Pod', metadata: {name: 'after-list'}, spec: {containers: [{name: 'c', image: 'busybox:1.37.0'}]}},
				{dryRun: false},
			);
			await waitFor(subscribe, () => reflector.rows().has('default/after-list'), 'the watched pod');
		} finally {
			reflector.stop();
		}
	});

	it('a continue token that expired while paging is a failure (backoff), then the relist completes', async () => {
		const states: string[] = [];
		const {fire, subscribe} = changes();
		testLab.lab.faults.failNext({count: 1, code: 410, path: /continue=/});
		const reflector = podsInPagesOf4({
			onRows: fire,
			onConnection: state => {
				states.push(`${state.status}:${state.attempts}`);
				fire();
			},
			backoff: {initialMs: 5, maxMs: 20},
		});
		try {
			reflector.start();
			await waitFor(subscribe, () => reflector.connection().status === 'live', 'live');
			expect(states).toEqual(['reconnecting:1', 'live:0']);
			expect(reflector.rows().size).toBe(testLab.cluster.list('pods', null).items.length);
		} finally {
			reflector.stop();
		}
	});
});
