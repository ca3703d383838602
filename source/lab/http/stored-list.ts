/**
 * Lists as stored JSON text (../stored-object.ts): selectors read the summary where it answers them and
 * parse only otherwise; list bodies and watch lines are spliced from the text, byte for byte what
 * JSON.stringify of the parsed objects would give.
 */
import type {LabCluster, ResourceKind} from '../cluster-types.js';
import {answersWithoutParsing, createLabelsPool, parseStored, storedObject, summaryObject, type StoredObject} from '../stored-object.js';
import {matchesSelector, type Selector} from './selectors.js';

/** The cluster's stored list, or its parsed list serialized here when it keeps none. */
export function listStored(
	cluster: LabCluster,
	resource: ResourceKind,
	namespace: string | null,
): {readonly items: readonly StoredObject[]; readonly resourceVersion: number} {
	if (cluster.listStored) return cluster.listStored(resource, namespace);
	const listed = cluster.list(resource, namespace);
	const labelsPool = createLabelsPool();
	return {items: listed.items.map(object => storedObject(object, labelsPool)), resourceVersion: listed.resourceVersion};
}

/** Keeps the stored objects the selector matches (all of them, unparsed, for an empty selector). */
export function selectStored(items: readonly StoredObject[], selector: Selector): readonly StoredObject[] {
	if (selector.fields.length === 0 && selector.labels.length === 0) return items;
	const cheap = answersWithoutParsing(selector.fields.map(requirement => requirement.key));
	return items.filter(item => matchesSelector(cheap ? summaryObject(item) : parseStored(item), selector));
}

/** `JSON.stringify({...head, items})` where items are already JSON text; `head` must be a non-empty object. */
export function spliceItems(head: Readonly<Record<string, unknown>>, items: readonly StoredObject[]): string {
	const opening = JSON.stringify(head);
	const parts = new Array<string>(items.length);
	for (let index = 0; index < items.length; index++) parts[index] = items[index]!.json;
	return `${opening.slice(0, -1)},"items":[${parts.join(',')}]}`;
}
