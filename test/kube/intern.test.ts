import {describe, expect, it} from 'vitest';
import {createInterner} from '../../source/kube/intern.js';

describe('createInterner', () => {
	it('holds one copy per distinct string, and starts over past its bound', () => {
		const {intern, size} = createInterner(3);
		for (let index = 0; index < 100; index++) expect(intern(`networking-worker${index % 2}`)).toBe(`networking-worker${index % 2}`);
		expect(size()).toBe(2);
		intern('default');
		expect(size()).toBe(3);
		// A fourth distinct string clears the pool: an unbounded stream of names is not held for ever.
		intern('kube-system');
		expect(size()).toBe(1);
	});
});
