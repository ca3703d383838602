/** In-process command IO for the routes/cleanup tests: captured stdout and stderr. */
import {PassThrough, Writable} from 'node:stream';
import type {CommandIo} from '../../source/commands/command.js';

export type CapturedIo = CommandIo & {readonly out: () => string; readonly err: () => string};

export function captureIo(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): CapturedIo {
	let out = '';
	let err = '';
	const sink = (append: (text: string) => void) =>
		new Writable({
			write(chunk: Buffer, _encoding, callback) {
				append(chunk.toString('utf8'));
				callback();
			},
		});
	return {
		argv,
		stdin: new PassThrough(),
		stdout: sink(text => (out += text)),
		stderr: sink(text => (err += text)),
		env,
		out: () => out,
		err: () => err,
	};
}
