/**
 * One copy of each string that repeats across many rows (node names, namespaces, phases, statuses): with
 * 150,000 pods, each parsed from its own JSON, the same few hundred strings would otherwise be held
 * 150,000 times. The pool is bounded: past `max` distinct strings it starts over.
 */
export type Interner = {
	readonly intern: (value: string) => string;
	/** Distinct strings held now. */
	readonly size: () => number;
};

export function createInterner(max = 20_000): Interner {
	const pool = new Map<string, string>();
	return {
		intern(value) {
			const found = pool.get(value);
			if (found !== undefined) return found;
			if (pool.size >= max) pool.clear();
			pool.set(value, value);
			return value;
		},
		size: () => pool.size,
	};
}

/** The interner the cluster rows share. */
export const {intern} = createInterner();
