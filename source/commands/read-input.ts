/** Reads a FILE argument, where `-` means standard input (read once). Errors become one readable line. */
import {readFile} from 'node:fs/promises';

export type InputText = {readonly label: string; readonly text: string};

const maxInputBytes = 64 * 1024 * 1024;

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
		size += buffer.length;
		if (size > maxInputBytes) throw new Error(`more than ${maxInputBytes} bytes`);
		chunks.push(buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

export class InputError extends Error {}

/** Reads every path once; `-` may appear at most once overall. */
export async function readInputs(paths: readonly string[], stdin: NodeJS.ReadableStream): Promise<Map<string, InputText>> {
	const texts = new Map<string, InputText>();
	if (paths.filter(path => path === '-').length > 1) throw new InputError('"-" (stdin) can be given only once');
	for (const path of new Set(paths)) {
		try {
			const text = path === '-' ? await readStream(stdin) : await readFile(path, 'utf8');
			texts.set(path, {label: path === '-' ? 'stdin' : path, text});
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
			throw new InputError(`cannot read ${path === '-' ? 'stdin' : path}: ${reason}`);
		}
	}
	return texts;
}
