/** Reads a request body into memory, refusing bodies above `limit` bytes. */
import type {IncomingMessage} from 'node:http';

export async function readBody(request: IncomingMessage, limit = 4 * 1024 * 1024): Promise<Buffer | null> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		const buffer = chunk as Buffer;
		size += buffer.length;
		if (size > limit) return null;
		chunks.push(buffer);
	}
	return Buffer.concat(chunks);
}
