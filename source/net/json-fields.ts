/**
 * Typed reads from untrusted JSON objects (`ip -j` output): a field of the wrong type is reported, never
 * trusted. Pure; never throws.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects "field has the wrong type" problems while reading one object. */
export class FieldReader {
	readonly problems: string[] = [];
	readonly #object: JsonObject;

	constructor(object: JsonObject) {
		this.#object = object;
	}

	has(key: string): boolean {
		return Object.hasOwn(this.#object, key) && this.#object[key] !== undefined;
	}

	/** A string field; numbers are accepted as their decimal text when `numbersToo` (protocol, table). */
	string(key: string, numbersToo = false): string | null {
		if (!this.has(key)) return null;
		const value = this.#object[key];
		if (typeof value === 'string') return value;
		if (numbersToo && typeof value === 'number' && Number.isFinite(value)) return String(value);
		if (value !== null) this.problems.push(`${key} is not a string`);
		return null;
	}

	/** A non-negative integer field no larger than `max`. */
	integer(key: string, max: number = Number.MAX_SAFE_INTEGER): number | null {
		if (!this.has(key)) return null;
		const value = this.#object[key];
		if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max) return value;
		if (value !== null) this.problems.push(`${key} is not an integer in 0..${max}`);
		return null;
	}

	/** An array of strings (other entries are dropped and reported). */
	strings(key: string): string[] {
		if (!this.has(key)) return [];
		const value = this.#object[key];
		if (!Array.isArray(value)) {
			this.problems.push(`${key} is not an array`);
			return [];
		}
		const result = value.filter((entry): entry is string => typeof entry === 'string');
		if (result.length !== value.length) this.problems.push(`${key} holds non-strings`);
		return result;
	}

	/** An array of objects (other entries are dropped and reported). */
	objects(key: string): JsonObject[] {
		if (!this.has(key)) return [];
		const value = this.#object[key];
		if (!Array.isArray(value)) {
			this.problems.push(`${key} is not an array`);
			return [];
		}
		const result = value.filter(entry => isObject(entry));
		if (result.length !== value.length) this.problems.push(`${key} holds non-objects`);
		return result;
	}

	object(key: string): JsonObject | null {
		if (!this.has(key)) return null;
		const value = this.#object[key];
		if (isObject(value)) return value;
		this.problems.push(`${key} is not an object`);
		return null;
	}

	boolean(key: string): boolean {
		return this.#object[key] === true;
	}
}

/** Short text of a JSON value for a warning (JSON.stringify can throw on BigInt; not here, but be safe). */
export function jsonSnippet(value: unknown): string {
	try {
		return JSON.stringify(value)?.slice(0, 300) ?? String(value);
	} catch {
		return String(value);
	}
}
