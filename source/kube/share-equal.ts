/**
 * Structural sharing between two versions of a row: the parts of `next` equal (plainEqual) to `previous`'s
 * are taken from `previous`. Under an event storm (2,000 pod changes a second, most of them a restart count)
 * a changed row then holds the strings, IP lists and network fields of the row it replaces, so only the row
 * object itself is new: the copies parsed from the event die young instead of piling up in the old
 * generation, and what is memoised on the unchanged parts (a pod's `cluster` part) keeps its identity. Pure.
 */
import {plainEqual} from './plain-equal.js';

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `previous` itself when equal; else `next` with equal parts (object fields, recursively) from `previous`.
 * One walk: an object is equal when it has the same keys and every field came back as `previous`'s own
 * (this runs for every watch event, so the row is not compared whole first and then again field by field).
 */
export function shareEqual<T>(previous: T, next: T): T {
	if (Object.is(previous, next)) return previous;
	if (!isPlainObject(previous) || !isPlainObject(next)) return plainEqual(previous, next) ? previous : next;
	const keys = Object.keys(next);
	let same = keys.length === Object.keys(previous).length;
	const shared: Record<string, unknown> = {};
	for (const key of keys) {
		const value = Object.hasOwn(previous, key) ? shareEqual(previous[key], next[key]) : next[key];
		if (!Object.hasOwn(previous, key) || !Object.is(value, previous[key])) same = false;
		shared[key] = value;
	}
	return same ? previous : (shared as T);
}
