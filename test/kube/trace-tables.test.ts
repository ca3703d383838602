import {describe, expect, it} from 'vitest';
import {createTraceTables} from '../../source/kube/trace-tables.js';
import {createFakePool} from '../ui/helpers/fake-pool.js';
import {readyProbe} from '../ui/helpers/seed-data.js';

function setup() {
	const pool = createFakePool(node => readyProbe({node}));
	const tables = createTraceTables(pool);
	let heard = 0;
	tables.subscribe(() => heard++);
	return {tables, pool, heard: () => heard};
}

describe('createTraceTables (the trace as one holder of the probe pool)', () => {
	it('acquire holds exactly the nodes as holder "trace" and publishes their states in one map', () => {
		const {tables, pool, heard} = setup();
		const empty = tables.getSnapshot();
		tables.acquire(['networking-worker2', 'networking-worker3']);
		expect(pool.calls).toEqual([{type: 'acquire', nodes: ['networking-worker2', 'networking-worker3'], holder: 'trace'}]);
		expect([...tables.getSnapshot().keys()]).toEqual(['networking-worker2', 'networking-worker3']);
		expect(tables.getSnapshot().get('networking-worker3')?.node).toBe('networking-worker3');
		expect(tables.getSnapshot()).not.toBe(empty);
		expect(heard()).toBeGreaterThan(0);

		// The same nodes again (any order): the pool is not asked again, the map stays the same object.
		const before = tables.getSnapshot();
		tables.acquire(['networking-worker3', 'networking-worker2']);
		expect(pool.calls).toHaveLength(1);
		expect(tables.getSnapshot()).toBe(before);
	});

	it("a held node's change is heard, another node's is not; fewer nodes drop out of the map", () => {
		const {tables, pool, heard} = setup();
		tables.acquire(['networking-worker2', 'networking-worker3']);
		const count = heard();
		pool.set('networking-worker', readyProbe({node: 'networking-worker'}));
		expect(heard()).toBe(count);
		pool.set('networking-worker2', readyProbe({refreshedAt: 42}));
		expect(heard()).toBe(count + 1);
		expect(tables.getSnapshot().get('networking-worker2')?.refreshedAt).toBe(42);
		tables.acquire(['networking-worker2']);
		expect(pool.calls.at(-1)).toEqual({type: 'acquire', nodes: ['networking-worker2'], holder: 'trace'});
		expect([...tables.getSnapshot().keys()]).toEqual(['networking-worker2']);
	});

	it('no nodes releases the holder; stop releases it, stops listening and empties the map for good', async () => {
		const {tables, pool} = setup();
		tables.acquire(['networking-worker2']);
		tables.acquire([]);
		expect(pool.calls.at(-1)).toEqual({type: 'release', holder: 'trace'});
		expect(tables.getSnapshot().size).toBe(0);
		tables.acquire(['networking-worker3']);
		await tables.stop();
		expect(pool.calls.at(-1)).toEqual({type: 'release', holder: 'trace'});
		expect(pool.listeners()).toBe(0);
		expect(tables.getSnapshot().size).toBe(0);
		tables.acquire(['networking-worker']);
		expect(pool.calls.at(-1)).toEqual({type: 'release', holder: 'trace'});
	});
});
