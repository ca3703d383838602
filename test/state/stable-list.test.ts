import {describe, expect, it} from 'vitest';
import {stableList} from '../../source/state/stable-list.js';

type Row = {readonly id: string; readonly status: string; readonly core: {readonly ip: string}};
const row = (id: string, ip: string, status = 'Running'): Row => ({id, status, core: {ip}});

describe('stableList', () => {
	const core = () => stableList((source: Row) => source.core, (a, b) => a.ip === b.ip);

	it('hands back the same array while the derived items are equal, even from new rows', () => {
		const derive = core();
		const first = derive([row('a', '10.0.0.1'), row('b', '10.0.0.2')]);
		expect(first.map(item => item.ip)).toEqual(['10.0.0.1', '10.0.0.2']);
		const again = derive([row('a', '10.0.0.1', 'Terminating'), row('b', '10.0.0.2')]);
		expect(again).toBe(first);
	});

	it('makes a new array when an item differs, an item is added or one goes', () => {
		const derive = core();
		const first = derive([row('a', '10.0.0.1'), row('b', '10.0.0.2')]);
		const moved = derive([row('a', '10.0.0.1'), row('b', '10.0.0.9')]);
		expect(moved).not.toBe(first);
		expect(moved.map(item => item.ip)).toEqual(['10.0.0.1', '10.0.0.9']);
		const added = derive([row('a', '10.0.0.1'), row('b', '10.0.0.9'), row('c', '10.0.0.3')]);
		expect(added).toHaveLength(3);
		expect(derive([row('a', '10.0.0.1')])).toHaveLength(1);
	});

	it('derives again only the sources that are new objects (the store keeps unchanged rows)', () => {
		const derived: string[] = [];
		const derive = stableList(
			(source: Row) => {
				derived.push(source.id);
				return source.core;
			},
			(a, b) => a.ip === b.ip,
		);
		const rows = [row('a', '10.0.0.1'), row('b', '10.0.0.2'), row('c', '10.0.0.3')];
		const first = derive(rows);
		derived.length = 0;
		const next = [rows[0]!, row('b', '10.0.0.2', 'Terminating'), rows[2]!];
		expect(derive(next)).toBe(first);
		expect(derived).toEqual(['b']);
		derived.length = 0;
		// Still right after a pass that kept the old array: c moves, and only c is derived.
		const moved = derive([next[0]!, next[1]!, row('c', '10.0.0.7')]);
		expect(derived).toEqual(['c']);
		expect(moved.map(item => item.ip)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.7']);
	});
});
