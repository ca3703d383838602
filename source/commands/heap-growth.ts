/**
 * How far the inspector's heap may grow between two full collections. V8 picks a factor of up to 2-4 for a
 * heap of this size: with 150,000 pods the live heap is ~300 MB, and under 2,000 pod changes a second (each
 * published pod list a new 1.2 MB array) the process reached 700-840 MB before V8 collected, though what it
 * kept stayed the same. Half keeps it near 525 MB (one run) for ~2 % more CPU under the storm. It must be
 * set from the start: V8 reads it when a full collection sets the next limit, so switching it on when a
 * storm begins leaves the limit the last collection set. Effects only.
 */
import {setFlagsFromString} from 'node:v8';

export const heapGrowingPercent = 50;

/** The V8 flag to set, or null when the user chose their own (node flags or NODE_OPTIONS). */
export function heapGrowthFlag(execArgv: readonly string[], nodeOptions: string | undefined): string | null {
	const chosen = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some(flag => /^--heap[-_]growing[-_]percent\b/.test(flag));
	return chosen ? null : `--heap-growing-percent=${heapGrowingPercent}`;
}

/**
 * Sets the flag for this process (once is enough; V8 reads it at every full collection). Its effect is a
 * measurement, in `npm run bench` (peak RSS under the storm), not a test: on a synthetic churning heap it took
 * the peak from ~210 to ~160 MB under Node 20, and from ~250 to 200-230 MB under Node 24, where it varies.
 */
export function limitHeapGrowth(
	execArgv: readonly string[] = process.execArgv,
	nodeOptions = process.env['NODE_OPTIONS'],
	setFlag: (flag: string) => void = setFlagsFromString,
): void {
	const flag = heapGrowthFlag(execArgv, nodeOptions);
	if (flag !== null) setFlag(flag);
}
