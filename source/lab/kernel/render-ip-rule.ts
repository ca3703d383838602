/**
 * `ip rule` text, `ip -j rule` JSON (iproute2 6.1) and BusyBox 1.35's `ip rule` (the same text with a
 * trailing space), from the kernel's three default rules and its policy rules (AWS VPC CNI's, faults').
 * IPv6 has no `default` rule and the lab's policy rules are IPv4 only. Checked against the real tools in
 * namespace-parity.test.ts. Pure.
 */
import type {Family} from '../../net/ip.js';
import {parsePrefix} from '../../net/ip.js';
import type {LabRule} from '../topology-types.js';
import type {NodeKernel} from './node-kernel.js';
import type {ToolFlavor} from './tool-flavor.js';

function defaults(family: Family | null): readonly LabRule[] {
	const rule = (priority: number, table: string): LabRule => ({priority, from: null, to: null, iif: null, fwmark: null, table});
	return [rule(0, 'local'), rule(32766, 'main'), ...(family === 6 ? [] : [rule(32767, 'default')])];
}

/** The rules `ip rule` lists, in priority order (equal priorities keep the order they were added in). */
export function listedRules(kernel: NodeKernel, family: Family | null): readonly LabRule[] {
	const rules = [...defaults(family), ...(family === 6 ? [] : kernel.rules)];
	return rules.map((rule, at) => ({rule, at})).sort((a, b) => a.rule.priority - b.rule.priority || a.at - b.at).map(entry => entry.rule);
}

/** `10.0.0.0/24` → text `10.0.0.0/24`, JSON address and length; a host prints bare. */
function selector(text: string): {readonly text: string; readonly address: string; readonly length: number | null} {
	const prefix = parsePrefix(text, 4);
	if (!prefix) return {text, address: text, length: null};
	return prefix.length === 32
		? {text: prefix.address, address: prefix.address, length: null}
		: {text: prefix.cidr, address: prefix.address, length: prefix.length};
}

function ruleLine(rule: LabRule): string {
	let text = `${rule.priority}:\tfrom ${rule.from === null ? 'all' : selector(rule.from).text}`;
	if (rule.to !== null) text += ` to ${selector(rule.to).text}`;
	if (rule.fwmark !== null) text += ` fwmark ${rule.fwmark}`;
	if (rule.iif !== null) text += ` iif ${rule.iif}`;
	return `${text} lookup ${rule.table}`;
}

function ruleJson(rule: LabRule): Record<string, unknown> {
	const json: Record<string, unknown> = {priority: rule.priority};
	if (rule.from === null) json['src'] = 'all';
	else {
		const from = selector(rule.from);
		json['src'] = from.address;
		if (from.length !== null) json['srclen'] = from.length;
	}
	if (rule.to !== null) {
		const to = selector(rule.to);
		json['dst'] = to.address;
		if (to.length !== null) json['dstlen'] = to.length;
	}
	if (rule.fwmark !== null) {
		const [mark, mask] = rule.fwmark.split('/');
		json['fwmark'] = mark;
		if (mask !== undefined) json['fwmask'] = mask;
	}
	if (rule.iif !== null) json['iif'] = rule.iif;
	json['table'] = rule.table;
	return json;
}

export function renderIpRule(kernel: NodeKernel, family: Family | null, flavor: ToolFlavor = 'gnu'): string {
	const tail = flavor === 'busybox' ? ' ' : '';
	return listedRules(kernel, family).map(rule => `${ruleLine(rule)}${tail}\n`).join('');
}

export function renderIpRuleJson(kernel: NodeKernel, family: Family | null): string {
	return `${JSON.stringify(listedRules(kernel, family).map(ruleJson))}\n`;
}
