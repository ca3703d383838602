import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {sanitizeBlock, sanitizeLine, sanitizeText, toSafeJson} from '../../source/text/sanitize.js';

/** Everything a terminal obeys or hides: C0, DEL, C1, soft hyphen, ALM, MVS, zero-width, bidi, BOM, tags. */
const dangerous =
	/[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDC7F]/;

/** Strings built mostly from the characters that matter here, so a property meets them often. */
const hostile = fc.string({
	unit: fc.oneof(
		fc.constantFrom('\u00AD', '\u061C', '\u200B', '\u200F', '\u202E', '\u2060', '\u2064', '\u206A', '\u206F', '\u009B', '\uFEFF', '\u{E0001}', '\u{E0041}', '\u{E007F}', '\uD800', '\uDC00'),
		fc.string({unit: 'binary', minLength: 1, maxLength: 1}),
		fc.constantFrom('a', 'e', '0', ' ', '😀'),
	),
});

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

	it('shows zero-width, invisible and tag characters (eth0+U+200B is not eth0)', () => {
		expect(sanitizeText('eth0\u200B')).toBe('eth0\\u{200b}');
		expect(sanitizeText('a\u00ADb\u061Cc\u200Fd\u2060e\u2064f\u206Ag\u206Fh')).toBe(
			'a\\xadb\\u{61c}c\\u{200f}d\\u{2060}e\\u{2064}f\\u{206a}g\\u{206f}h',
		);
		expect(sanitizeText('ok\u{E0001}\u{E0068}\u{E007F}')).toBe('ok\\u{e0001}\\u{e0068}\\u{e007f}');
	});

	it('replaces lone surrogates and keeps valid pairs and ordinary Unicode', () => {
		expect(sanitizeText('a\uD800b')).toBe('a\uFFFDb');
		expect(sanitizeText('a\uDC00b')).toBe('a\uFFFDb');
		expect(sanitizeText('ok 😀 → ünïcode')).toBe('ok 😀 → ünïcode');
	});

	it('never lets a control character through (property)', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string({unit: 'binary'}), hostile), input => {
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

describe('toSafeJson', () => {
	it('escapes C1, bidi, zero-width and tag characters that JSON.stringify leaves raw', () => {
		const json = toSafeJson({name: 'x\u009By\u202Ez\u200B\u{E0041}'});
		expect(json).toBe('{"name":"x\\u009by\\u202ez\\u200b\\udb40\\udc41"}');
		expect(JSON.parse(json)).toEqual({name: 'x\u009By\u202Ez\u200B\u{E0041}'});
	});

	it('reads back as the same value and prints nothing a terminal obeys (property)', () => {
		fc.assert(
			fc.property(fc.array(fc.oneof(fc.string({unit: 'binary'}), hostile)), values => {
				const json = toSafeJson({values}, 2);
				expect(dangerous.test(json.replaceAll('\n', ''))).toBe(false);
				expect((JSON.parse(json) as {values: unknown}).values).toEqual(values.map(value => JSON.parse(JSON.stringify(value)) as unknown));
			}),
		);
	});
});
