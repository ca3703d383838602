import {readFileSync} from 'node:fs';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {looksLikeIpRule, looksLikeIpRuleJson, parseIpRule, parseIpRuleJson} from '../../source/net/parse-ip-rule.js';
import {parseSysctl} from '../../source/net/parse-sysctl.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/cni/aws-vpc-cni/${name}`, import.meta.url), 'utf8');

// Captured from iproute2 6.1 in a scratch namespace (every selector and action `ip rule add` knows).
const everyKindText = `0:\tfrom all lookup local
100:\tfrom 10.1.0.0/16 to 10.2.0.5 fwmark 0x80/0x80 iif eth0 [detached] lookup 100
200:\tnot from 10.9.0.0/24 goto 300
210:\tfrom all to 10.3.0.0/24 blackhole
220:\tfrom all to 10.4.0.0/24 unreachable
300:\tfrom all lookup main suppress_prefixlength 0
310:\tfrom all oif lo ipproto tcp dport 80 lookup 5
320:\tfrom all uidrange 1-2 prohibit
330:\tfrom all nop
32766:\tfrom all lookup main
32767:\tfrom all lookup default
`;
const everyKindJson =
	'[{"priority":0,"src":"all","table":"local"},{"priority":100,"src":"10.1.0.0","srclen":16,"dst":"10.2.0.5","fwmark":"0x80","fwmask":"0x80","iif":"eth0","iif_detached":null,"table":"100"},{"priority":200,"not":null,"src":"10.9.0.0","srclen":24,"goto":300},{"priority":210,"src":"all","dst":"10.3.0.0","dstlen":24,"action":"blackhole"},{"priority":220,"src":"all","dst":"10.4.0.0","dstlen":24,"action":"unreachable"},{"priority":300,"src":"all","table":"main","suppress_prefixlen":0},{"priority":310,"src":"all","oif":"lo","ipproto":"tcp","dport":80,"table":"5"},{"priority":320,"src":"all","uid_start":1,"uid_end":2,"action":"prohibit"},{"priority":330,"src":"all","nop":null},{"priority":32766,"src":"all","table":"main"},{"priority":32767,"src":"all","table":"default"}]';

/** The fields a lookup reads, without text/line (which differ by format). */
function decisionFields(rules: ReturnType<typeof parseIpRule>['rules']) {
	return rules.map(({text: _text, line: _line, undecidable, ...rest}) => ({...rest, undecidable: [...undecidable].sort()}));
}

