/**
 * Deep equality of plain data (what the parsers return: objects, arrays, strings, numbers, booleans, null).
 * Used to keep the previous route table object when a refresh read the same table, so what is memoised on
 * it (verdicts) is not computed again. Pure.
 */
export function plainEqual(a: unknown, b: unknown): boolean {
	if (Object.is(a, b)) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	if (Array.isArray(a) && Array.isArray(b)) {
		if (a.length !== b.length) return false;
		for (let index = 0; index < a.length; index++) {
			if (!plainEqual(a[index], b[index])) return false;
		}
		return true;
	}
	const left = a as Readonly<Record<string, unknown>>;
	const right = b as Readonly<Record<string, unknown>>;
	const keys = Object.keys(left);
	if (keys.length !== Object.keys(right).length) return false;
	for (const key of keys) {
		if (!Object.hasOwn(right, key) || !plainEqual(left[key], right[key])) return false;
	}
	return true;
}
