/**
 * Reads a FILE argument, where `-` means standard input (read once). Every input is bounded: it is read in
 * chunks up to a byte limit (a file, a device such as /dev/urandom, a FIFO and stdin alike), decoded as strict
 * UTF-8 as it arrives, and refused at the first sign that it is not text (a NUL byte, an invalid UTF-8
 * sequence). Errors become one readable line (InputError).
 */
import {createReadStream} from 'node:fs';

export type InputText = {readonly label: string; readonly text: string};

/**
 * The most one input may hold: a full BGP table (~1M routes) is ~77 MB as `route -n`, ~50 MB as `ip route` and
 * ~85 MB as `ip -j route`; `kubectl get pods -A -o json` of ~15,000 pods fits too.
 */
export const maxInputBytes = 128 * 1024 * 1024;

const chunkBytes = 1024 * 1024;

export class InputError extends Error {}

/** Why `stream`'s bytes are not what we read; thrown from the read loop and worded by readInputs. */
class NotTextError extends Error {}

function megabytes(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${bytes} bytes`;
}

/** Reads `stream` as strict UTF-8 text of at most `maxBytes` bytes; stops at the first byte that breaks either. */
async function readText(stream: NodeJS.ReadableStream, maxBytes: number): Promise<string> {
	const decoder = new TextDecoder('utf-8', {fatal: true});
	const parts: string[] = [];
	let size = 0;
	for await (const chunk of stream) {
		const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
		const nul = buffer.indexOf(0);
		if (nul !== -1) throw new NotTextError(`not text (a NUL byte at offset ${size + nul})`);
		size += buffer.length;
		if (size > maxBytes) throw new NotTextError(`larger than ${megabytes(maxBytes)}, the limit for one input`);
		try {
			parts.push(decoder.decode(buffer, {stream: true}));
		} catch {
			throw new NotTextError(`not text (invalid UTF-8 before offset ${size})`);
		}
	}
	try {
		parts.push(decoder.decode());
	} catch {
		throw new NotTextError('not text (ends inside a UTF-8 sequence)');
	}
	return parts.join('');
}

function reasonOf(error: unknown): string {
	if (error instanceof NotTextError) return error.message;
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'ENOENT') return 'no such file';
	if (code === 'EISDIR') return 'is a directory';
	if (code === 'EACCES') return 'permission denied';
	return error instanceof Error ? error.message : String(error);
}

export type ReadOptions = {
	/** Byte limit per input (defaults to {@link maxInputBytes}). */
	readonly maxBytes?: number;
};

/** Reads every path once; `-` may appear at most once overall. */
export async function readInputs(
	paths: readonly string[],
	stdin: NodeJS.ReadableStream,
	options: ReadOptions = {},
): Promise<Map<string, InputText>> {
	const maxBytes = options.maxBytes ?? maxInputBytes;
	const texts = new Map<string, InputText>();
	if (paths.filter(path => path === '-').length > 1) throw new InputError('"-" (stdin) can be given only once');
	for (const path of new Set(paths)) {
		const label = path === '-' ? 'stdin' : path;
		const stream = path === '-' ? stdin : createReadStream(path, {highWaterMark: chunkBytes});
		try {
			texts.set(path, {label, text: await readText(stream, maxBytes)});
		} catch (error) {
			throw new InputError(`cannot read ${label}: ${reasonOf(error)}`);
		} finally {
			if (path !== '-') (stream as ReturnType<typeof createReadStream>).destroy();
		}
	}
	return texts;
}
