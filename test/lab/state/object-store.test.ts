import {describe, expect, it} from 'vitest';
import type {KubeObject, StoreEvent} from '../../../source/lab/cluster-types.js';
import {createObjectStore} from '../../../source/lab/state/object-store.js';

function pod(name: string, namespace = 'default'): KubeObject {
	return {apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace, uid: `uid-${name}`, resourceVersion: '0', creationTimestamp: '2024-01-01T00:00:00Z'}};
}

describe('createObjectStore', () => {
	it('stamps every write with the next resourceVersion and records ADDED/MODIFIED/DELETED with previous', () => {
		const store = createObjectStore({historySize: 10});
		const seen: StoreEvent[] = [];
		store.subscribe((event) => seen.push(event));
		const added = store.add('pods', pod('a'));
		const modified = store.update('pods', 'default', 'a', (object) => ({...object, status: {phase: 'Running'}}));
		const deleted = store.remove('pods', 'default', 'a');
		expect([added.metadata.resourceVersion, modified?.metadata.resourceVersion, deleted?.metadata.resourceVersion]).toEqual(['1', '2', '3']);
		expect(seen.map((event) => [event.type, event.resourceVersion])).toEqual([['ADDED', 1], ['MODIFIED', 2], ['DELETED', 3]]);
		expect(seen[1]!.previous?.metadata.resourceVersion).toBe('1');
		// DELETED carries the last state (status Running) with the delete's resourceVersion.
		expect(seen[2]!.object['status']).toEqual({phase: 'Running'});
		expect(seen[2]!.object.metadata.resourceVersion).toBe('3');
		expect(store.get('pods', 'default', 'a')).toBeNull();
		expect(store.current()).toBe(3);
	});

	it('lists sorted by namespace then name, filtered by namespace', () => {
		const store = createObjectStore({historySize: 10});
		for (const [name, namespace] of [['b', 'x'], ['a', 'y'], ['c', 'x']] as const) store.add('pods', pod(name, namespace));
		expect(store.list('pods', null).map((object) => `${object.metadata.namespace}/${object.metadata.name}`)).toEqual(['x/b', 'x/c', 'y/a']);
		expect(store.list('pods', 'y').map((object) => object.metadata.name)).toEqual(['a']);
	});

	it('replays events after N within history and answers expired when too old or newer than current', () => {
		const store = createObjectStore({historySize: 3});
		for (const name of ['a', 'b', 'c', 'd', 'e']) store.add('pods', pod(name));
		// Kept: RVs 3, 4, 5; replayable from 2 on.
		expect(store.eventsSince(1)).toBe('expired');
		const replay = store.eventsSince(2);
		expect(replay === 'expired' ? replay : replay.map((event) => event.resourceVersion)).toEqual([3, 4, 5]);
		expect(store.eventsSince(5)).toEqual([]);
		expect(store.eventsSince(6)).toBe('expired');
	});

	it('jump advances the counter and forgets history (an etcd restore)', () => {
		const store = createObjectStore({historySize: 10});
		store.add('pods', pod('a'));
		store.jump(1000);
		expect(store.current()).toBe(1001);
		expect(store.eventsSince(1)).toBe('expired');
		expect(store.eventsSince(1001)).toEqual([]);
		expect(store.add('pods', pod('b')).metadata.resourceVersion).toBe('1002');
	});

	it('keeps notifying other listeners when one throws, and unsubscribes', () => {
		const store = createObjectStore({historySize: 10});
		const seen: string[] = [];
		store.subscribe(() => {
			throw new Error('bad watcher');
		});
		const stop = store.subscribe((event) => seen.push(event.object.metadata.name));
		store.add('pods', pod('a'));
		stop();
		store.add('pods', pod('b'));
		expect(seen).toEqual(['a']);
	});
	it('keeps objects as JSON text: listStored gives it in list order, get and list give equal copies', () => {
		const store = createObjectStore({historySize: 10});
		const added = store.add('pods', pod('b', 'x'));
		store.add('pods', pod('a', 'y'));
		expect(store.listStored('pods', null).map((stored) => `${stored.namespace}/${stored.name}`)).toEqual(['x/b', 'y/a']);
		// A new key after a list lands in order; an update keeps the order and shows the new state.
		store.add('pods', pod('c', 'x'));
		store.update('pods', 'x', 'b', (object) => ({...object, status: {phase: 'Running'}}));
		const stored = store.listStored('pods', 'x');
		expect(stored.map((entry) => entry.name)).toEqual(['b', 'c']);
		expect(stored[0]!.phase).toBe('Running');
		expect(stored.map((entry) => JSON.parse(entry.json))).toEqual(store.list('pods', 'x'));
		expect(store.get('pods', 'y', 'a')).toEqual({...pod('a', 'y'), metadata: {...pod('a', 'y').metadata, resourceVersion: '2'}});
		expect(store.get('pods', 'x', 'b')).not.toBe(store.get('pods', 'x', 'b'));
		expect(added.metadata.resourceVersion).toBe('1');
		store.remove('pods', 'x', 'b');
		expect(store.listStored('pods', null).map((entry) => entry.name)).toEqual(['c', 'a']);
	});

	it('replays each event with the states it carried, previous included', () => {
		const store = createObjectStore({historySize: 10});
		const live: StoreEvent[] = [];
		store.subscribe((event) => live.push(event));
		store.add('pods', pod('a'));
		store.update('pods', 'default', 'a', (object) => ({...object, status: {phase: 'Running'}}));
		store.add('pods', {...pod('a'), spec: {nodeName: 'n1'}});
		store.remove('pods', 'default', 'a');
		const replay = store.eventsSince(0);
		if (replay === 'expired') throw new Error('expired');
		const shape = (event: StoreEvent) => [event.type, event.resourceVersion, event.object, event.previous];
		expect(replay.map(shape)).toEqual(live.map(shape));
		expect(replay[1]!.previous?.['status']).toBeUndefined();
		expect(replay[2]!.previous?.['status']).toEqual({phase: 'Running'});
		expect(replay[3]!.object.metadata.resourceVersion).toBe('4');
		expect(replay[3]!.previous?.['spec']).toEqual({nodeName: 'n1'});
	});
});
