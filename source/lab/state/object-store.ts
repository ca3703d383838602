/**
 * The lab's objects under one resourceVersion counter: every write bumps it, stamps the object, records a
 * StoreEvent (with the previous state) in the history ring and tells subscribers, in that order.
 * Objects rest as JSON text (../stored-object.ts): get and list parse, listStored hands out the text;
 * the history keeps the text too and parses only what a watch replays.
 */
import type {KubeObject, ResourceKind, StoreEvent, WatchEventType} from '../cluster-types.js';
import {createLabelsPool, flatString, parseStored, storedObject, type StoredObject} from '../stored-object.js';
import {createHistoryRing, type FreshHistory} from './history-ring.js';

export type ObjectStore = {
	readonly current: () => number;
	readonly get: (resource: ResourceKind, namespace: string | null, name: string) => KubeObject | null;
	/** Sorted by namespace, then name, as etcd keys sort. */
	readonly list: (resource: ResourceKind, namespace: string | null) => readonly KubeObject[];
	/** As list, unparsed. */
	readonly listStored: (resource: ResourceKind, namespace: string | null) => readonly StoredObject[];
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

/** A store event as the history keeps it: the states' JSON text, parsed again only for a replay. */
type KeptEvent = {
	readonly type: WatchEventType;
	readonly resource: ResourceKind;
	readonly json: string;
	readonly previousJson: string | null;
	readonly resourceVersion: number;
};

function keyOf(namespace: string | null | undefined, name: string): string {
	return flatString(`${namespace ?? ''}/${name}`);
}

function stamp(object: KubeObject, resourceVersion: number): KubeObject {
	return {...object, metadata: {...object.metadata, resourceVersion: String(resourceVersion)}};
}

/** One resource's objects, and their keys in sorted order (kept until a key comes or goes, not per update). */
type Shelf = {readonly objects: Map<string, StoredObject>; sortedKeys: string[] | null};

/** historySize: events always kept; fresh: also those younger than fresh.ms, up to fresh.max (history-ring.ts). */
export function createObjectStore(options: {readonly historySize: number; readonly fresh?: FreshHistory | null}): ObjectStore {
	const shelves = new Map<ResourceKind, Shelf>();
	const listeners = new Set<(event: StoreEvent) => void>();
	const labelsPool = createLabelsPool();
	let counter = 0;
	const history = createHistoryRing<KeptEvent>(options.historySize, counter, options.fresh ?? null);
	const shelfOf = (resource: ResourceKind): Shelf => {
		let shelf = shelves.get(resource);
		if (!shelf) {
			shelf = {objects: new Map(), sortedKeys: null};
			shelves.set(resource, shelf);
		}
		return shelf;
	};
	const put = (resource: ResourceKind, key: string, object: KubeObject): StoredObject => {
		const shelf = shelfOf(resource);
		const stored = storedObject(object, labelsPool);
		if (!shelf.objects.has(key)) shelf.sortedKeys = null;
		shelf.objects.set(key, stored);
		return stored;
	};
	/** `parsedPrevious`: the previous state when the caller already parsed it; else parsed when a listener reads it. */
	const record = (
		type: WatchEventType,
		resource: ResourceKind,
		object: KubeObject,
		json: string,
		previous: StoredObject | null,
		parsedPrevious: KubeObject | null = null,
	): void => {
		history.push({type, resource, json, previousJson: previous?.json ?? null, resourceVersion: counter});
		if (listeners.size === 0) return;
		let previousObject = parsedPrevious;
		const event: StoreEvent = {
			type,
			resource,
			object,
			get previous() {
				return previous === null ? null : (previousObject ??= parseStored(previous));
			},
			resourceVersion: counter,
			json,
		};
		for (const listener of [...listeners]) {
			try {
				listener(event);
			} catch {
				// One failing watcher must not break the store or the others.
			}
		}
	};
	const listStored = (resource: ResourceKind, namespace: string | null): readonly StoredObject[] => {
		const shelf = shelfOf(resource);
		shelf.sortedKeys ??= [...shelf.objects.keys()].sort();
		const items: StoredObject[] = [];
		for (const key of shelf.sortedKeys) {
			const stored = shelf.objects.get(key)!;
			if (namespace === null || stored.namespace === namespace) items.push(stored);
		}
		return items;
	};
	const replay = (kept: KeptEvent): StoreEvent => ({
		type: kept.type,
		resource: kept.resource,
		object: JSON.parse(kept.json) as KubeObject,
		previous: kept.previousJson === null ? null : (JSON.parse(kept.previousJson) as KubeObject),
		resourceVersion: kept.resourceVersion,
		json: kept.json,
	});
	return {
		current: () => counter,
		get(resource, namespace, name) {
			const stored = shelfOf(resource).objects.get(keyOf(namespace, name));
			return stored ? parseStored(stored) : null;
		},
		list: (resource, namespace) => listStored(resource, namespace).map(parseStored),
		listStored,
		add(resource, object) {
			counter++;
			const stamped = stamp(object, counter);
			const key = keyOf(object.metadata.namespace, object.metadata.name);
			const previous = shelfOf(resource).objects.get(key) ?? null;
			const stored = put(resource, key, stamped);
			record(previous ? 'MODIFIED' : 'ADDED', resource, stamped, stored.json, previous);
			return stamped;
		},
		update(resource, namespace, name, change) {
			const key = keyOf(namespace, name);
			const previous = shelfOf(resource).objects.get(key);
			if (!previous) return null;
			counter++;
			const before = parseStored(previous);
			const stamped = stamp(change(before), counter);
			const stored = put(resource, key, stamped);
			record('MODIFIED', resource, stamped, stored.json, previous, before);
			return stamped;
		},
		remove(resource, namespace, name) {
			const key = keyOf(namespace, name);
			const shelf = shelfOf(resource);
			const previous = shelf.objects.get(key);
			if (!previous) return null;
			shelf.objects.delete(key);
			shelf.sortedKeys = null;
			counter++;
			const before = parseStored(previous);
			const last = stamp(before, counter);
			record('DELETED', resource, last, JSON.stringify(last), previous, before);
			return last;
		},
		eventsSince(since) {
			const kept = history.since(since, counter);
			return kept === 'expired' ? kept : kept.map(replay);
		},
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
