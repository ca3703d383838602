import {describe, expect, it} from 'vitest';
import {computeLayout, paneChromeLines, reservedLines} from '../../source/state/layout.js';

describe('computeLayout', () => {
	it('uses every line of an 80x24 terminal and gives each pane rows', () => {
		const layout = computeLayout({columns: 80, rows: 24});
		if (!layout.fits) throw new Error('80x24 must fit');
		const rows = Object.values(layout.rows);
		expect(rows.every(count => count >= 2)).toBe(true);
		expect(rows.reduce((sum, count) => sum + count, 0) + 4 * paneChromeLines + 2 + reservedLines).toBe(24);
	});

	it('grows with the terminal', () => {
		const small = computeLayout({columns: 80, rows: 24});
		const big = computeLayout({columns: 200, rows: 60});
		if (!small.fits || !big.fits) throw new Error('both must fit');
		expect(big.rows.pods).toBeGreaterThan(small.rows.pods);
		expect(Object.values(big.rows).reduce((sum, count) => sum + count, 0)).toBe(60 - 10 - reservedLines);
	});

	it('says what size it needs below the minimum', () => {
		expect(computeLayout({columns: 79, rows: 40})).toEqual({fits: false, needed: {columns: 80, rows: 24}});
		expect(computeLayout({columns: 120, rows: 23}).fits).toBe(false);
	});
});
