import {describe, expect, it} from 'vitest';
import {applyRowChanges, createChangeLog} from '../../source/kube/sorted-rows.js';

type Row = {readonly namespace: string; readonly name: string; readonly version: number};
const compare = (a: Row, b: Row): number =>
	a.namespace !== b.namespace ? (a.namespace < b.namespace ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
const keyOf = (row: Row): string => `${row.namespace}/${row.name}`;

/** A tiny seeded generator, so a failure repeats. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state / 2_147_483_648;
	};
}

describe('applyRowChanges', () => {
	it('gives what a fresh sort gives, over rounds of updates, adds and deletes', () => {
		const next = random(7);
		const rows = new Map<string, Row>();
		const log = createChangeLog<Row>();
		const write = (row: Row) => {
			log.note(keyOf(row), rows.get(keyOf(row)));
			rows.set(keyOf(row), row);
		};
		const remove = (key: string) => {
			log.note(key, rows.get(key));
			rows.delete(key);
		};
		for (let i = 0; i < 400; i++) write({namespace: `ns-${i % 7}`, name: `pod-${i}`, version: 0});
		let list: readonly Row[] = [...rows.values()].sort(compare);
		log.take();
		for (let round = 1; round <= 60; round++) {
			const count = 1 + Math.floor(next() * 40);
			for (let change = 0; change < count; change++) {
				const keys = [...rows.keys()];
				const roll = next();
				if (roll < 0.6 && keys.length > 0) {
					const existing = rows.get(keys[Math.floor(next() * keys.length)]!)!;
					write({...existing, version: round});
				} else if (roll < 0.8) {
					write({namespace: `ns-${Math.floor(next() * 9)}`, name: `new-${round}-${change}`, version: round});
				} else if (keys.length > 0) {
					remove(keys[Math.floor(next() * keys.length)]!);
				}
			}
			const previous = list;
			list = applyRowChanges(previous, log.take(), rows, compare);
			expect(list).toEqual([...rows.values()].sort(compare));
			// Rows that did not change are the same objects (what the selectors' memos rely on).
			for (const row of list) expect(rows.get(keyOf(row))).toBe(row);
		}
	});

	it('keeps the list itself when nothing changed, and patches in place without a merge for updates alone', () => {
		const a = {namespace: 'a', name: 'x', version: 0};
		const b = {namespace: 'b', name: 'y', version: 0};
		const c = {namespace: 'c', name: 'z', version: 0};
		const rows = new Map([[keyOf(a), a], [keyOf(b), b], [keyOf(c), c]]);
		const list = [a, b, c, {namespace: 'd', name: 'w', version: 0}, {namespace: 'e', name: 'v', version: 0}];
		for (const row of list.slice(3)) rows.set(keyOf(row), row);
		expect(applyRowChanges(list, new Map(), rows, compare)).toBe(list);
		const b2 = {...b, version: 1};
		rows.set(keyOf(b), b2);
		const patched = applyRowChanges(list, new Map([[keyOf(b), b]]), rows, compare);
		expect(patched).toEqual([a, b2, c, list[3], list[4]]);
		expect(list[1]).toBe(b);
	});

	it('sorts afresh when the list does not hold the old version it was told of', () => {
		const a = {namespace: 'a', name: 'x', version: 0};
		const stranger = {namespace: 'a', name: 'x', version: 9};
		const rows = new Map([[keyOf(a), {...a, version: 1}]]);
		const others = Array.from({length: 8}, (_, index) => ({namespace: 'b', name: `p${index}`, version: 0}));
		for (const row of others) rows.set(keyOf(row), row);
		expect(applyRowChanges([a, ...others], new Map([[keyOf(a), stranger]]), rows, compare)).toEqual([...rows.values()].sort(compare));
	});
});
