/**
 * An object as the lab keeps it at rest: its JSON text (what the API serves, byte for byte) and the few
 * fields lists and selectors read, so a LIST of 150,000 pods neither parses nor serializes them.
 * One string and one small record per object instead of ~100 heap objects: V8's major GCs mark objects,
 * so a lab of 150,000 pods idles without re-marking millions of them (issue 11).
 */
import type {KubeObject} from './cluster-types.js';

export type StoredObject = {
	readonly json: string;
	readonly namespace: string | null;
	readonly name: string;
	/** Shared between objects whose labels are equal (the replicas of one ReplicaSet). */
	readonly labels: Readonly<Record<string, string>> | null;
	readonly nodeName: string | null;
	readonly phase: string | null;
};

/** Field selector keys a StoredObject answers without parsing its JSON. */
const summaryFields: ReadonlySet<string> = new Set(['metadata.name', 'metadata.namespace', 'spec.nodeName', 'status.phase']);

export function answersWithoutParsing(fieldKeys: readonly string[]): boolean {
	return fieldKeys.every(key => summaryFields.has(key));
}

/** Keeps one labels object per distinct content. */
export type LabelsPool = (labels: Readonly<Record<string, string>> | undefined) => Readonly<Record<string, string>> | null;

export function createLabelsPool(): LabelsPool {
	const pool = new Map<string, Readonly<Record<string, string>>>();
	return (labels) => {
		if (!labels) return null;
		const key = JSON.stringify(labels);
		let shared = pool.get(key);
		if (!shared) {
			shared = Object.freeze({...labels});
			// A pool of every label set ever seen would grow with churned names; past this, stop sharing new ones.
			if (pool.size < 100_000) pool.set(key, shared);
		}
		return shared;
	};
}

function field(object: KubeObject, part: 'spec' | 'status', name: string): string | null {
	const holder = object[part];
	if (holder === null || typeof holder !== 'object') return null;
	const value = (holder as Record<string, unknown>)[name];
	return typeof value === 'string' ? value : null;
}

/**
 * The same text in one flat piece. JSON.stringify and template literals build ropes (V8 ConsStrings: a
 * 2.4 KB pod is ~10 heap objects, 13 % larger); converting to a number makes V8 flatten the string in place.
 */
export function flatString(text: string): string {
	Number(text);
	return text;
}

/** `json` defaults to JSON.stringify(object). */
export function storedObject(object: KubeObject, labelsPool: LabelsPool, json = JSON.stringify(object)): StoredObject {
	return {
		json: flatString(json),
		namespace: object.metadata.namespace ?? null,
		name: flatString(object.metadata.name),
		labels: labelsPool(object.metadata.labels),
		nodeName: field(object, 'spec', 'nodeName'),
		phase: field(object, 'status', 'phase'),
	};
}

export function parseStored(stored: StoredObject): KubeObject {
	return JSON.parse(stored.json) as KubeObject;
}

/** The summary shaped as an object (only the fields it has), for selector matching without the JSON. */
export function summaryObject(stored: StoredObject): KubeObject {
	return {
		apiVersion: '',
		kind: '',
		metadata: {
			name: stored.name,
			uid: '',
			resourceVersion: '',
			creationTimestamp: '',
			...(stored.namespace === null ? {} : {namespace: stored.namespace}),
			...(stored.labels === null ? {} : {labels: stored.labels}),
		},
		...(stored.nodeName === null ? {} : {spec: {nodeName: stored.nodeName}}),
		...(stored.phase === null ? {} : {status: {phase: stored.phase}}),
	};
}
