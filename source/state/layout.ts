/**
 * How the screen is divided, from the terminal size alone: one header line, four stacked panes (each a
 * title line, a column-header line and its rows), one status line. Pure, so the reducer can size windows.
 */
import type {PaneId} from './panes.js';

export type TerminalSize = {readonly columns: number; readonly rows: number};

export const minimumSize: TerminalSize = {columns: 80, rows: 24};

/** Lines every pane spends besides its rows: its title and its column headers. */
export const paneChromeLines = 2;
const headerLines = 1;
const statusLines = 1;
/** The last line stays free: a frame as tall as the terminal makes Ink clear the whole screen on every update. */
export const reservedLines = 1;

/** Share of the spare rows each pane gets; pods and routes are what people read most. */
const weights: ReadonlyArray<readonly [PaneId, number]> = [
	['nodes', 3],
	['pods', 4],
	['routes', 4],
	['interfaces', 3],
];

export type Layout =
	| {readonly fits: true; readonly rows: Readonly<Record<PaneId, number>>}
	| {readonly fits: false; readonly needed: TerminalSize};

export function computeLayout(size: TerminalSize): Layout {
	if (size.columns < minimumSize.columns || size.rows < minimumSize.rows) {
		return {fits: false, needed: minimumSize};
	}
	const spare = size.rows - reservedLines - headerLines - statusLines - weights.length * paneChromeLines;
	const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
	const rows: Record<PaneId, number> = {nodes: 0, pods: 0, routes: 0, interfaces: 0};
	let given = 0;
	for (const [pane, weight] of weights) {
		rows[pane] = Math.floor((spare * weight) / total);
		given += rows[pane];
	}
	// Hand the rounding remainder out in the order pods, routes, nodes, interfaces.
	const order: readonly PaneId[] = ['pods', 'routes', 'nodes', 'interfaces'];
	for (let index = 0; given < spare; index++, given++) {
		const pane = order[index % order.length] ?? 'pods';
		rows[pane] += 1;
	}
	return {fits: true, rows};
}

/** Rows of one pane, 0 when the terminal is too small to lay out. */
export function paneRows(size: TerminalSize, pane: PaneId): number {
	const layout = computeLayout(size);
	return layout.fits ? layout.rows[pane] : 0;
}
