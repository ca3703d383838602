/**
 * The README's fenced blocks and the command lines of its shell blocks. A command line is every line of a
 * ```sh block that is not blank and not a comment; a trailing `\` joins the next line. Trailing comments
 * are dropped, so the command text is what a reader would type.
 */
import {withoutComment} from './shell-words.js';

export type FencedBlock = {
	/** The info string's first word (`sh`, `text`, `yaml`, …), '' when none. */
	readonly language: string;
	/** 1-based line of the opening fence. */
	readonly line: number;
	readonly lines: readonly string[];
};

export type ReadmeCommand = {
	/** The command as typed, comment dropped, continuation lines joined with one space. */
	readonly text: string;
	/** 1-based README line where it starts. */
	readonly line: number;
};

/** Info strings whose blocks hold commands: all of them count, so none can hide in a `bash` block. */
export const shellLanguages: ReadonlySet<string> = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);

export function fencedBlocks(markdown: string): readonly FencedBlock[] {
	const blocks: FencedBlock[] = [];
	const lines = markdown.split('\n');
	let open: {fence: string; language: string; line: number; lines: string[]} | null = null;
	lines.forEach((text, index) => {
		const fence = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/.exec(text);
		if (open === null) {
			if (fence) open = {fence: fence[1] ?? '```', language: (fence[2] ?? '').toLowerCase(), line: index + 1, lines: []};
			return;
		}
		if (fence && (fence[1] ?? '').startsWith(open.fence) && (fence[2] ?? '') === '') {
			blocks.push({language: open.language, line: open.line, lines: open.lines});
			open = null;
			return;
		}
		open.lines.push(text);
	});
	if (open !== null) throw new Error(`README: the block opened at line ${(open as {line: number}).line} is never closed`);
	return blocks;
}

export function commandsOfBlock(block: FencedBlock): readonly ReadmeCommand[] {
	const commands: ReadmeCommand[] = [];
	let pending: {text: string; line: number} | null = null;
	block.lines.forEach((raw, index) => {
		const line = block.line + 1 + index;
		const text = withoutComment(raw);
		if (pending === null && text === '') return;
		const continued = text.endsWith('\\');
		const part = continued ? text.slice(0, -1).trim() : text;
		pending = pending === null ? {text: part, line} : {text: `${pending.text} ${part}`.trim(), line: pending.line};
		if (!continued) {
			commands.push(pending);
			pending = null;
		}
	});
	if (pending !== null) commands.push(pending);
	return commands;
}

export function readmeCommands(markdown: string): readonly ReadmeCommand[] {
	return fencedBlocks(markdown)
		.filter(block => shellLanguages.has(block.language))
		.flatMap(block => commandsOfBlock(block));
}

/** The text between `<!-- name:start -->` and `<!-- name:end -->`, trimmed, or null. */
export function markedSection(markdown: string, name: string): string | null {
	const start = markdown.indexOf(`<!-- ${name}:start -->`);
	const end = markdown.indexOf(`<!-- ${name}:end -->`);
	if (start === -1 || end === -1 || end < start) return null;
	return markdown.slice(start + `<!-- ${name}:start -->`.length, end).trim();
}
