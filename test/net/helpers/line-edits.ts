/** Random in-line edits of a capture, for the parsers' never-throw properties. */
import fc from 'fast-check';

/** Up to six insertions of short binary strings, each at some line and column. */
export const lineEdits = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.string({unit: 'binary', maxLength: 6})), {maxLength: 6});

/** `lines` with each edit inserted at (row mod line count, column mod line length + 1), joined by newlines. */
export function applyLineEdits(lines: readonly string[], edits: readonly (readonly [number, number, string])[]): string {
	const copy = [...lines];
	for (const [row, column, text] of edits) {
		const at = row % copy.length;
		const cut = column % (copy[at]!.length + 1);
		copy[at] = copy[at]!.slice(0, cut) + text + copy[at]!.slice(cut);
	}
	return copy.join('\n');
}
