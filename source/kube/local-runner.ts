/**
 * A CommandRunner for this machine (`netinspect routes --local`, run on a node itself): execa with argument
 * arrays, never a shell; a missing program is exit 127, like in a container.
 */
import {execa} from 'execa';
import type {ExecResult} from './exec.js';
import type {CommandRunner} from './probe.js';
import {sanitizeLine} from '../text/sanitize.js';

export const localCommandRunner: CommandRunner = async (command, timeoutMs, signal): Promise<ExecResult> => {
	const [file, ...args] = command;
	if (file === undefined) throw new Error('empty command');
	const result = await execa(file, args, {
		reject: false,
		timeout: timeoutMs,
		stdin: 'ignore',
		maxBuffer: 4 * 1024 * 1024,
		env: {LC_ALL: 'C'},
		...(signal ? {cancelSignal: signal} : {}),
	});
	const missing = (result as {code?: string}).code === 'ENOENT';
	if (result.timedOut) {
		return {outcome: 'timeout', exitCode: null, stdout: '', stderr: '', truncated: false, error: `timed out after ${timeoutMs} ms`, httpStatus: null};
	}
	if (result.isCanceled) {
		return {outcome: 'aborted', exitCode: null, stdout: '', stderr: '', truncated: false, error: 'aborted', httpStatus: null};
	}
	return {
		outcome: 'exited',
		exitCode: missing ? 127 : (result.exitCode ?? null),
		stdout: String(result.stdout ?? ''),
		stderr: String(result.stderr ?? ''),
		truncated: result.isMaxBuffer === true,
		error: missing ? `${sanitizeLine(file, 80)}: not found` : null,
		httpStatus: null,
	};
};
