import {describe, expect, it} from 'vitest';
import {createTraceTables} from '../../source/kube/trace-tables.js';
import {createFakeProber, type FakeProber} from '../ui/helpers/fake-prober.js';
import {readyProbe} from '../ui/helpers/seed-data.js';

function setup() {
	const probers = new Map<string, FakeProber[]>();
	const tables = createTraceTables(node => {
		const prober = createFakeProber(name => readyProbe({node: name}));
		probers.set(node, [...(probers.get(node) ?? []), prober]);
		return prober;
	});
	let heard = 0;
	tables.subscribe(() => heard++);
	return {tables, probers, heard: () => heard};
}

describe('createTraceTables (a NodeProber per node until the probe pool lands)', () => {
	it('acquire probes each new node once and publishes their states in one map', () => {
		const {tables, probers, heard} = setup();
		const empty = tables.getSnapshot();
		tables.acquire(['networking-worker2', 'networking-worker3']);
		expect([...tables.getSnapshot().keys()]).toEqual(['networking-worker2', 'networking-worker3']);
		expect(tables.getSnapshot().get('networking-worker3')?.node).toBe('networking-worker3');
		expect(probers.get('networking-worker2')?.[0]?.calls).toEqual([{type: 'inspect', node: 'networking-worker2'}]);
		expect(tables.getSnapshot()).not.toBe(empty);
		expect(heard()).toBeGreaterThan(0);

		// The same nodes again: nothing new starts, the map stays the same object.
		const before = tables.getSnapshot();
		tables.acquire(['networking-worker3', 'networking-worker2']);
		expect(tables.getSnapshot()).toBe(before);
		expect(probers.get('networking-worker2')).toHaveLength(1);
	});

	it("a node no longer wanted is stopped (its pod goes) and leaves the map; a prober's update is heard", async () => {
		const {tables, probers, heard} = setup();
		tables.acquire(['networking-worker2', 'networking-worker3']);
		tables.acquire(['networking-worker2']);
		expect(probers.get('networking-worker3')?.[0]?.calls.at(-1)).toEqual({type: 'stop'});
		expect([...tables.getSnapshot().keys()]).toEqual(['networking-worker2']);
		const count = heard();
		probers.get('networking-worker2')![0]!.set(readyProbe({refreshedAt: 42}));
		expect(heard()).toBe(count + 1);
		expect(tables.getSnapshot().get('networking-worker2')?.refreshedAt).toBe(42);
		// A stopped prober that still publishes is no longer heard.
		probers.get('networking-worker3')![0]!.set(readyProbe({node: 'networking-worker3'}));
		expect(tables.getSnapshot().has('networking-worker3')).toBe(false);
	});

	it('stop stops every prober and later acquires start nothing', async () => {
		const {tables, probers} = setup();
		tables.acquire(['networking-worker2', 'networking-worker3']);
		await tables.stop();
		for (const list of probers.values()) expect(list[0]?.calls.at(-1)).toEqual({type: 'stop'});
		tables.acquire(['networking-worker']);
		expect(probers.has('networking-worker')).toBe(false);
		expect(tables.getSnapshot().size).toBe(0);
	});
});