describe('parseIpRule', () => {
	it('reads the AWS VPC CNI rules (text and JSON agree)', () => {
		const text = parseIpRule(fixture('ip-rule.txt'));
		const json = parseIpRuleJson(fixture('ip-j-rule.json'));
		expect(text.warnings).toEqual([]);
		expect(json.warnings).toEqual([]);
		expect(text.rules.map(rule => [rule.priority, rule.from, rule.to, rule.table])).toEqual([
			[0, null, null, 'local'],
			[512, null, '10.0.1.50/32', 'main'],
			[512, null, '10.0.1.51/32', 'main'],
			[512, null, '10.0.1.60/32', 'main'],
			[1024, null, null, 'main'],
			[1536, '10.0.1.60/32', null, '2'],
			[32_766, null, null, 'main'],
			[32_767, null, null, 'default'],
		]);
		expect(text.rules[4]).toMatchObject({fwmark: 0x80, fwmask: 0x80});
		expect(decisionFields(json.rules)).toEqual(decisionFields(text.rules));
	});

	it('reads every selector and action, text and JSON alike', () => {
		const text = parseIpRule(everyKindText);
		const json = parseIpRuleJson(everyKindJson);
		expect(text.warnings).toEqual([]);
		expect(json.warnings).toEqual([]);
		expect(decisionFields(json.rules)).toEqual(decisionFields(text.rules));
		const byPriority = new Map(text.rules.map(rule => [rule.priority, rule]));
		expect(byPriority.get(100)).toMatchObject({from: '10.1.0.0/16', to: '10.2.0.5/32', iif: 'eth0', fwmark: 0x80, table: '100', undecidable: []});
		expect(byPriority.get(200)).toMatchObject({not: true, action: 'goto', target: 300});
		expect(byPriority.get(210)).toMatchObject({action: 'blackhole', to: '10.3.0.0/24'});
		expect(byPriority.get(300)).toMatchObject({suppressPrefixLength: 0, table: 'main'});
		expect(byPriority.get(310)?.undecidable).toEqual(['oif lo', 'ipproto tcp', 'dport 80']);
		expect(byPriority.get(320)).toMatchObject({action: 'prohibit', undecidable: ['uidrange 1-2']});
		expect(byPriority.get(330)?.action).toBe('nop');
	});

	it('tells IPv6 rules by their prefixes, and `from all` by the family asked for', () => {
		const rules = parseIpRule('0:\tfrom all lookup local\n50:\tfrom fd00::/64 lookup 7\n', 6).rules;
		expect(rules.map(rule => rule.family)).toEqual([6, 6]);
		expect(rules[1]?.from).toBe('fd00::/64');
		expect(parseIpRuleJson('[{"priority":50,"src":"fd00::","srclen":64,"table":"7"}]').rules[0]?.family).toBe(6);
	});

	it('warns about lines it cannot read, with the line, and keeps the rest', () => {
		const result = parseIpRule('0:\tfrom all lookup local\ngarbage \u001b[31m\n5:\tfrom nowhere lookup 3\n6:\tfrom all\n7:\tfrom\n');
		expect(result.rules).toHaveLength(1);
		expect(result.warnings.map(w => [w.line, w.reason])).toEqual([
			[2, 'not an `ip rule` line (PRIORITY: selectors action)'],
			[3, 'from nowhere is not an address or prefix'],
			[4, 'no action (lookup, goto, blackhole, unreachable, prohibit, nop)'],
			[5, '"from" without its value'],
		]);
		expect(result.warnings[0]?.text).not.toContain('\u001b');
	});

	it('reports JSON that is not a rule list', () => {
		expect(parseIpRuleJson('{').warnings[0]?.reason).toMatch(/not JSON/);
		expect(parseIpRuleJson('{}').warnings[0]?.reason).toMatch(/not a JSON array/);
		expect(parseIpRuleJson('[1,{"priority":"x"}]').warnings.map(w => w.reason)).toEqual(['entry 0 is not an object', 'no priority']);
	});

	it('is detected by content', () => {
		expect(looksLikeIpRule(fixture('ip-rule.txt'))).toBe(true);
		expect(looksLikeIpRuleJson(fixture('ip-j-rule.json'))).toBe(true);
		expect(looksLikeIpRule(fixture('ip-route.txt'))).toBe(false);
		expect(looksLikeIpRule('1: lo: <LOOPBACK,UP> mtu 65536')).toBe(false);
		expect(looksLikeIpRuleJson(fixture('ip-j-route.json'))).toBe(false);
	});
});

describe('rule and sysctl parsers on hostile input', () => {
	it('never throw, and every rule they return has a priority and an action', () => {
		const ruleLine = fc.tuple(fc.nat(40_000), fc.array(fc.constantFrom('from', 'to', 'all', 'not', 'iif', 'eth0', 'fwmark', '0x80/0x80', 'lookup', 'goto', '5', 'main', '10.0.0.0/8', 'fd00::/64', 'blackhole', 'nop', 'ipproto', 'tcp', '\u001b[2J', ''), {maxLength: 8}));
		fc.assert(
			fc.property(fc.array(ruleLine, {maxLength: 20}), fc.string(), (lines, junk) => {
				const text = `${lines.map(([priority, words]) => `${priority}:\t${words.join(' ')}`).join('\n')}\n${junk}`;
				for (const rule of parseIpRule(text).rules) {
					expect(Number.isInteger(rule.priority)).toBe(true);
					expect(['lookup', 'goto', 'blackhole', 'unreachable', 'prohibit', 'nop']).toContain(rule.action);
				}
				parseIpRuleJson(text);
				parseSysctl(text);
			}),
			{numRuns: 300},
		);
		fc.assert(
			fc.property(fc.json(), json => {
				parseIpRuleJson(json);
				parseIpRuleJson(`[${json}]`);
			}),
			{numRuns: 300},
		);
	});
});
