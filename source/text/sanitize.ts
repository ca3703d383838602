/**
 * Neutralises text that came from a cluster or a command before it reaches a terminal: control characters
 * (C0, DEL, C1), bidi overrides and line separators become visible escapes (`\x1b`, `\n`, `\u{202e}`), and
 * lone surrogates become U+FFFD. One helper for kube/, the commands and the UI. Pure.
 */

const namedEscapes: Readonly<Record<string, string>> = {
	'\n': '\\n',
	'\r': '\\r',
	'\t': '\\t',
};

// C0 controls, DEL, C1 controls, Unicode line/paragraph separators, bidi embeddings/overrides/isolates,
// the BOM / zero-width no-break space, and lone surrogates.
const unsafe = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const unsafeKeepNewlines =
	/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function escapeCharacter(character: string): string {
	const named = namedEscapes[character];
	if (named !== undefined) return named;
	const code = character.charCodeAt(0);
	if (code >= 0xd800 && code <= 0xdfff) return '\uFFFD';
	if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
	return `\\u{${code.toString(16)}}`;
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
