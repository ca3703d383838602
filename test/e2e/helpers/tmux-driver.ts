/**
 * A private tmux server (unique `-L` socket) for e2e tests: start a command in a session, type keys, read the
 * screen, and wait for a condition on it; never a fixed sleep.
 */
import {rmSync} from 'node:fs';
import {join} from 'node:path';
import {execa} from 'execa';

export type TmuxDriver = {
	readonly socket: string;
	readonly run: (...args: string[]) => Promise<string>;
	/** A detached session of `columns` x `rows` running `command` in `cwd`; the pane stays after it exits. */
	readonly start: (session: string, cwd: string, command: readonly string[], columns?: number, rows?: number) => Promise<void>;
	readonly screen: (session: string, history?: boolean) => Promise<string>;
	readonly keys: (session: string, ...keys: string[]) => Promise<void>;
	readonly waitForScreen: (session: string, predicate: (text: string) => boolean, timeoutMs?: number) => Promise<string>;
	/** The pid of the process tmux started in the session's pane. */
	readonly panePid: (session: string) => Promise<number>;
	readonly killSession: (session: string) => Promise<void>;
	/** Kills the server and removes the socket file tmux 3.3 may leave behind. */
	readonly close: () => Promise<void>;
};

/** Polls `probe` every 100 ms until it returns a value other than undefined; throws `describe()` after the timeout. */
export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, describe: () => Promise<string> | string): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		// eslint-disable-next-line no-await-in-loop
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) {
			// eslint-disable-next-line no-await-in-loop
			throw new Error(await describe());
		}
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 100);
		});
	}
}

export function createTmuxDriver(prefix: string): TmuxDriver {
	const socket = `${prefix}-${process.pid}-${Date.now()}`;
	const run = async (...args: string[]) => (await execa('tmux', ['-L', socket, ...args])).stdout;
	const screen = async (session: string, history = false) => run('capture-pane', '-p', '-t', session, ...(history ? ['-S', '-'] : []));
	return {
		socket,
		run,
		async start(session, cwd, command, columns = 160, rows = 45) {
			await run('new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), '-c', cwd, ...command);
			// The server stays up when its last session is killed (close() ends it): otherwise the next new-session
			// can reach a server that is shutting down and fail with "server exited unexpectedly".
			await run('set-option', '-g', 'exit-empty', 'off');
			await run('set-option', '-t', session, 'remain-on-exit', 'on');
		},
		screen,
		async keys(session, ...keys) {
			await run('send-keys', '-t', session, ...keys);
		},
		async waitForScreen(session, predicate, timeoutMs = 20_000) {
			let last = '';
			return waitFor(
				async () => {
					last = await screen(session);
					return predicate(last) ? last : undefined;
				},
				timeoutMs,
				() => `screen never matched; last screen:\n${last}`,
			);
		},
		async panePid(session) {
			return Number(await run('list-panes', '-t', session, '-F', '#{pane_pid}'));
		},
		async killSession(session) {
			await execa('tmux', ['-L', socket, 'kill-session', '-t', session], {reject: false});
		},
		async close() {
			await execa('tmux', ['-L', socket, 'kill-server'], {reject: false});
			rmSync(join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), {force: true});
		},
	};
}
