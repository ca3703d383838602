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

/** `previous` itself when equal; else `next` with equal parts (object fields, recursively) from `previous`. */
export function shareEqual<T>(previous: T, next: T): T {
	if (plainEqual(previous, next)) return previous;
	if (!isPlainObject(previous) || !isPlainObject(next)) return next;
	const shared: Record<string, unknown> = {};
	for (const key of Object.keys(next)) {
		shared[key] = Object.hasOwn(previous, key) ? shareEqual(previous[key], next[key]) : next[key];
	}
	return shared as T;
}
