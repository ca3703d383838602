import {describe, expect, it} from 'vitest';
import {maxWarningReason, maxWarnings, numberedLines, splitLines, warning, warningList} from '../../source/net/parse-support.js';
import {parseIpRoute} from '../../source/net/parse-ip-route.js';
import {parseRouteN} from '../../source/net/parse-route-n.js';

describe('numberedLines', () => {
	it('cuts lines as splitLines does, numbered from 1', () => {
		for (const text of ['', 'a', 'a\n', 'a\r\nb\r\n\r\n', '\n\n', 'x\ry\n z']) {
			expect([...numberedLines(text)]).toEqual(splitLines(text).map((raw, index) => [index + 1, raw]));
		}
	});
});

describe('warnings stay bounded', () => {
	it('a reason quoting a huge token is cut and has no control characters', () => {
		const reason = warning(1, 'x', `Genmask ${'9'.repeat(100_000)}\u001b[2J is not an IPv4 mask`).reason;
		expect(reason.length).toBeLessThanOrEqual(maxWarningReason + 1);
		expect(reason).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
	});

	it('a list keeps the first maxWarnings and counts the rest in a last one', () => {
		const list = warningList();
		for (let i = 1; i <= maxWarnings + 5; i++) list.add(warning(i, 'x', 'bad'));
		const warnings = list.list();
		expect(warnings).toHaveLength(maxWarnings + 1);
		expect(warnings[maxWarnings - 1]!.line).toBe(maxWarnings);
		expect(warnings.at(-1)).toMatchObject({line: null, reason: `5 more warnings not listed (only the first ${maxWarnings} are kept)`});
	});

	it('a junk input of 50,000 bad rows gives at most maxWarnings + 1 warnings, and the good rows', () => {
		const junk = Array.from({length: 50_000}, (_, i) => `10.${i % 250}.0.0 via nowhere${i}`);
		const result = parseIpRoute([...junk, '10.1.2.0/24 dev eth0'].join('\n'));
		expect(result.routes.map(route => route.destination)).toContain('10.1.2.0/24');
		expect(result.warnings).toHaveLength(maxWarnings + 1);
		const named = parseRouteN(['Kernel IP routing table', ...Array.from({length: 3000}, () => 'default gw 0.0.0.0 UG 0 0 0 eth0')].join('\n'));
		expect(named.routes).toHaveLength(3000);
		expect(named.warnings.length).toBeLessThanOrEqual(maxWarnings + 1);
	});
});
