/**
 * A build-time change to two of Ink's files: output.js, the class that turns a frame's text writes into the
 * screen's lines, and render-node-to-output.js, which measures each text before writing it. Ink builds every
 * frame from nothing: a fresh grid of one object per cell, every line tokenized and clipped again, every
 * text measured again, every row joined again, even when one clock digit moved (12 ms a frame for 160×45 on
 * the 2-core machine: most of the inspector's idle CPU). The patch keeps Ink's logic and adds reuse across
 * frames: one shared blank cell; tokenized lines, clipped lines and widths cached beyond one frame (bounded);
 * a row whose cells are the very objects of the previous frame's row keeps that row's string.
 * The frames are the same strings (test/scripts/ink-output-patch.test.ts runs both against Ink's own).
 */

/** Past this many entries a cache starts again (a long session's texts must not pile up). */
const cacheLimit = 20_000;

const boundedCache = (name, compute) => `
let ${name}Cache = new Map();
function ${name}(...args) {
    const key = args.join('\\u0000');
    let value = ${name}Cache.get(key);
    if (value === undefined) {
        value = ${compute};
        if (${name}Cache.size >= ${cacheLimit}) ${name}Cache = new Map();
        ${name}Cache.set(key, value);
    }
    return value;
}
`;

/** Per file of Ink: [what Ink 6.8 has, what it becomes] pairs and the helpers appended to the module. */
const patches = [
	{
		file: 'output.js',
		replacements: [
			['    caches = new OutputCaches();', '    caches = netinspectSharedCaches();'],
			[
				`                row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });`,
				'                row.push(netinspectBlank);',
			],
			['                            return sliceAnsi(line, from, to);', '                            return netinspectSliceAnsi(line, from, to);'],
			[
				`        const generatedOutput = output
            .map(line => {`,
				`        const generatedOutput = output
            .map((line, netinspectY) => {`,
			],
			['            return styledCharsToString(lineWithoutEmptyItems).trimEnd();', '            return netinspectRowString(netinspectY, lineWithoutEmptyItems);'],
		],
		helpers: `
// netinspect (scripts/ink-output-patch.mjs): reuse across frames.
const netinspectBlank = Object.freeze({type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([])});
let netinspectCaches;
function netinspectSharedCaches() {
    if (netinspectCaches === undefined || netinspectCaches.styledChars.size + netinspectCaches.widths.size + netinspectCaches.blockWidths.size > ${cacheLimit}) {
        netinspectCaches = new OutputCaches();
    }
    return netinspectCaches;
}
${boundedCache('netinspectSliceAnsi', 'sliceAnsi(args[0], args[1], args[2])')}
// The previous frame's rows by line: the same cell objects (unchanged text, blanks) make the same string.
let netinspectRows = [];
function netinspectRowString(y, chars) {
    const previous = netinspectRows[y];
    if (previous !== undefined && previous.chars.length === chars.length && previous.chars.every((char, index) => char === chars[index])) {
        return previous.text;
    }
    const text = styledCharsToString(chars).trimEnd();
    netinspectRows[y] = {chars, text};
    return text;
}
`,
	},
	{
		file: 'render-node-to-output.js',
		replacements: [['                const currentWidth = widestLine(text);', '                const currentWidth = netinspectWidestLine(text);']],
		helpers: `
// netinspect (scripts/ink-output-patch.mjs): a text's width, measured once.
${boundedCache('netinspectWidestLine', 'widestLine(args[0])')}`,
	},
];

/** The patched source of one of Ink's build files (by its name), or an Error naming what changed in Ink. */
export function patchInkFile(file, source) {
	const patch = patches.find(entry => entry.file === file);
	if (!patch) return source;
	let patched = source;
	for (const [from, to] of patch.replacements) {
		if (!patched.includes(from)) {
			throw new Error(`ink-output-patch: Ink's ${file} no longer has ${JSON.stringify(from.trim().split('\n')[0])}; update scripts/ink-output-patch.mjs`);
		}
		patched = patched.replace(from, to);
	}
	return `${patched}\n${patch.helpers}`;
}

export const patchedInkFiles = patches.map(patch => patch.file);

/** The esbuild plugin: Ink's output.js and render-node-to-output.js go through patchInkFile. */
export const inkOutputPlugin = {
	name: 'netinspect-ink-output',
	setup(build) {
		build.onLoad({filter: /[\\/]ink[\\/]build[\\/](output|render-node-to-output)\.js$/}, async ({path}) => {
			const {readFile} = await import('node:fs/promises');
			const {basename} = await import('node:path');
			return {contents: patchInkFile(basename(path), await readFile(path, 'utf8')), loader: 'js'};
		});
	},
};
