/**
 * Problems that describe the input rather than one IP (`route -n` shows only the main table; host names
 * instead of addresses): views say them once instead of on every line.
 */
export const inputProblems: ReadonlySet<string> = new Set(['main-table-only', 'degraded-input']);
