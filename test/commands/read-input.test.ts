import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough, Readable} from 'node:stream';
import {afterAll, describe, expect, it} from 'vitest';
import {InputError, readInputs} from '../../source/commands/read-input.js';

const folder = mkdtempSync(join(tmpdir(), 'netinspect-read-input-'));
afterAll(() => rmSync(folder, {recursive: true, force: true}));

function file(name: string, content: string | Buffer): string {
	const path = join(folder, name);
	writeFileSync(path, content);
	return path;
}

const noStdin = () => Readable.from([]);

async function readError(paths: string[], stdin: NodeJS.ReadableStream = noStdin(), maxBytes?: number): Promise<string> {
	const error = await readInputs(paths, stdin, {maxBytes}).then(
		() => null,
		(caught: unknown) => caught,
	);
	expect(error).toBeInstanceOf(InputError);
	return (error as Error).message;
}

describe('readInputs', () => {
	it('reads UTF-8 text from files and stdin, a BOM dropped', async () => {
		const path = file('routes.txt', '\uFEFFKernel IP routing table\nünïcode\n');
		const stdin = new PassThrough();
		stdin.end('from stdin');
		const texts = await readInputs([path, '-'], stdin);
		expect(texts.get(path)).toEqual({label: path, text: 'Kernel IP routing table\nünïcode\n'});
		expect(texts.get('-')).toEqual({label: 'stdin', text: 'from stdin'});
	});

	it('refuses a file larger than the limit, and reads one at the limit', async () => {
		const path = file('big.txt', 'x'.repeat(4096));
		expect(await readError([path], noStdin(), 4095)).toBe(`cannot read ${path}: larger than 4095 bytes, the limit for one input`);
		expect((await readInputs([path], noStdin(), {maxBytes: 4096})).get(path)?.text).toHaveLength(4096);
	});

	it('refuses stdin past the limit without reading all of it', async () => {
		let pulled = 0;
		const endless = new Readable({
			read() {
				pulled++;
				this.push(Buffer.alloc(64 * 1024, 0x41));
			},
		});
		expect(await readError(['-'], endless, 1024 * 1024)).toBe('cannot read stdin: larger than 1 MiB, the limit for one input');
		expect(pulled).toBeLessThan(40);
	});

	it('refuses binary data: a NUL byte, invalid UTF-8, a cut sequence', async () => {
		expect(await readError([file('nul.bin', Buffer.from('route\u0000x'))])).toMatch(/: not text \(a NUL byte at offset 5\)$/);
		expect(await readError([file('latin1.bin', Buffer.from([0x61, 0xff, 0x62]))])).toMatch(/: not text \(invalid UTF-8 before offset 3\)$/);
		expect(await readError([file('cut.bin', Buffer.from([0x61, 0xe2, 0x82]))])).toMatch(/: not text \(ends inside a UTF-8 sequence\)$/);
	});

	it('stops at once on an endless device such as /dev/urandom', async context => {
		if (!existsSync('/dev/urandom')) {
			context.skip('no /dev/urandom on this system');
			return;
		}
		expect(await readError(['/dev/urandom'])).toMatch(/^cannot read \/dev\/urandom: not text/);
	});

	it('names a missing file, a directory, and stdin given twice', async () => {
		expect(await readError([join(folder, 'nope.txt')])).toMatch(/: no such file$/);
		expect(await readError([folder])).toMatch(/: is a directory$/);
		expect(await readError(['-', '-'])).toBe('"-" (stdin) can be given only once');
	});
});
