/**
 * Table rows as plain data (cells with a tone), and the width maths: columns sized from the visible rows
 * only, measured with string-width (never `.length`), cut with `…` to fit the terminal.
 */
import stringWidth from 'string-width';

/** How a cell or row is coloured; the theme maps tones to colours. */
export type Tone = 'normal' | 'ok' | 'warn' | 'bad' | 'dim' | 'accent';

export type Cell = {readonly text: string; readonly tone: Tone};

export type Column = {
	readonly title: string;
	readonly align: 'left' | 'right';
	/** Narrowest it may be squeezed to. */
	readonly min: number;
	/** Columns with a lower priority give way first when the row is too wide. */
	readonly priority: number;
	/** May be hidden entirely (width 0) on narrow screens rather than cut to a useless stub. */
	readonly optional: boolean;
};

export type Row = {
	readonly key: string;
	readonly cells: readonly Cell[];
	/** A one-character marker before the row: `+` added, `-` removed, `▸` inspected, `!` problem. */
	readonly mark: string;
	readonly markTone: Tone;
	/** Related to the selection elsewhere (the selected pod's route, the selected route's pods, …). */
	readonly highlighted: boolean;
	/** Drawn dim as a whole (a removed route kept briefly). */
	readonly faded: boolean;
};

export function cell(text: string, tone: Tone = 'normal'): Cell {
	return {text, tone};
}

export function column(title: string, min = 3, align: 'left' | 'right' = 'left', priority = 1, optional = false): Column {
	return {title, align, min: Math.max(min, 1), priority, optional};
}

export function displayWidth(text: string): number {
	return stringWidth(text);
}

/** Cuts `text` to at most `width` columns, ending in `…` when it had to cut. */
export function truncate(text: string, width: number): string {
	if (width <= 0) {
		return '';
	}
	if (stringWidth(text) <= width) {
		return text;
	}
	let out = '';
	let used = 0;
	for (const character of text) {
		const characterWidth = stringWidth(character);
		if (used + characterWidth > width - 1) {
			break;
		}
		out += character;
		used += characterWidth;
	}
	return `${out}…`;
}

/** Pads (or cuts) `text` to exactly `width` columns. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	const cut = truncate(text, width);
	const padding = ' '.repeat(Math.max(0, width - stringWidth(cut)));
	return align === 'left' ? cut + padding : padding + cut;
}

/** Columns between cells. */
export const columnGap = 1;

/**
 * Column widths for `available` columns of screen: each column as wide as its widest visible cell (or title),
 * then optional columns are hidden (width 0, lowest priority first) while the row is too wide, then the
 * lowest-priority columns give way, widest first among equals, until the row fits (never below their minimum).
 */
export function fitColumns(columns: readonly Column[], rows: readonly Row[], available: number): readonly number[] {
	const widths = columns.map((col, index) => {
		let widest = stringWidth(col.title);
		for (const row of rows) {
			const text = row.cells[index]?.text ?? '';
			widest = Math.max(widest, stringWidth(text));
		}
		return widest;
	});
	const total = (): number => {
		const shown = widths.filter(width => width > 0);
		return shown.reduce((sum, width) => sum + width, 0) + columnGap * Math.max(0, shown.length - 1);
	};
	const optional = columns
		.map((col, index) => ({col, index}))
		.filter(({col}) => col.optional)
		.sort((a, b) => a.col.priority - b.col.priority);
	for (const {index} of optional) {
		if (total() <= available) {
			break;
		}
		widths[index] = 0;
	}
	let overflow = total() - available;
	while (overflow > 0) {
		const shrinkable = widths.flatMap((width, index) => (width > (columns[index]?.min ?? 1) ? [index] : []));
		// (hidden columns have width 0, below any minimum, so they are never picked)
		if (shrinkable.length === 0) {
			break;
		}
		const lowest = Math.min(...shrinkable.map(index => columns[index]?.priority ?? 1));
		const candidates = shrinkable.filter(index => (columns[index]?.priority ?? 1) === lowest);
		let widestIndex = candidates[0] ?? 0;
		for (const index of candidates) {
			if ((widths[index] ?? 0) > (widths[widestIndex] ?? 0)) {
				widestIndex = index;
			}
		}
		const current = widths[widestIndex] ?? 0;
		const second = Math.max(
			columns[widestIndex]?.min ?? 1,
			...candidates.filter(index => index !== widestIndex).map(index => Math.min(widths[index] ?? 0, current)),
		);
		const cut = Math.min(overflow, Math.max(1, current - second));
		widths[widestIndex] = current - cut;
		overflow -= cut;
	}
	return widths;
}
