/**
 * Windowing of one list: which row is selected and which slice of rows is visible, kept in reducer state
 * as ink-ui's select does (`visibleFromIndex` inclusive, `visibleToIndex` exclusive). Pure arithmetic.
 */
export type ListWindow = {
	/** Selected row index into the (filtered) rows; 0 when the list is empty. */
	readonly selected: number;
	readonly visibleFromIndex: number;
	readonly visibleToIndex: number;
	/** Number of (filtered) rows the window was last fitted to. */
	readonly count: number;
};

export const emptyWindow: ListWindow = {selected: 0, visibleFromIndex: 0, visibleToIndex: 0, count: 0};

function clamp(value: number, low: number, high: number): number {
	return Math.min(Math.max(value, low), high);
}

/**
 * Refits a window after the selection, the row count or the height changed: the selection is clamped into
 * the rows and stays visible; the window moves as little as possible and never shows space past the end.
 */
export function fitWindow(
	window: ListWindow,
	change: {readonly selected?: number; readonly count?: number; readonly height: number},
): ListWindow {
	const count = Math.max(0, change.count ?? window.count);
	const height = Math.max(0, change.height);
	const selected = count === 0 ? 0 : clamp(change.selected ?? window.selected, 0, count - 1);
	let from = window.visibleFromIndex;
	if (selected < from) {
		from = selected;
	}
	if (height > 0 && selected >= from + height) {
		from = selected - height + 1;
	}
	from = clamp(from, 0, Math.max(0, count - height));
	return {selected, visibleFromIndex: from, visibleToIndex: Math.min(count, from + height), count};
}
