/**
 * Defensive readers for plain JSON that came from a cluster: never throw, never trust a type.
 * Objects may come from a watch (raw JSON) or a list decoded by client-node (Dates instead of strings).
 */
import {sanitizeText} from '../text/sanitize.js';

export type JsonRecord = Readonly<Record<string, unknown>>;

export function record(value: unknown): JsonRecord {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : {};
}

/** An object, or null when absent, null or not an object (`state.running: null` means not running). */
export function optionalRecord(value: unknown): JsonRecord | null {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : null;
}

export function list(value: unknown): readonly unknown[] {
	return Array.isArray(value) ? value : [];
}

/** A sanitized string, or null when absent or not a string. */
export function text(value: unknown): string | null {
	return typeof value === 'string' ? sanitizeText(value) : null;
}

export function integer(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : null;
}

export function bool(value: unknown): boolean {
	return value === true;
}

/** RFC 3339 text or a Date → ms since epoch, or null. */
export function timestamp(value: unknown): number | null {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getTime();
	if (typeof value !== 'string') return null;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? null : ms;
}

/** A string map (labels, annotations) with keys and values sanitized; non-string values dropped. */
export function stringMap(value: unknown): Readonly<Record<string, string>> {
	const result = Object.create(null) as Record<string, string>;
	for (const [key, entry] of Object.entries(record(value))) {
		if (typeof entry === 'string') result[sanitizeText(key)] = sanitizeText(entry);
	}
	return result;
}
