/**
 * The YAML a kubeconfig is written in (kubectl, kind, the lab), read without the yaml package (~10 ms of every
 * start to load): block mappings with plain keys, block sequences (`- ` at the key's column or indented),
 * one-line scalars (plain, 'single' or "double" quoted without escapes), `{}` / `[]`, full-line comments.
 * Anything else (anchors, tags, block or multi-line scalars, flow collections with content, escapes, inline
 * comments, duplicate keys, tabs, CR, several documents, plain scalars that could read as numbers) gives
 * undefined, and the caller parses with the yaml package. test/kube/plain-yaml.test.ts checks that the
 * answer equals the yaml package's wherever this one gives one.
 */

type Line = {readonly indent: number; readonly text: string};

class NotPlain extends Error {}

const keyLine = /^([A-Za-z\d_][\w./-]*):(?: +(.*))?$/;

/** Plain scalars that are not strings, as YAML 1.2's core schema reads them; other number-like text is refused. */
function plainScalar(text: string): unknown {
	if (/^(?:true|True|TRUE)$/.test(text)) return true;
	if (/^(?:false|False|FALSE)$/.test(text)) return false;
	if (/^(?:null|Null|NULL|~)$/.test(text)) return null;
	// Indicators, numbers, .inf/.nan, anything with a comment or a mapping inside: the yaml package decides.
	if (/^[-?:,[\]{}#&*!|>'"%@`+.\d]/.test(text) || text.includes(': ') || text.includes(' #') || text.endsWith(':')) throw new NotPlain();
	return text;
}

function scalar(text: string): unknown {
	if (text === '{}') return {};
	if (text === '[]') return [];
	if (text.startsWith('"')) {
		const inner = text.slice(1, -1);
		if (text.length < 2 || !text.endsWith('"') || inner.includes('"') || inner.includes('\\')) throw new NotPlain();
		return inner;
	}
	if (text.startsWith("'")) {
		const inner = text.slice(1, -1);
		if (text.length < 2 || !text.endsWith("'") || inner.replaceAll("''", '').includes("'")) throw new NotPlain();
		return inner.replaceAll("''", "'");
	}
	return plainScalar(text);
}

function isItem(line: Line | undefined, indent: number): boolean {
	return line !== undefined && line.indent === indent && (line.text === '-' || line.text.startsWith('- '));
}

function parser(lines: Line[]) {
	let index = 0;

	const block = (indent: number): unknown => (isItem(lines[index], indent) ? sequence(indent) : mapping(indent));

	/** The value after `key:` with nothing on its line: a nested block, a sequence at the key's column, or null. */
	const nested = (indent: number): unknown => {
		const next = lines[index];
		if (next !== undefined && next.indent > indent) return block(next.indent);
		if (isItem(next, indent)) return sequence(indent);
		return null;
	};

	const mapping = (indent: number): Record<string, unknown> => {
		const result: Record<string, unknown> = {};
		while (index < lines.length) {
			const line = lines[index]!;
			if (line.indent < indent || isItem(line, indent)) break;
			if (line.indent > indent) throw new NotPlain();
			const match = keyLine.exec(line.text);
			if (!match) throw new NotPlain();
			const key = match[1]!;
			if (Object.hasOwn(result, key) || key === '__proto__') throw new NotPlain();
			index++;
			const value = match[2]?.trimEnd() ?? '';
			result[key] = value === '' ? nested(indent) : scalar(value);
		}
		return result;
	};

	const sequence = (indent: number): unknown[] => {
		const result: unknown[] = [];
		while (isItem(lines[index], indent)) {
			const line = lines[index]!;
			const content = line.text.slice(1).trimStart();
			if (content === '') {
				index++;
				const next = lines[index];
				result.push(next !== undefined && next.indent > indent ? block(next.indent) : null);
				continue;
			}
			const column = indent + (line.text.length - content.length);
			if (keyLine.test(content) || content === '-' || content.startsWith('- ')) {
				// `- key: value`: the item is a block starting at the key's column.
				lines[index] = {indent: column, text: content};
				result.push(block(column));
			} else {
				index++;
				result.push(scalar(content.trimEnd()));
			}
		}
		return result;
	};

	return {
		document(): unknown {
			if (lines.length === 0) return null;
			const value = block(lines[0]!.indent);
			if (index < lines.length) throw new NotPlain();
			return value;
		},
	};
}

/** The document, or undefined when the text is not in the plain subset (then use the yaml package). */
export function readPlainYaml(text: string): unknown {
	if (/[\t\r\uFEFF]/.test(text) || /^(?:---|\.\.\.|%)/m.test(text)) return undefined;
	const lines: Line[] = [];
	for (const raw of text.split('\n')) {
		const trimmed = raw.trimStart();
		if (trimmed === '' || trimmed.startsWith('#')) continue;
		lines.push({indent: raw.length - trimmed.length, text: trimmed});
	}
	try {
		return parser(lines).document();
	} catch (error) {
		if (error instanceof NotPlain) return undefined;
		throw error;
	}
}
