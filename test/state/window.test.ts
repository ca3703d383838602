import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {emptyWindow, fitWindow} from '../../source/state/window.js';

describe('fitWindow', () => {
	it('scrolls just enough to keep the selection visible', () => {
		let window = fitWindow(emptyWindow, {count: 10, height: 3});
		expect(window).toEqual({selected: 0, visibleFromIndex: 0, visibleToIndex: 3, count: 10});
		window = fitWindow(window, {selected: 4, height: 3});
		expect(window).toMatchObject({visibleFromIndex: 2, visibleToIndex: 5});
		window = fitWindow(window, {selected: 3, height: 3});
		expect(window).toMatchObject({visibleFromIndex: 2, visibleToIndex: 5});
		window = fitWindow(window, {selected: 0, height: 3});
		expect(window).toMatchObject({visibleFromIndex: 0, visibleToIndex: 3});
	});

	it('clamps the selection when the list shrinks and never shows space past the end', () => {
		const window = fitWindow({selected: 9, visibleFromIndex: 7, visibleToIndex: 10, count: 10}, {count: 4, height: 3});
		expect(window).toEqual({selected: 3, visibleFromIndex: 1, visibleToIndex: 4, count: 4});
		expect(fitWindow(window, {count: 0, height: 3})).toEqual({selected: 0, visibleFromIndex: 0, visibleToIndex: 0, count: 0});
	});

	it('keeps its invariants for any sequence of changes', () => {
		fc.assert(
			fc.property(
				fc.array(fc.record({selected: fc.integer({min: -5, max: 60}), count: fc.integer({min: 0, max: 50}), height: fc.integer({min: 0, max: 12})})),
				changes => {
					let window = emptyWindow;
					for (const change of changes) {
						window = fitWindow(window, change);
						const {selected, visibleFromIndex: from, visibleToIndex: to, count} = window;
						expect(count).toBe(change.count);
						expect(to - from).toBe(Math.min(change.height, count));
						expect(from).toBeGreaterThanOrEqual(0);
						expect(to).toBeLessThanOrEqual(count);
						if (count > 0 && change.height > 0) {
							expect(selected).toBeGreaterThanOrEqual(from);
							expect(selected).toBeLessThan(to);
						}
					}
				},
			),
		);
	});
});
