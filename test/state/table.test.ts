import {describe, expect, it} from 'vitest';
import {cell, column, columnGap, displayWidth, fit, fitColumns, truncate, type Row} from '../../source/state/table.js';

function row(...texts: string[]): Row {
	return {key: texts.join('|'), cells: texts.map(text => cell(text)), mark: ' ', markTone: 'normal', highlighted: false, faded: false};
}

describe('truncate and fit', () => {
	it('measures display width, not string length', () => {
		expect(displayWidth('pod-名前')).toBe(8);
		expect(truncate('pod-名前', 7)).toBe('pod-名…');
		expect(displayWidth(truncate('pod-名前', 7))).toBeLessThanOrEqual(7);
		expect(fit('名前', 6)).toBe('名前  ');
		expect(fit('42', 5, 'right')).toBe('   42');
		expect(truncate('abc', 3)).toBe('abc');
		expect(truncate('abcd', 3)).toBe('ab…');
	});
});

describe('fitColumns', () => {
	const columns = [column('NAME', 4), column('IP', 7), column('PATH', 6)];
	const rows = [row('hello-world-7c64bd9f6b-tpnrz', '192.168.175.5', 'tunl0 → networking-worker3')];

	it('sizes columns from the visible rows when they fit', () => {
		expect(fitColumns(columns, rows, 200)).toEqual([28, 13, 26]);
	});

	it('squeezes the widest columns first to fit the width, never below their minimum', () => {
		const widths = fitColumns(columns, rows, 50);
		expect(widths.reduce((sum, width) => sum + width, 0) + columnGap * 2).toBe(50);
		expect(widths[1]).toBe(13);
		const tiny = fitColumns(columns, rows, 5);
		expect(tiny).toEqual([4, 7, 6]);
	});
});

describe('fitColumns priorities', () => {
	it('squeezes low-priority columns before the name', () => {
		const columns = [column('NAME', 4, 'left', 3), column('ROLES', 3, 'left', 1), column('TUNNEL', 3, 'left', 1)];
		const rows = [row('networking-control-plane', 'control-plane', 'ipip 192.168.223.128')];
		const widths = fitColumns(columns, rows, 50);
		expect(widths[0]).toBe(24);
		expect(widths.reduce((sum, width) => sum + width, 0) + 2).toBe(50);
	});
});

describe('fitColumns optional columns', () => {
	it('hides optional columns before cutting others, and shows them again when there is room', () => {
		const columns = [column('NAME', 4, 'left', 3), column('ROLES', 3, 'left', 0, true), column('IP', 7, 'left', 2)];
		const rows = [row('networking-control-plane', 'control-plane', '172.20.0.2')];
		expect(fitColumns(columns, rows, 40)).toEqual([24, 0, 10]);
		expect(fitColumns(columns, rows, 60)).toEqual([24, 13, 10]);
	});
});
