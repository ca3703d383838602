/** Every change to UiState is one of these: a discriminated union, dispatched by keys and data sources. */
import type {PaneId} from './panes.js';
import type {SweepAction} from './sweep-ui.js';
import type {Message} from './ui-state.js';

export type Action =
	/** The terminal was resized. */
	| {readonly type: 'resize'; readonly columns: number; readonly rows: number}
	/** Row counts after filtering changed (data arrived, filter or namespace changed). */
	| {readonly type: 'counts'; readonly counts: Readonly<Partial<Record<PaneId, number>>>}
	| {readonly type: 'focus'; readonly pane: PaneId}
	| {readonly type: 'focus-step'; readonly steps: number}
	/** Moves the focused pane's selection by `delta` rows. */
	| {readonly type: 'move'; readonly delta: number}
	| {readonly type: 'move-to'; readonly where: 'first' | 'last'}
	/** One visible page down (1) or up (-1). */
	| {readonly type: 'page'; readonly direction: 1 | -1}
	| {readonly type: 'select'; readonly pane: PaneId; readonly index: number}
	| {readonly type: 'filter-start'}
	| {readonly type: 'filter-input'; readonly text: string}
	| {readonly type: 'filter-commit'}
	| {readonly type: 'filter-cancel'}
	| {readonly type: 'clear-filter'}
	| {readonly type: 'inspect'; readonly node: string}
	| {readonly type: 'show-path'; readonly pod: string | null}
	| {readonly type: 'toggle-all-namespaces'}
	| {readonly type: 'set-paused'; readonly paused: boolean}
	| {readonly type: 'help'; readonly open: boolean}
	| {readonly type: 'message'; readonly message: Message | null}
	| {readonly type: 'quit'}
	/** The sweep's Problems view, pinned route and confirmation (sweep-ui.ts). */
	| SweepAction;
