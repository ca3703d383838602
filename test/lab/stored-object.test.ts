import {describe, expect, it} from 'vitest';
import type {KubeObject} from '../../source/lab/cluster-types.js';
import {matchesSelector, parseSelector} from '../../source/lab/http/selectors.js';
import {
	answersWithoutParsing,
	createLabelsPool,
	flatString,
	parseStored,
	storedObject,
	summaryObject,
} from '../../source/lab/stored-object.js';

function pod(name: string, labels: Record<string, string> | undefined, node: string | undefined, phase: string | undefined): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {name, namespace: 'shop', uid: `uid-${name}`, resourceVersion: '7', creationTimestamp: '2024-01-01T00:00:00Z', ...(labels ? {labels} : {})},
		spec: {containers: [{name: 'app', image: 'nginx'}], restartPolicy: 'Always', ...(node ? {nodeName: node} : {})},
		status: phase ? {phase, podIP: '10.0.0.1'} : {},
	};
}

describe('storedObject', () => {
	it('keeps the JSON text and the fields lists read, and parses back to an equal object', () => {
		const object = pod('a', {app: 'web'}, 'worker1', 'Running');
		const stored = storedObject(object, createLabelsPool());
		expect(stored.json).toBe(JSON.stringify(object));
		expect(stored).toMatchObject({namespace: 'shop', name: 'a', labels: {app: 'web'}, nodeName: 'worker1', phase: 'Running'});
		expect(parseStored(stored)).toEqual(object);
		const bare = storedObject({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'x', uid: 'u', resourceVersion: '1', creationTimestamp: ''}}, createLabelsPool());
		expect(bare).toMatchObject({namespace: null, labels: null, nodeName: null, phase: null});
	});

	it('shares one labels object between objects whose labels are equal', () => {
		const pool = createLabelsPool();
		const first = storedObject(pod('a', {app: 'web', tier: '1'}, 'n', 'Running'), pool);
		const second = storedObject(pod('b', {app: 'web', tier: '1'}, 'n', 'Running'), pool);
		const other = storedObject(pod('c', {app: 'db'}, 'n', 'Running'), pool);
		expect(second.labels).toBe(first.labels);
		expect(other.labels).not.toBe(first.labels);
		expect(other.labels).toEqual({app: 'db'});
	});

	it('answers the selectors it summarises as the whole object does', () => {
		const objects = [
			pod('a', {app: 'web'}, 'worker1', 'Running'),
			pod('b', {app: 'db', tier: 'x'}, 'worker2', 'Pending'),
			pod('c', undefined, undefined, undefined),
		];
		const selectors: [string | null, string | null][] = [
			['spec.nodeName=worker1', null],
			['spec.nodeName!=worker1', null],
			['spec.nodeName=', null],
			['status.phase=Running,metadata.namespace=shop', 'app in (web,db)'],
			['metadata.name=b', '!tier'],
			[null, 'tier'],
			[null, 'app!=web'],
		];
		const pool = createLabelsPool();
		for (const [fields, labels] of selectors) {
			const selector = parseSelector(fields, labels);
			if (!selector.ok) throw new Error(selector.message);
			expect(answersWithoutParsing(selector.value.fields.map(field => field.key))).toBe(true);
			for (const object of objects) {
				expect(matchesSelector(summaryObject(storedObject(object, pool)), selector.value), `${fields} ${labels} ${object.metadata.name}`).toBe(
					matchesSelector(object, selector.value),
				);
			}
		}
		expect(answersWithoutParsing(['status.podIP'])).toBe(false);
		expect(answersWithoutParsing(['spec.restartPolicy', 'metadata.name'])).toBe(false);
	});

	it('flatString gives back the same text', () => {
		const text = JSON.stringify(pod('a', {app: 'web'}, 'w', 'Running'));
		expect(flatString(`${text}${text}`)).toBe(text + text);
	});
});
