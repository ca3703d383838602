/**
 * Children of a process, read from /proc (Linux): the e2e tests find the inspector's node process under the
 * exit-recording wrapper that tmux runs in the pane, to send it signals directly.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs';

/** Whether this system has a /proc to read process parents from. */
export const hasProcfs = existsSync('/proc/self/stat');

/** The parent pid in a /proc/PID/stat line; the command name may hold spaces and parentheses. */
export function parentPidOf(stat: string): number | null {
	const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const parent = Number(afterName[1]);
	return Number.isInteger(parent) ? parent : null;
}

/** Pids whose parent is `pid` (empty when it has none or is gone). */
export function childPids(pid: number): readonly number[] {
	const children: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat: string;
		try {
			stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue; // gone meanwhile
		}
		if (parentPidOf(stat) === pid) children.push(Number(entry));
	}
	return children;
}

/** The command line of `pid` (arguments joined by spaces), or '' when it is gone. */
export function commandLineOf(pid: number): string {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
	} catch {
		return '';
	}
}

/** Whether `pid` still exists (a zombie counts as gone: it has exited). */
export function isRunning(pid: number): boolean {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
		return state !== 'Z' && state !== 'X';
	} catch {
		return false;
	}
}
