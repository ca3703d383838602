import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {sanitizeBlock, sanitizeLine, sanitizeText} from '../../source/text/sanitize.js';

const dangerous = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

describe('sanitizeText', () => {
	it('shows escape sequences instead of obeying them', () => {
		expect(sanitizeText('pod\u001B[2J\u001B]0;owned\u0007')).toBe('pod\\x1b[2J\\x1b]0;owned\\x07');
	});

	it('names newline, carriage return and tab', () => {
		expect(sanitizeText('a\nb\rc\td')).toBe('a\\nb\\rc\\td');
	});

	it('escapes C1 controls, DEL and bidi overrides', () => {
		expect(sanitizeText('x\u009By\u007Fz\u202Eevil')).toBe('x\\x9by\\x7fz\\u{202e}evil');
	});

	it('replaces lone surrogates and keeps valid pairs and ordinary Unicode', () => {
		expect(sanitizeText('a\uD800b')).toBe('a\uFFFDb');
		expect(sanitizeText('a\uDC00b')).toBe('a\uFFFDb');
		expect(sanitizeText('ok 😀 → ünïcode')).toBe('ok 😀 → ünïcode');
	});

	it('never lets a control character through (property)', () => {
		fc.assert(
			fc.property(fc.string({unit: 'binary'}), input => {
				expect(dangerous.test(sanitizeText(input))).toBe(false);
			}),
		);
	});

	it('leaves safe text unchanged (property)', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^[a-zA-Z0-9 ./:_-]*$/), input => {
				expect(sanitizeText(input)).toBe(input);
			}),
		);
	});
});

describe('sanitizeBlock', () => {
	it('keeps line breaks but escapes everything else', () => {
		expect(sanitizeBlock('one\ntwo\u001B[31m\r')).toBe('one\ntwo\\x1b[31m\\r');
	});
});

describe('sanitizeLine', () => {
	it('reads errors and cuts long text with an ellipsis', () => {
		expect(sanitizeLine(new Error('bad\nthing'))).toBe('bad\\nthing');
		expect(sanitizeLine(42)).toBe('');
		expect(sanitizeLine('abcdef', 4)).toBe('abc…');
	});
});
