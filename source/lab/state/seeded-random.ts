/** A small deterministic PRNG (mulberry32) for generated topologies: same seed, same cluster. */
export type Random = {
	/** Uniform in [0, 1). */
	readonly next: () => number;
	/** Uniform integer in [0, bound). */
	readonly int: (bound: number) => number;
	readonly pick: <T>(items: readonly T[]) => T;
};

export function seededRandom(seed: number): Random {
	let state = seed >>> 0;
	const next = (): number => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
	const int = (bound: number): number => Math.floor(next() * bound);
	return {next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)]!};
}
