/**
 * The lab's objects under one resourceVersion counter: every write bumps it, stamps the object, records a
 * StoreEvent (with the previous state) in the history ring and tells subscribers, in that order.
 */
import type {KubeObject, ResourceKind, StoreEvent, WatchEventType} from '../cluster-types.js';
import {createHistoryRing, type FreshHistory} from './history-ring.js';

export type ObjectStore = {
	readonly current: () => number;
	readonly get: (resource: ResourceKind, namespace: string | null, name: string) => KubeObject | null;
	/** Sorted by namespace, then name, as etcd keys sort. */
	readonly list: (resource: ResourceKind, namespace: string | null) => readonly KubeObject[];
	/** Stores a new object (its resourceVersion is stamped here). Replaces silently if the key exists. */
	readonly add: (resource: ResourceKind, object: KubeObject) => KubeObject;
	/** Applies `change` to the stored object; null when absent. `change` returns the next state. */
	readonly update: (
		resource: ResourceKind,
		namespace: string | null,
		name: string,
		change: (object: KubeObject) => KubeObject,
	) => KubeObject | null;
	/** Removes the object; DELETED carries its last state stamped with the delete's resourceVersion. */
	readonly remove: (resource: ResourceKind, namespace: string | null, name: string) => KubeObject | null;
	readonly eventsSince: (since: number) => readonly StoreEvent[] | 'expired';
	readonly subscribe: (listener: (event: StoreEvent) => void) => () => void;
	/** Advances the counter by `delta` and forgets the history, as after an etcd restore. */
	readonly jump: (delta: number) => void;
};

function keyOf(namespace: string | null | undefined, name: string): string {
	return `${namespace ?? ''}/${name}`;
}

function stamp(object: KubeObject, resourceVersion: number): KubeObject {
	return {...object, metadata: {...object.metadata, resourceVersion: String(resourceVersion)}};
}

/** historySize: events always kept; fresh: also those younger than fresh.ms, up to fresh.max (history-ring.ts). */
export function createObjectStore(options: {readonly historySize: number; readonly fresh?: FreshHistory | null}): ObjectStore {
	const maps = new Map<ResourceKind, Map<string, KubeObject>>();
	const listeners = new Set<(event: StoreEvent) => void>();
	let counter = 0;
	const history = createHistoryRing(options.historySize, counter, options.fresh ?? null);
	const mapOf = (resource: ResourceKind): Map<string, KubeObject> => {
		let map = maps.get(resource);
		if (!map) {
			map = new Map();
			maps.set(resource, map);
		}
		return map;
	};
	const record = (type: WatchEventType, resource: ResourceKind, object: KubeObject, previous: KubeObject | null): void => {
		const event: StoreEvent = {type, resource, object, previous, resourceVersion: counter};
		history.push(event);
		for (const listener of [...listeners]) {
			try {
				listener(event);
			} catch {
				// One failing watcher must not break the store or the others.
			}
		}
	};
	return {
		current: () => counter,
		get: (resource, namespace, name) => mapOf(resource).get(keyOf(namespace, name)) ?? null,
		list(resource, namespace) {
			const items = [...mapOf(resource).values()].filter(
				(object) => namespace === null || object.metadata.namespace === namespace,
			);
			return items.sort((a, b) => {
				const left = keyOf(a.metadata.namespace, a.metadata.name);
				const right = keyOf(b.metadata.namespace, b.metadata.name);
				return left < right ? -1 : left > right ? 1 : 0;
			});
		},
		add(resource, object) {
			counter++;
			const stored = stamp(object, counter);
			const key = keyOf(object.metadata.namespace, object.metadata.name);
			const previous = mapOf(resource).get(key) ?? null;
			mapOf(resource).set(key, stored);
			record(previous ? 'MODIFIED' : 'ADDED', resource, stored, previous);
			return stored;
		},
		update(resource, namespace, name, change) {
			const key = keyOf(namespace, name);
			const previous = mapOf(resource).get(key);
			if (!previous) return null;
			counter++;
			const stored = stamp(change(previous), counter);
			mapOf(resource).set(key, stored);
			record('MODIFIED', resource, stored, previous);
			return stored;
		},
		remove(resource, namespace, name) {
			const key = keyOf(namespace, name);
			const previous = mapOf(resource).get(key);
			if (!previous) return null;
			mapOf(resource).delete(key);
			counter++;
			const last = stamp(previous, counter);
			record('DELETED', resource, last, previous);
			return last;
		},
		eventsSince: (since) => history.since(since, counter),
		subscribe(listener) {
			listeners.add(listener);
			return () => {
				listeners.delete(listener);
			};
		},
		jump(delta) {
			// A resourceVersion is a number: anything else (NaN from "abc") would make every one "NaN".
			if (!Number.isFinite(delta)) return;
			counter += Math.max(0, Math.floor(delta));
			history.reset(counter);
		},
	};
}
