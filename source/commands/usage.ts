/** What every command's flag handling shares, without meow (plain-flags.ts reads most command lines without it). */
export class UsageError extends Error {}

export function wantsHelp(argv: readonly string[]): boolean {
	return argv.includes('--help') || argv.includes('-h');
}

/** Longest --timeout of routes and trace: a day (the pod's time-to-live follows it; timers hold at most 2^31-1 ms). */
export const maxTimeoutSeconds = 86_400;
