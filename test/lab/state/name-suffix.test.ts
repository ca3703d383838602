import {describe, expect, it} from 'vitest';
import {nameSuffix, suffixAlphabet} from '../../../source/lab/state/name-suffix.js';

describe('nameSuffix', () => {
	it('makes suffixes from the apiserver alphabet', () => {
		const suffix = nameSuffix();
		expect(suffix).toHaveLength(5);
		for (const char of suffix) expect(suffixAlphabet).toContain(char);
	});
});
