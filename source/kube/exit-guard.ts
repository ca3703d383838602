/**
 * Runs cleanup (delete this run's debug pods) exactly once when the process is told to go: SIGINT, SIGTERM,
 * SIGHUP, an uncaught exception or unhandled rejection. Then exits with the usual code (128 + signal, or 1).
 * Cleanup is bounded by a timeout so a dead API server cannot hold the exit; a second signal exits at once
 * (an error while cleaning does not: it is printed and cleanup goes on).
 * SIGHUP means the terminal is gone: its reads and writes fail from then on (ignored, never an uncaught
 * error), and the stdio descriptors are closed before exiting so Node does not try to restore the dead
 * terminal's mode and abort (nodejs/node#51519, ResetStdio).
 */
import {closeSync} from 'node:fs';
import {sanitizeBlock} from '../text/sanitize.js';

type Target = {
	on(event: string, listener: (...args: unknown[]) => void): unknown;
	off(event: string, listener: (...args: unknown[]) => void): unknown;
};

export type ExitGuardOptions = {
	/** Default: process. */
	readonly target?: Target;
	/** Default: process.exit (after a hang-up: with stdio closed first). */
	readonly exit?: (code: number) => void;
	readonly stderr?: {write(text: string): unknown};
	/** Longest wait for cleanup before exiting anyway (default 5 s). */
	readonly timeoutMs?: number;
	/** Runs once after cleanup finished or timed out, before any exit: say what was left behind. */
	readonly afterCleanup?: () => void;
};

export type ExitGuard = {
	/** Runs cleanup now (once; later calls share the first run). */
	readonly runCleanup: () => Promise<void>;
	/** Removes the handlers (after a normal exit path ran cleanup itself). */
	readonly dispose: () => void;
};

const signalCodes: Readonly<Record<string, number>> = {SIGINT: 130, SIGTERM: 143, SIGHUP: 129};

/** The terminal hung up: its streams' errors (EIO) are expected from now on, never uncaught. */
function ignoreDeadTerminal(): void {
	for (const stream of [process.stdin, process.stdout, process.stderr]) stream.on('error', () => undefined);
}

/**
 * Closes fds 0-2 so that Node's exit skips restoring a terminal that no longer exists: ResetStdio skips a
 * closed descriptor, but asserts when tcsetattr on the hung-up terminal fails (nodejs/node#51519).
 */
function closeStdio(): void {
	for (const fd of [0, 1, 2]) {
		try {
			closeSync(fd);
		} catch {
			// already closed
		}
	}
}

export function installExitGuard(cleanup: () => Promise<void>, options: ExitGuardOptions = {}): ExitGuard {
	const target: Target = options.target ?? (process as unknown as Target);
	let hungUp = false;
	const exit =
		options.exit ??
		((code: number) => {
			if (hungUp) closeStdio();
			process.exit(code);
		});
	const stderr = options.stderr ?? process.stderr;
	const timeoutMs = options.timeoutMs ?? 5000;
	let cleaning: Promise<void> | null = null;
	let exiting = false;

	const runCleanup = async () => {
		cleaning ??= (async () => {
			let timer: NodeJS.Timeout | undefined;
			const timeout = new Promise<void>(resolve => {
				timer = setTimeout(() => {
					stderr.write('netinspect: cleanup did not finish in time; run `netinspect cleanup` to remove leftovers\n');
					resolve();
				}, timeoutMs);
			});
			try {
				await Promise.race([cleanup().catch((error: unknown) => {
					stderr.write(`netinspect: cleanup failed: ${sanitizeBlock(error instanceof Error ? error.message : String(error))}\n`);
				}), timeout]);
			} finally {
				clearTimeout(timer);
			}
			try {
				options.afterCleanup?.();
			} catch (error) {
				stderr.write(`netinspect: ${sanitizeBlock(error instanceof Error ? error.message : String(error))}\n`);
			}
		})();
		return cleaning;
	};

	const leave = (code: number, bySignal: boolean) => {
		if (exiting) {
			if (bySignal) exit(code); // a second signal while cleaning: go now
			return;
		}
		exiting = true;
		void runCleanup().finally(() => exit(code));
	};

	const handlers: [string, (...args: unknown[]) => void][] = [
		...Object.entries(signalCodes).map(([signal, code]): [string, () => void] => [
			signal,
			() => {
				if (signal === 'SIGHUP') {
					if (!hungUp && options.exit === undefined) ignoreDeadTerminal();
					hungUp = true;
					if (exiting) return; // already leaving: the terminal closing is no reason to cut cleanup short
				}
				leave(code, true);
			},
		]),
		[
			'uncaughtException',
			(error: unknown) => {
				stderr.write(`netinspect: ${sanitizeBlock(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
				leave(1, false);
			},
		],
		[
			'unhandledRejection',
			(reason: unknown) => {
				stderr.write(`netinspect: unhandled rejection: ${sanitizeBlock(reason instanceof Error ? (reason.stack ?? reason.message) : String(reason))}\n`);
				leave(1, false);
			},
		],
	];
	for (const [event, handler] of handlers) target.on(event, handler);

	return {
		runCleanup,
		dispose() {
			for (const [event, handler] of handlers) target.off(event, handler);
		},
	};
}
