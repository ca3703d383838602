/**
 * Neutralises text that came from a cluster or a command before it reaches a terminal: control characters
 * (C0, DEL, C1), bidi overrides, zero-width and other invisible characters, and line separators become visible
 * escapes (`\x1b`, `\n`, `\u{202e}`, `\u{200b}`), and lone surrogates become U+FFFD. One helper for kube/, the
 * commands and the UI; {@link toSafeJson} does the same for `--json`. Pure.
 */

const namedEscapes: Readonly<Record<string, string>> = {
	'\n': '\\n',
	'\r': '\\r',
	'\t': '\\t',
};

/**
 * Characters that are invisible or reorder what follows, besides C0/C1: the soft hyphen (U+00AD), the Arabic
 * letter mark (U+061C), the Mongolian vowel separator (U+180E), zero-width spaces and joiners and the LRM/RLM
 * marks (U+200B–U+200F), line/paragraph separators, bidi embeddings/overrides (U+202A–U+202E), word joiner and
 * invisible operators (U+2060–U+2064), bidi isolates (U+2066–U+2069), deprecated format controls
 * (U+206A–U+206F), the BOM (U+FEFF) and interlinear annotation marks (U+FFF9–U+FFFB). An interface `eth0`+U+200B
 * must not read as `eth0`.
 */
const invisible = String.raw`\u00AD\u061C\u180E\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB`;
/** Tag characters U+E0000–U+E007F (invisible; they spell hidden text), as UTF-16 surrogate pairs. */
const tags = String.raw`\uDB40[\uDC00-\uDC7F]`;
const loneSurrogate = String.raw`[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]`;

// C0 controls, DEL, C1 controls, the invisible and reordering characters above, tags, and lone surrogates.
const unsafe = new RegExp(String.raw`[\u0000-\u001F\u007F-\u009F${invisible}]|${tags}|${loneSurrogate}`, 'g');
const unsafeKeepNewlines = new RegExp(String.raw`[\u0000-\u0009\u000B-\u001F\u007F-\u009F${invisible}]|${tags}|${loneSurrogate}`, 'g');
/** What JSON.stringify leaves raw but a terminal would obey or hide (it escapes C0 and lone surrogates itself). */
const unsafeInJson = new RegExp(String.raw`[\u007F-\u009F${invisible}]|${tags}`, 'g');

function escapeCharacter(character: string): string {
	const named = namedEscapes[character];
	if (named !== undefined) return named;
	const code = character.codePointAt(0)!;
	if (code >= 0xd800 && code <= 0xdfff) return '\uFFFD';
	if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
	return `\\u{${code.toString(16)}}`;
}

function jsonEscape(character: string): string {
	let escaped = '';
	for (let i = 0; i < character.length; i++) escaped += `\\u${character.charCodeAt(i).toString(16).padStart(4, '0')}`;
	return escaped;
}

/** One line of untrusted text, safe to print: every control character is shown, none is obeyed. */
export function sanitizeText(text: string): string {
	return text.replace(unsafe, escapeCharacter);
}

/** Like sanitizeText, but keeps `\n` line breaks (for multi-line command output shown as a block). */
export function sanitizeBlock(text: string): string {
	return text.replace(unsafeKeepNewlines, escapeCharacter);
}

/** An untrusted value of any type as one safe line (non-strings become empty), cut to `maxLength`. */
export function sanitizeLine(value: unknown, maxLength = 500): string {
	const text = typeof value === 'string' ? value : value instanceof Error ? value.message : '';
	const safe = sanitizeText(text);
	if (safe.length <= maxLength) return safe;
	const cut = safe.slice(0, maxLength - 1);
	return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

/**
 * JSON.stringify, with every character a terminal would obey or hide (C1, bidi, zero-width, tags) written as a
 * `\uXXXX` escape: a script still reads the same strings, and `--json` printed to a terminal stays inert.
 * JSON's structure is ASCII, so escaping the whole text touches string contents only.
 */
export function toSafeJson(value: unknown, indent?: number): string {
	return JSON.stringify(value, null, indent).replace(unsafeInJson, jsonEscape);
}
