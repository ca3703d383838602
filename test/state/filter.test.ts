import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {applyFilter, compileFilter} from '../../source/state/filter.js';
import {compileLinearRegex, maxProgramSize, requiredTexts} from '../../source/state/linear-regex.js';
import {parseRegex} from '../../source/state/regex-syntax.js';

const matcher = (pattern: string): ((text: string) => boolean) => {
	const compiled = compileFilter(pattern);
	if (!compiled.ok) throw new Error(compiled.error);
	return compiled.matches;
};

describe('the / filter', () => {
	// A backtracking engine needs ~2^n steps for these against n "a"s followed by a non-match: the test would never end.
	const longName = `${'a'.repeat(5000)}-7c64bd9f6b-lmhxb!`;
	it.each([
		['(a+)+$', 'aaaa'],
		['^(a|a)*$', 'aaaa'],
		['^(a|aa)*$', 'aaaa'],
		['(a*)*c$', 'aaac'],
		['(.*a){12}$', 'a'.repeat(12)],
		['^(([a-z])+.)+[A-Z]([a-z])+$', 'ab-cd'],
	])('catastrophic pattern %s answers on a long pod name', (pattern, short) => {
		expect(matcher(pattern)(longName)).toBe(false);
		expect(applyFilter([longName, short], pattern, name => name)).toEqual([short]);
	});

	it('matches like JavaScript on ordinary filters, case-insensitively', () => {
		expect(matcher('worker[23]$')('networking-worker2')).toBe(true);
		expect(matcher('worker[23]$')('networking-worker4')).toBe(false);
		expect(matcher('^hello-.*LMHXB')('hello-world-7c64bd9f6b-lmhxb')).toBe(true);
		expect(matcher('\\bdns\\b')('kube-system coredns')).toBe(false);
		expect(matcher('\\bdns\\b')('kube dns 10.0.0.1')).toBe(true);
		expect(matcher('192\\.168\\.\\d{1,3}\\.132')('192.168.21.132 Running')).toBe(true);
		expect(matcher('a{')('a{')).toBe(true);
		expect(matcher('Running')('RUNNING')).toBe(true);
	});

	it('refuses backreferences and lookaround on screen instead of running them', () => {
		for (const [pattern, reason] of [['(a+)\\1', 'backreferences'], ['(?=a)a', 'lookahead'], ['(?<!a)b', 'lookbehind']] as const) {
			const compiled = compileFilter(pattern);
			expect(compiled.ok).toBe(false);
			expect(compiled.ok ? '' : compiled.error).toContain(`regex /${pattern}/ not used: `);
			expect(compiled.ok ? '' : compiled.error).toContain(reason);
			expect(applyFilter(['x', 'y'], pattern, row => row)).toEqual(['x', 'y']);
		}
	});

	it('refuses a pattern whose repeats expand past the program bound', () => {
		const compiled = compileLinearRegex('(a{100}){100}');
		expect(compiled).toEqual({ok: false, error: `pattern too large (over ${maxProgramSize} steps once repeats are expanded)`});
		expect(compileLinearRegex('a{100}').ok).toBe(true);
	});

	it('settles rows without a literal part of the pattern by substring tests, and folds case as JavaScript does', () => {
		const texts = (pattern: string) => {
			const parsed = parseRegex(pattern);
			return parsed.ok ? requiredTexts(parsed.node) : null;
		};
		expect(texts('zz.*Worker3')).toEqual(['zz', 'worker3']);
		expect(texts('(a|b)c+\\.d?')).toEqual(['c', '.']);
		expect(texts('[ab]x{2,}')).toEqual(['x']);
		expect(matcher('zz.*worker3')('ZZ networking-WORKER3')).toBe(true);
		// Non-ASCII rows skip the substring test; dotless ı is not I, as in JavaScript.
		expect(matcher('I.+b')('ıab')).toBe(/I.+b/i.test('ıab'));
		expect(matcher('straße.+3')('STRAßE-3')).toBe(true);
	});

	it('agrees with JavaScript\'s regex on generated patterns and texts', () => {
		const atom = fc.constantFrom('a', 'b', 'A', '.', '[ab]', '[^a]', '[a-c]', '\\d', '\\w', '\\W', '-', '\\.', '1', '^', '$', '\\b', '\\B');
		const pattern: fc.Arbitrary<string> = fc.letrec<{node: string}>(tie => ({
			node: fc.oneof(
				{depthSize: 'small', withCrossShrink: true},
				atom,
				fc.tuple(tie('node'), tie('node')).map(([a, b]) => a + b),
				fc.tuple(tie('node'), tie('node')).map(([a, b]) => `(${a}|${b})`),
				fc.tuple(tie('node'), fc.constantFrom('*', '+', '?', '{2}', '{1,3}', '{0,}', '*?')).map(([a, q]) => `(?:${a})${q}`),
			),
		})).node;
		const text = fc.string({unit: fc.constantFrom('a', 'b', 'A', '1', '-', '.', ' ', 'z'), maxLength: 12});
		fc.assert(
			fc.property(pattern, text, (source, sample) => {
				let native: RegExp;
				try {
					native = new RegExp(source, 'i');
				} catch {
					return;
				}
				const linear = compileLinearRegex(source);
				expect(linear.ok).toBe(true);
				if (linear.ok) expect(linear.test(sample)).toBe(native.test(sample));
			}),
			{numRuns: 3000},
		);
	});
});
