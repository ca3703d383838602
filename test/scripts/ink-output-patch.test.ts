/**
 * scripts/ink-output-patch.mjs (the build's reuse across frames in Ink's output): it still applies to the
 * installed Ink, and the patched Output gives the same frames as Ink's own for the same writes, frame after
 * frame (unchanged rows, a ticking clock, colours, clipping, wide characters, a shrinking row).
 */
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';
// @ts-expect-error a build script in plain JavaScript, without types
import {patchInkFile, patchedInkFiles} from '../../scripts/ink-output-patch.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const inkBuild = join(root, 'node_modules', 'ink', 'build');
// Inside node_modules, so that the patched copy finds Ink's dependencies the way Ink does.
mkdirSync(join(root, 'node_modules', '.cache'), {recursive: true});
const directory = mkdtempSync(join(root, 'node_modules', '.cache', 'ink-output-patch-'));

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

type Clip = {x1: number | undefined; x2: number | undefined; y1: number | undefined; y2: number | undefined};
type OutputInstance = {
	write: (x: number, y: number, text: string, options: {transformers: Array<(line: string, index: number) => string>}) => void;
	clip: (clip: Clip) => void;
	unclip: () => void;
	get: () => {output: string; height: number};
};
type OutputClass = new (options: {width: number; height: number}) => OutputInstance;

const patch = patchInkFile as (file: string, source: string) => string;

/** Ink's build file, patched, written beside the original's dependencies (relative imports point at Ink's). */
async function loadPatched(file: string): Promise<Record<string, unknown>> {
	const source = patch(file, readFileSync(join(inkBuild, file), 'utf8')).replaceAll(
		/from '\.\/([^']+)'/g,
		(_, name: string) => `from '${pathToFileURL(join(inkBuild, name)).href}'`,
	);
	const target = join(directory, file.replace(/\.js$/, '.mjs'));
	writeFileSync(target, source);
	return import(pathToFileURL(target).href) as Promise<Record<string, unknown>>;
}

const green = (text: string) => `\u001B[32m${text}\u001B[39m`;
const bold = (text: string) => `\u001B[1m${text}\u001B[22m`;

/** One frame's writes: a header with a clock, table rows (some coloured), a clipped pane, wide characters. */
function frame(output: OutputInstance, second: number, rows: number): void {
	output.write(0, 0, `${bold('netinspect')} ctx lab · ${green(`● live ${second}s`)}`, {transformers: []});
	for (let row = 0; row < rows; row++) {
		output.write(2, 1 + row, `pod-${row}  192.168.1.${row}  ${row % 3 === 0 ? green('Running') : 'Pending'}`, {transformers: []});
	}
	output.clip({x1: 4, x2: 30, y1: 8, y2: 11});
	output.write(2, 8, `a clipped line that is longer than its pane ${second % 2 === 0 ? 'even' : 'odd'}\n日本語の行 ✕ → ▸\n${green('colour across the clip edge')}`, {transformers: []});
	output.unclip();
	output.write(0, 12, `refreshed ${second % 5}s ago`, {transformers: [(line: string) => line.toUpperCase()]});
}

describe('the build patch of Ink', () => {
	it('applies to the installed Ink, and says which part changed when it does not', () => {
		for (const file of patchedInkFiles as string[]) {
			expect(patch(file, readFileSync(join(inkBuild, file), 'utf8'))).toContain('netinspect');
		}
		expect(() => patch('output.js', 'export default class Output {}')).toThrow(/Ink's output\.js no longer has .*update scripts\/ink-output-patch\.mjs/);
	});

	it("frames the same text as Ink's own Output, frame after frame", async () => {
		const original = (await import(pathToFileURL(join(inkBuild, 'output.js')).href) as {default: OutputClass}).default;
		const patched = (await loadPatched('output.js')).default as OutputClass;
		const steps: Array<{second: number; rows: number}> = [
			{second: 1, rows: 6},
			{second: 1, rows: 6},
			{second: 2, rows: 6},
			{second: 3, rows: 4},
			{second: 3, rows: 7},
			{second: 4, rows: 7},
		];
		for (const step of steps) {
			const frames = [original, patched].map(Output => {
				const output = new Output({width: 40, height: 14});
				frame(output, step.second, step.rows);
				return output.get();
			});
			expect(frames[1]).toEqual(frames[0]);
			expect(frames[0]!.output).toContain(`● live ${step.second}s`);
		}
	});

	it('leaves the measuring module whole (it loads, with the width cache in place)', async () => {
		const module = await loadPatched('render-node-to-output.js');
		expect(module['default']).toBeTypeOf('function');
	});
});
