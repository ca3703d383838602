import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {formatIp, parseIp, type IpAddress} from '../../source/net/ip.js';
import {parseIpRoute} from '../../source/net/parse-ip-route.js';
import {parseIpRule} from '../../source/net/parse-ip-rule.js';
import {buildPolicyRouter, type PolicyPacket} from '../../source/net/policy-route.js';
import {route} from './helpers/routes.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/cni/aws-vpc-cni/${name}`, import.meta.url), 'utf8');
const ip = (text: string): IpAddress => parseIp(text)!;
const packet = (destination: string, source: string | null, iif: string | null = null, mark = 0): PolicyPacket => ({
	destination: ip(destination),
	source: source === null ? null : ip(source),
	iif,
	mark,
});

describe('buildPolicyRouter on the AWS VPC CNI capture', () => {
	const routes = parseIpRoute(fixture('ip-route-table-all.txt')).routes;
	const rules = parseIpRule(fixture('ip-rule.txt')).rules;
	const locals = new Set(['10.0.1.20', '10.0.1.21']);
	const router = buildPolicyRouter(routes, rules, address => locals.has(formatIp(address)));

	it('sends a secondary-ENI pod’s traffic to table 2 (out eth1), a primary-ENI pod’s through main (eth0)', () => {
		const secondary = router.lookup(packet('8.8.8.8', '10.0.1.60', 'enid04a61e9c7f'));
		expect(secondary.rule?.priority).toBe(1536);
		expect(secondary.table).toBe('2');
		expect(secondary.route).toMatchObject({destination: '0.0.0.0/0', interface: 'eth1', gateway: '10.0.1.1'});
		const primary = router.lookup(packet('8.8.8.8', '10.0.1.50', 'eni8f3b0d2c1a4'));
		expect(primary.rule?.priority).toBe(32_766);
		expect(primary.route).toMatchObject({interface: 'eth0'});
	});

	it('takes the `to <pod> lookup main` rule before the ENI table for traffic to a pod', () => {
		const toPod = router.lookup(packet('10.0.1.60', '10.0.1.50', 'eni8f3b0d2c1a4'));
		expect(toPod.rule?.priority).toBe(512);
		expect(toPod.route?.interface).toBe('enid04a61e9c7f');
	});

	it('decides fwmark rules on the packet’s mark, and the local table on local addresses', () => {
		expect(router.lookup(packet('8.8.8.8', '10.0.1.60', 'eth0', 0x80)).rule?.priority).toBe(1024);
		const local = router.lookup(packet('10.0.1.21', '10.0.1.60', 'enid04a61e9c7f'));
		expect(local).toMatchObject({kind: 'local', table: 'local'});
		expect(local.rule?.priority).toBe(0);
	});
});

describe('buildPolicyRouter semantics', () => {
	const routes = [
		route('default', {gateway: '10.0.0.1', interface: 'eth0'}),
		route('10.5.0.0/16', {interface: 'eth1', table: '100'}),
		route('10.6.0.0/16', {kind: 'throw', table: '100'}),
		route('default', {gateway: '10.9.0.1', interface: 'eth9', table: '100'}),
	];
	const never = () => false;

	it('uses the default rules when none were read', () => {
		const router = buildPolicyRouter(routes, null, never);
		expect(router.rules(4).map(rule => rule.table)).toEqual(['local', 'main', 'default']);
		expect(router.lookup(packet('10.5.0.1', '10.1.1.1'))).toMatchObject({table: 'main', kind: 'route'});
	});

	it('falls through a throw route and an empty table to the next rule', () => {
		const rules = parseIpRule('0:\tfrom all lookup local\n10:\tfrom all lookup 100\n20:\tfrom all lookup 77\n32766:\tfrom all lookup main\n').rules;
		const router = buildPolicyRouter(routes, rules, never);
		expect(router.lookup(packet('10.5.0.1', null)).route?.interface).toBe('eth1');
		const thrown = router.lookup(packet('10.6.0.1', null));
		expect(thrown.rule?.priority).toBe(32_766);
		expect(thrown.route?.interface).toBe('eth0');
	});

	it('honours suppress_prefixlength, goto, not, iif and terminal actions', () => {
		const rules = parseIpRule(
			[
				'5:\tfrom all iif cali1 blackhole',
				'6:\tfrom all to 10.7.0.0/16 unreachable',
				'10:\tnot from 10.1.0.0/16 goto 30',
				'20:\tfrom all lookup 100',
				'30:\tfrom all lookup 100 suppress_prefixlength 0',
				'32766:\tfrom all lookup main',
			].join('\n'),
		).rules;
		const router = buildPolicyRouter(routes, rules, never);
		expect(router.lookup(packet('10.5.0.1', '10.1.1.1', 'cali1'))).toMatchObject({kind: 'blackhole', route: null});
		expect(router.lookup(packet('10.7.0.1', '10.1.1.1'))).toMatchObject({kind: 'unreachable'});
		// From inside 10.1/16: rule 20's table 100 default wins.
		expect(router.lookup(packet('8.8.8.8', '10.1.1.1')).route?.interface).toBe('eth9');
		// From elsewhere: goto 30 skips rule 20; 30 suppresses table 100's default; main decides.
		const other = router.lookup(packet('8.8.8.8', '10.2.2.2'));
		expect(other.rule?.priority).toBe(32_766);
		expect(other.route?.interface).toBe('eth0');
		expect(router.lookup(packet('10.5.0.1', '10.2.2.2')).route?.interface).toBe('eth1');
	});

	it('lists rules it cannot decide and does not take them', () => {
		const rules = parseIpRule('10:\tfrom all ipproto tcp lookup 100\n32766:\tfrom all lookup main\n').rules;
		const decision = buildPolicyRouter(routes, rules, never).lookup(packet('10.5.0.1', null));
		expect(decision.table).toBe('main');
		expect(decision.undecided.map(rule => rule.priority)).toEqual([10]);
	});
});
