/**
 * A small shell-words splitter for the README's command lines, so the README test runs them as argument
 * arrays (never through a shell). It understands what the README uses and refuses the rest loudly:
 * quotes ('…', "…" with \" \\ \$ \`), backslash escapes, `# comments` and one `< FILE` redirect of stdin.
 * Pipes, lists (`&&`, `;`), output redirects, expansions (`$X`, backticks) and globs are refused, so a README
 * line that needs a shell cannot be run by accident as something else.
 */

export type ShellLine = {
	readonly words: readonly string[];
	/** The file named by `< FILE`, if any. */
	readonly stdinFile: string | null;
};

export class ShellWordsError extends Error {}

/** Where an unquoted `#` starts a comment (at the start of a word), or -1. */
export function commentStart(line: string): number {
	let quote: "'" | '"' | null = null;
	for (let index = 0; index < line.length; index++) {
		const char = line[index];
		if (quote === "'") {
			if (char === "'") quote = null;
			continue;
		}
		if (char === '\\') {
			index++;
			continue;
		}
		if (quote === '"') {
			if (char === '"') quote = null;
			continue;
		}
		if (char === "'" || char === '"') quote = char;
		else if (char === '#' && (index === 0 || /\s/.test(line[index - 1] ?? ''))) return index;
	}
	return -1;
}

/** The line without its trailing comment, trimmed. */
export function withoutComment(line: string): string {
	const start = commentStart(line);
	return (start === -1 ? line : line.slice(0, start)).trim();
}

export function splitShellWords(line: string): ShellLine {
	const text = withoutComment(line);
	const words: string[] = [];
	let stdinFile: string | null = null;
	let expectStdinFile = false;
	let word: string | null = null;
	const finish = () => {
		if (word === null) return;
		if (expectStdinFile) {
			stdinFile = word;
			expectStdinFile = false;
		} else {
			if (stdinFile !== null) throw new ShellWordsError(`words after "< ${stdinFile}" in: ${text}`);
			words.push(word);
		}
		word = null;
	};
	for (let index = 0; index < text.length; index++) {
		const char = text[index] ?? '';
		if (/\s/.test(char)) {
			finish();
			continue;
		}
		if (char === "'") {
			const end = text.indexOf("'", index + 1);
			if (end === -1) throw new ShellWordsError(`unterminated ' in: ${text}`);
			word = (word ?? '') + text.slice(index + 1, end);
			index = end;
			continue;
		}
		if (char === '"') {
			let value = '';
			let closed = false;
			for (index++; index < text.length; index++) {
				const inner = text[index] ?? '';
				if (inner === '"') {
					closed = true;
					break;
				}
				if (inner === '\\' && /["\\$`]/.test(text[index + 1] ?? '')) {
					value += text[++index] ?? '';
					continue;
				}
				if (inner === '$' || inner === '`') throw new ShellWordsError(`expansion (${inner}) in: ${text}`);
				value += inner;
			}
			if (!closed) throw new ShellWordsError(`unterminated " in: ${text}`);
			word = (word ?? '') + value;
			continue;
		}
		if (char === '\\') {
			if (index + 1 >= text.length) throw new ShellWordsError(`trailing backslash in: ${text}`);
			word = (word ?? '') + (text[++index] ?? '');
			continue;
		}
		if (char === '<') {
			if (word !== null || expectStdinFile || stdinFile !== null) throw new ShellWordsError(`unsupported use of < in: ${text}`);
			expectStdinFile = true;
			continue;
		}
		if ('|&;>()$`*?[]{}~'.includes(char)) {
			throw new ShellWordsError(`"${char}" needs a shell; the README test runs argument arrays only: ${text}`);
		}
		word = (word ?? '') + char;
	}
	finish();
	if (expectStdinFile) throw new ShellWordsError(`< without a file in: ${text}`);
	return {words, stdinFile};
}
