import {describe, expect, it} from 'vitest';
import type {KubeObject} from '../../../source/lab/cluster-types.js';
import {fieldValue, matchesSelector, parseFieldSelector, parseLabelSelector, parseSelector} from '../../../source/lab/http/selectors.js';

const pod = {
	apiVersion: 'v1',
	kind: 'Pod',
	metadata: {name: 'web-1', namespace: 'default', uid: 'u1', resourceVersion: '5', creationTimestamp: '', labels: {app: 'web', tier: 'front'}},
	spec: {nodeName: 'worker2', hostNetwork: true},
	status: {phase: 'Running'},
} as KubeObject;

function matches(field: string | null, label: string | null): boolean {
	const selector = parseSelector(field, label);
	if (!selector.ok) throw new Error(selector.message);
	return matchesSelector(pod, selector.value);
}

describe('field selectors', () => {
	it('reads =, == and != and ANDs the terms', () => {
		expect(parseFieldSelector('a=1,b==2,c!=3')).toEqual({
			ok: true,
			value: [
				{key: 'a', op: '=', value: '1'},
				{key: 'b', op: '=', value: '2'},
				{key: 'c', op: '!=', value: '3'},
			],
		});
		expect(matches('spec.nodeName=worker2,status.phase!=Succeeded,status.phase!=Failed', null)).toBe(true);
		expect(matches('spec.nodeName=worker2,status.phase==Failed', null)).toBe(false);
		expect(matches('metadata.name==web-1,metadata.namespace=default', null)).toBe(true);
		expect(matches('metadata.namespace!=default', null)).toBe(false);
	});
	it('reads a missing field as empty, and booleans as text', () => {
		expect(matches('involvedObject.uid=', null)).toBe(true);
		expect(fieldValue(pod, 'spec.hostNetwork')).toBe('true');
		expect(fieldValue(pod, 'spec.nodeName.deeper')).toBe('');
	});
	it('refuses a term without an operator', () => {
		expect(parseFieldSelector('metadata.name').ok).toBe(false);
	});
});

describe('label selectors', () => {
	it('supports =, ==, !=, in, notin, exists and !exists', () => {
		expect(matches(null, 'app=web')).toBe(true);
		expect(matches(null, 'app==db')).toBe(false);
		expect(matches(null, 'app!=db')).toBe(true);
		expect(matches(null, 'missing!=x')).toBe(true);
		expect(matches(null, 'tier in (front, back)')).toBe(true);
		expect(matches(null, 'tier in (back)')).toBe(false);
		expect(matches(null, 'tier notin (back),app')).toBe(true);
		expect(matches(null, 'missing notin (x)')).toBe(true);
		expect(matches(null, 'app,!missing')).toBe(true);
		expect(matches(null, '!app')).toBe(false);
		expect(matches(null, 'missing')).toBe(false);
	});
	it('keeps commas inside parentheses together', () => {
		expect(parseLabelSelector('env in (a,b),x=y')).toEqual({
			ok: true,
			value: [
				{key: 'env', op: 'in', values: ['a', 'b']},
				{key: 'x', op: '=', value: 'y'},
			],
		});
	});
	it('refuses what it cannot read', () => {
		expect(parseLabelSelector('a b c').ok).toBe(false);
	});
});
