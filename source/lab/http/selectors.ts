/**
 * Field and label selectors as the apiserver reads them (`?fieldSelector=`, `?labelSelector=`).
 * Field selectors: `k=v`, `k==v`, `k!=v`, AND-ed with `,`; keys are dotted paths into the object
 * (metadata.name, spec.nodeName, status.phase, involvedObject.uid, ...), a missing field reads as "".
 * Label selectors add `k in (a,b)`, `k notin (a,b)`, `k` (exists) and `!k` (does not exist).
 */
import type {KubeObject} from '../cluster-types.js';

export type FieldRequirement = {readonly key: string; readonly op: '=' | '!='; readonly value: string};

export type LabelRequirement =
	| {readonly key: string; readonly op: '=' | '!='; readonly value: string}
	| {readonly key: string; readonly op: 'in' | 'notin'; readonly values: readonly string[]}
	| {readonly key: string; readonly op: 'exists' | '!exists'};

export type Selector = {readonly fields: readonly FieldRequirement[]; readonly labels: readonly LabelRequirement[]};

export type ParseResult<T> = {readonly ok: true; readonly value: T} | {readonly ok: false; readonly message: string};

/** Splits on commas outside parentheses. */
function splitTopLevel(text: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let current = '';
	for (const char of text) {
		if (char === '(') depth++;
		if (char === ')') depth = Math.max(0, depth - 1);
		if (char === ',' && depth === 0) {
			parts.push(current);
			current = '';
		} else {
			current += char;
		}
	}
	parts.push(current);
	return parts.map(part => part.trim()).filter(part => part !== '');
}

function splitEquality(term: string): {key: string; op: '=' | '!='; value: string} | null {
	const notEqual = term.indexOf('!=');
	if (notEqual > 0) return {key: term.slice(0, notEqual).trim(), op: '!=', value: term.slice(notEqual + 2).trim()};
	const doubleEqual = term.indexOf('==');
	if (doubleEqual > 0) return {key: term.slice(0, doubleEqual).trim(), op: '=', value: term.slice(doubleEqual + 2).trim()};
	const equal = term.indexOf('=');
	if (equal > 0) return {key: term.slice(0, equal).trim(), op: '=', value: term.slice(equal + 1).trim()};
	return null;
}

export function parseFieldSelector(text: string | null): ParseResult<readonly FieldRequirement[]> {
	if (!text) return {ok: true, value: []};
	const requirements: FieldRequirement[] = [];
	for (const term of splitTopLevel(text)) {
		const parsed = splitEquality(term);
		if (!parsed) return {ok: false, message: `invalid selector: '${text}'; can't understand '${term}'`};
		requirements.push(parsed);
	}
	return {ok: true, value: requirements};
}

const setPattern = /^(\S+)\s+(in|notin)\s*\((.*)\)$/;

export function parseLabelSelector(text: string | null): ParseResult<readonly LabelRequirement[]> {
	if (!text) return {ok: true, value: []};
	const requirements: LabelRequirement[] = [];
	for (const term of splitTopLevel(text)) {
		const set = setPattern.exec(term);
		if (set) {
			const values = (set[3] ?? '').split(',').map(value => value.trim()).filter(value => value !== '');
			requirements.push({key: set[1] ?? '', op: set[2] === 'in' ? 'in' : 'notin', values});
			continue;
		}
		const equality = splitEquality(term);
		if (equality) {
			requirements.push(equality);
			continue;
		}
		if (/^![^\s!=()]+$/.test(term)) {
			requirements.push({key: term.slice(1), op: '!exists'});
			continue;
		}
		if (/^[^\s!=()]+$/.test(term)) {
			requirements.push({key: term, op: 'exists'});
			continue;
		}
		return {ok: false, message: `unable to parse requirement: found '${term}'`};
	}
	return {ok: true, value: requirements};
}

export function parseSelector(fieldText: string | null, labelText: string | null): ParseResult<Selector> {
	const fields = parseFieldSelector(fieldText);
	if (!fields.ok) return fields;
	const labels = parseLabelSelector(labelText);
	if (!labels.ok) return labels;
	return {ok: true, value: {fields: fields.value, labels: labels.value}};
}

export function fieldValue(object: unknown, path: string): string {
	let current: unknown = object;
	for (const part of path.split('.')) {
		if (current === null || typeof current !== 'object') return '';
		current = (current as Record<string, unknown>)[part];
	}
	if (current === undefined || current === null) return '';
	if (typeof current === 'string') return current;
	if (typeof current === 'number' || typeof current === 'boolean') return String(current);
	return '';
}

function labelMatches(labels: Readonly<Record<string, string>>, requirement: LabelRequirement): boolean {
	const has = Object.hasOwn(labels, requirement.key);
	const value = labels[requirement.key];
	switch (requirement.op) {
		case '=':
			return has && value === requirement.value;
		case '!=':
			return !has || value !== requirement.value;
		case 'in':
			return has && requirement.values.includes(value ?? '');
		case 'notin':
			return !has || !requirement.values.includes(value ?? '');
		case 'exists':
			return has;
		case '!exists':
			return !has;
	}
}

export function matchesSelector(object: KubeObject, selector: Selector): boolean {
	for (const requirement of selector.fields) {
		const equal = fieldValue(object, requirement.key) === requirement.value;
		if (equal !== (requirement.op === '=')) return false;
	}
	const labels = object.metadata.labels ?? {};
	return selector.labels.every(requirement => labelMatches(labels, requirement));
}

export const everything: Selector = {fields: [], labels: []};
