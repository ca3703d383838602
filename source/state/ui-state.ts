/** Everything the inspector remembers about the screen: pure data, changed only by `reduce`. */
import type {TerminalSize} from './layout.js';
import type {PaneId} from './panes.js';
import {initialSweepUi, type SweepUi} from './sweep-ui.js';
import {emptyWindow, type ListWindow} from './window.js';

/** `normal`: keys move and act; `filter`: keys edit the focused pane's regex; `help`: the key list. */
export type Mode = 'normal' | 'filter' | 'help';

export type Message = {readonly text: string; readonly tone: 'info' | 'error'};

export type UiState = {
	readonly focus: PaneId;
	readonly mode: Mode;
	readonly windows: Readonly<Record<PaneId, ListWindow>>;
	/** Applied regex filter per pane ('' = none). While typing, the focused pane's filter is the draft. */
	readonly filters: Readonly<Record<PaneId, string>>;
	/** The filter the focused pane had before `/`, restored by Esc. */
	readonly filterBefore: string;
	/** The node whose routes and interfaces are shown (Enter on a node). */
	readonly inspectedNode: string | null;
	/** `namespace/name` of the pod whose path is pinned (Enter on a pod). */
	readonly pathPod: string | null;
	readonly allNamespaces: boolean;
	/** The namespace shown when not all namespaces (kubeconfig context's or -n). */
	readonly namespace: string;
	readonly paused: boolean;
	readonly size: TerminalSize;
	readonly message: Message | null;
	readonly quitting: boolean;
	/** The sweep's Problems view and pinned route (sweep-ui.ts). */
	readonly sweep: SweepUi;
};

export type InitialOptions = {
	readonly namespace?: string;
	readonly allNamespaces?: boolean;
	readonly size?: TerminalSize;
};

export function initialUiState(options: InitialOptions = {}): UiState {
	return {
		focus: 'nodes',
		mode: 'normal',
		windows: {nodes: emptyWindow, pods: emptyWindow, routes: emptyWindow, interfaces: emptyWindow},
		filters: {nodes: '', pods: '', routes: '', interfaces: ''},
		filterBefore: '',
		inspectedNode: null,
		pathPod: null,
		allNamespaces: options.allNamespaces ?? false,
		namespace: options.namespace ?? 'default',
		paused: false,
		size: options.size ?? {columns: 80, rows: 24},
		message: null,
		quitting: false,
		sweep: initialSweepUi,
	};
}
