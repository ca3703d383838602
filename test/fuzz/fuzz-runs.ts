/**
 * How many inputs each fuzz property generates: a few hundred in `npm test` (CI runs that), 100,000 or more
 * under `npm run fuzz` (FUZZ_RUNS=100000). A property keeps its fast-check seed in the failure message.
 */
const fromEnvironment = Number(process.env['FUZZ_RUNS'] ?? '');

export const fuzzRuns = Number.isInteger(fromEnvironment) && fromEnvironment > 0 ? fromEnvironment : 300;

/** Per-test time limit: the suite's default for the small count, no practical limit for a long fuzz run. */
export const fuzzTimeout = fuzzRuns > 1000 ? 60 * 60_000 : 30_000;
