import {describe, expect, it} from 'vitest';
import type {KubeObject} from '../../../source/lab/cluster-types.js';
import {matchesSelector, parseSelector} from '../../../source/lab/http/selectors.js';
import {listStored, selectStored, spliceItems} from '../../../source/lab/http/stored-list.js';
import {createLabelsPool, storedObject} from '../../../source/lab/stored-object.js';
import {createFakeCluster, fakePod} from './helpers/fake-cluster.js';

function cluster() {
	const fake = createFakeCluster();
	fake.put('pods', fakePod('shop', 'web-1', 'worker1', '10.0.0.1', {app: 'web'}));
	fake.put('pods', fakePod('shop', 'db-1', 'worker2', '10.0.0.2', {app: 'db'}));
	fake.put('pods', fakePod('default', 'web-2', 'worker2', '10.0.0.3', {app: 'web'}));
	return fake;
}

describe('stored lists', () => {
	it('serializes a cluster that keeps no stored list itself, in its list order', () => {
		const fake = cluster();
		expect(fake.listStored).toBeUndefined();
		const listed = listStored(fake, 'pods', null);
		const parsed = fake.list('pods', null);
		expect(listed.resourceVersion).toBe(parsed.resourceVersion);
		expect(listed.items.map(item => item.json)).toEqual(parsed.items.map(object => JSON.stringify(object)));
		expect(listStored(fake, 'pods', 'shop').items.map(item => item.name).sort()).toEqual(['db-1', 'web-1']);
	});

	it('selects what matchesSelector selects on the parsed objects, with and without the summary', () => {
		const listed = listStored(cluster(), 'pods', null).items;
		const objects = listed.map(item => JSON.parse(item.json) as KubeObject);
		for (const [fields, labels] of [
			[null, null],
			['spec.nodeName=worker2', null],
			[null, 'app=web'],
			['status.podIP=10.0.0.3', null],
			['status.podIP!=10.0.0.3,spec.nodeName=worker2', 'app'],
		] as const) {
			const selector = parseSelector(fields, labels);
			if (!selector.ok) throw new Error(selector.message);
			const expected = objects.filter(object => matchesSelector(object, selector.value)).map(object => object.metadata.name);
			expect(selectStored(listed, selector.value).map(item => item.name), `${fields} ${labels}`).toEqual(expected);
		}
	});

	it('splices the items into a body JSON.stringify would write for the parsed objects', () => {
		const objects = cluster().list('pods', null).items;
		const pool = createLabelsPool();
		const head = {kind: 'PodList', apiVersion: 'v1', metadata: {resourceVersion: '9', continue: 'abc'}};
		const body = spliceItems(head, objects.map(object => storedObject(object, pool)));
		expect(body).toBe(JSON.stringify({...head, items: objects}));
		expect(spliceItems(head, [])).toBe(JSON.stringify({...head, items: []}));
	});
});
