/**
 * Runs a command with the terminal passed through and writes how it ended (exit code or signal name) to a
 * file: tmux 3.3 does not always reap a pane's process, so `#{pane_dead_status}` can stay empty.
 * Usage: node --import tsx record-exit.ts STATUS_FILE COMMAND [ARGS...]
 */
import {spawn} from 'node:child_process';
import {writeFileSync} from 'node:fs';

const [statusFile, command, ...args] = process.argv.slice(2);
if (statusFile === undefined || command === undefined) {
	process.stderr.write('usage: record-exit.ts STATUS_FILE COMMAND [ARGS...]\n');
	process.exit(2);
}
const child = spawn(command, args, {stdio: 'inherit'});
// A closed terminal hangs up the session leader (this wrapper): like a shell, pass SIGHUP on to the child
// and stay to record how it ended.
process.on('SIGHUP', () => child.kill('SIGHUP'));
child.on('exit', (code, signal) => {
	writeFileSync(statusFile, signal ?? String(code));
	process.exitCode = code ?? 1;
});
