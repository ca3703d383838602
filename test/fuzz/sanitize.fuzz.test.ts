/** Issue 8 item 10: nothing a terminal obeys or hides gets through sanitize, warnings or --json. */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {analysisJsonText} from '../../source/commands/analysis-output.js';
import {maxWarningReason, maxWarningText, warning} from '../../source/net/parse-support.js';
import {makeRoute} from '../../source/net/route.js';
import {sanitizeBlock, sanitizeLine, sanitizeText, toSafeJson} from '../../source/text/sanitize.js';
import {fuzzRuns, fuzzTimeout} from './fuzz-runs.js';

/** What a terminal obeys or hides: C0, DEL, C1, soft hyphen, ALM, MVS, zero-width, bidi, BOM, tags. */
const dangerous =
	/[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDC7F]/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const special = fc.constantFrom(
	'\u00AD', '\u061C', '\u180E', '\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u2028', '\u202A', '\u202E', '\u2060',
	'\u2064', '\u2066', '\u2069', '\u206A', '\u206F', '\uFEFF', '\uFFF9', '\u009B', '\u0085', '\u001B', '\u0007', '\u007F',
	'\u{E0000}', '\u{E0001}', '\u{E0041}', '\u{E007F}', '\uD800', '\uDFFF', '\n', '\r', '\t',
);
/** Text dense in the characters that matter, mixed with any code unit and ordinary letters. */
const hostile = fc.string({
	unit: fc.oneof(special, fc.string({unit: 'binary', minLength: 1, maxLength: 1}), fc.constantFrom('a', 'é', '😀', ' ', '[', '0')),
	maxLength: 80,
});

describe('fuzz: sanitize (issue 8 item 10)', () => {
	it('sanitizeText, sanitizeBlock and sanitizeLine let nothing through, and sanitizeLine stays short', () => {
		fc.assert(
			fc.property(hostile, fc.integer({min: 2, max: 100}), (text, max) => {
				for (const safe of [sanitizeText(text), sanitizeLine(text, max)]) {
					expect(dangerous.test(safe)).toBe(false);
					expect(loneSurrogate.test(safe)).toBe(false);
				}
				expect(dangerous.test(sanitizeBlock(text).replaceAll('\n', ''))).toBe(false);
				expect(sanitizeLine(text, max).length).toBeLessThanOrEqual(max);
			}),
			{numRuns: fuzzRuns},
		);
	}, fuzzTimeout);

	it('toSafeJson reads back as the same value and prints nothing a terminal obeys', () => {
		fc.assert(
			fc.property(fc.array(hostile, {maxLength: 4}), values => {
				const json = toSafeJson({values}, 2);
				expect(dangerous.test(json.replaceAll('\n', ''))).toBe(false);
				expect((JSON.parse(json) as {values: unknown}).values).toEqual(JSON.parse(JSON.stringify(values)));
			}),
			{numRuns: fuzzRuns},
		);
	}, fuzzTimeout);

	it('parse warnings are cut and carry no control characters, in text and reason', () => {
		fc.assert(
			fc.property(hostile, hostile, (text, reason) => {
				const made = warning(1, text.repeat(5), `destination ${reason.repeat(5)} is not a prefix`);
				expect(made.text.length).toBeLessThanOrEqual(maxWarningText + 1);
				expect(made.reason.length).toBeLessThanOrEqual(maxWarningReason + 1);
				expect(/[\u0000-\u001F\u007F-\u009F]/.test(made.text + made.reason)).toBe(false);
			}),
			{numRuns: fuzzRuns},
		);
	}, fuzzTimeout);

	it('analyze --json of hostile names, gateways and warnings is inert and reads back', () => {
		fc.assert(
			fc.property(hostile, hostile, (name, reason) => {
				const route = makeRoute({family: 4, destination: '10.0.0.0/8', interface: name, gateway: name, gatewayIsName: true, source: 'route-n'});
				const text = analysisJsonText({
					node: name,
					routes: [route],
					interfaces: [],
					verdicts: [],
					warnings: [{source: name, line: 1, text: name, reason}],
				});
				expect(dangerous.test(text.replaceAll('\n', ''))).toBe(false);
				const json = JSON.parse(text) as {node: string; routes: Array<{interface: string}>};
				expect(json.node).toBe(JSON.parse(JSON.stringify(name)));
				expect(json.routes[0]?.interface).toBe(JSON.parse(JSON.stringify(name)));
			}),
			{numRuns: fuzzRuns},
		);
	}, fuzzTimeout);
});
