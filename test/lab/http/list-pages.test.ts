import {describe, expect, it} from 'vitest';
import {createListPager} from '../../../source/lab/http/list-pages.js';

describe('createListPager', () => {
	const items = Array.from({length: 7}, (_, index) => `item-${index}`);

	it('pages one snapshot: later pages ignore changes made after the first', () => {
		let now = 0;
		const pager = createListPager<string>({now: () => now});
		let current = items;
		let lists = 0;
		const list = () => {
			lists++;
			return {items: current, resourceVersion: 42};
		};
		const first = pager.page({limit: 3, continueToken: null}, list);
		if (!first.ok) throw new Error('first page failed');
		expect(first.page).toMatchObject({items: ['item-0', 'item-1', 'item-2'], resourceVersion: 42, remaining: 4});
		current = ['changed'];
		now = 1000;
		const second = pager.page({limit: 3, continueToken: first.page.continue}, list);
		if (!second.ok) throw new Error('second page failed');
		expect(second.page).toMatchObject({items: ['item-3', 'item-4', 'item-5'], resourceVersion: 42, remaining: 1});
		const last = pager.page({limit: 3, continueToken: second.page.continue}, list);
		if (!last.ok) throw new Error('last page failed');
		expect(last.page).toEqual({items: ['item-6'], resourceVersion: 42, continue: null, remaining: null});
		expect(lists).toBe(1);
		// The snapshot is gone after its last page.
		expect(pager.page({limit: 3, continueToken: second.page.continue}, list)).toMatchObject({ok: false, error: {code: 410, reason: 'Expired'}});
	});

	it('no limit, or a list that fits: everything at once, no token', () => {
		const pager = createListPager<string>({now: () => 0});
		expect(pager.page({limit: null, continueToken: null}, () => ({items, resourceVersion: 1}))).toEqual({
			ok: true,
			page: {items, resourceVersion: 1, continue: null, remaining: null},
		});
		expect(pager.page({limit: 7, continueToken: null}, () => ({items, resourceVersion: 1}))).toMatchObject({ok: true, page: {continue: null}});
	});

	it('a token that is garbage or too old answers 410 Expired', () => {
		let now = 0;
		const pager = createListPager<string>({now: () => now, ttlMs: 100});
		expect(pager.page({limit: 2, continueToken: 'garbage'}, () => ({items, resourceVersion: 1}))).toMatchObject({ok: false, error: {code: 410}});
		const first = pager.page({limit: 2, continueToken: null}, () => ({items, resourceVersion: 1}));
		if (!first.ok) throw new Error('first page failed');
		now = 500;
		expect(pager.page({limit: 2, continueToken: first.page.continue}, () => ({items, resourceVersion: 1}))).toMatchObject({ok: false, error: {code: 410}});
	});
});
