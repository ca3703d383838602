/**
 * Key bindings as data: the same table drives the keys, the status line and the `?` help, so they cannot
 * disagree. Key names are normalised from a key press (Ink's `useInput` shape) without importing Ink.
 */
import type {PaneId} from './panes.js';

export type CommandId =
	| 'pane-next'
	| 'pane-prev'
	| 'down'
	| 'up'
	| 'top'
	| 'bottom'
	| 'page-down'
	| 'page-up'
	| 'inspect'
	| 'show-path'
	| 'filter'
	| 'back'
	| 'all-namespaces'
	| 'refresh'
	| 'pause'
	| 'help'
	| 'quit'
	| 'sweep'
	| 'problems'
	| 'problem-go'
	| 'problems-close';

/** Where a binding applies: one of the four panes, or the sweep's Problems view. */
export type ViewId = PaneId | 'problems';

export type KeyBinding = {
	readonly command: CommandId;
	/** Normalised key names (see `keyName`); the first is the one shown in the status line. */
	readonly keys: readonly string[];
	/** One word for the status line. */
	readonly label: string;
	/** One line for the help overlay. */
	readonly description: string;
	/** Panes where the binding applies ('all': the four panes; in the Problems view only the general keys). */
	readonly panes: readonly ViewId[] | 'all';
	/** Shown in the status line (the help shows every binding). */
	readonly status: boolean;
	readonly group: 'move' | 'act' | 'general';
};

export const keymap: readonly KeyBinding[] = [
	{command: 'inspect', keys: ['enter'], label: 'inspect', description: 'inspect the node: its routes and interfaces', panes: ['nodes'], status: true, group: 'act'},
	{command: 'show-path', keys: ['enter'], label: 'path', description: "pin the pod: highlight its route and interface", panes: ['pods'], status: true, group: 'act'},
	{command: 'filter', keys: ['/'], label: 'filter', description: 'filter the pane by regex (Enter keeps it, Esc drops it)', panes: 'all', status: true, group: 'act'},
	{command: 'all-namespaces', keys: ['a'], label: 'all-ns', description: 'all namespaces / the current namespace', panes: 'all', status: true, group: 'act'},
	{command: 'refresh', keys: ['r'], label: 'refresh', description: "refresh the node's routes and interfaces now", panes: 'all', status: true, group: 'act'},
	{command: 'pause', keys: ['p'], label: 'pause', description: 'pause / resume the live refresh', panes: 'all', status: true, group: 'act'},
	{command: 'sweep', keys: ['S'], label: 'sweep', description: "sweep the cluster: every node's routes against every pod (a pod per node; S again cancels)", panes: 'all', status: false, group: 'act'},
	{command: 'problems', keys: ['P'], label: 'problems', description: 'the Problems view of the last sweep, worst first', panes: 'all', status: false, group: 'act'},
	{command: 'problem-go', keys: ['enter'], label: 'go', description: "select the problem's node, inspect it and pin its route", panes: ['problems'], status: true, group: 'act'},
	{command: 'problems-close', keys: ['escape', 'P'], label: 'close', description: 'close the Problems view (while a sweep runs: cancel it)', panes: ['problems'], status: true, group: 'act'},
	{command: 'back', keys: ['escape'], label: 'back', description: 'back: clear the filter, then the pinned pod or route', panes: 'all', status: false, group: 'act'},
	{command: 'pane-next', keys: ['tab'], label: 'pane', description: 'next pane', panes: 'all', status: true, group: 'move'},
	{command: 'pane-prev', keys: ['shift-tab'], label: 'prev', description: 'previous pane', panes: 'all', status: false, group: 'move'},
	{command: 'down', keys: ['j', 'down'], label: 'down', description: 'next row', panes: 'all', status: false, group: 'move'},
	{command: 'up', keys: ['k', 'up'], label: 'up', description: 'previous row', panes: 'all', status: false, group: 'move'},
	{command: 'top', keys: ['g', 'home'], label: 'top', description: 'first row', panes: 'all', status: false, group: 'move'},
	{command: 'bottom', keys: ['G', 'end'], label: 'bottom', description: 'last row', panes: 'all', status: false, group: 'move'},
	{command: 'page-down', keys: ['pagedown', 'ctrl-f'], label: 'page', description: 'next page', panes: 'all', status: false, group: 'move'},
	{command: 'page-up', keys: ['pageup', 'ctrl-b'], label: 'page-up', description: 'previous page', panes: 'all', status: false, group: 'move'},
	{command: 'help', keys: ['?'], label: 'help', description: 'this help (Esc or ? closes it)', panes: 'all', status: true, group: 'general'},
	{command: 'quit', keys: ['q', 'ctrl-c'], label: 'quit', description: 'quit (deletes the debug pod first)', panes: 'all', status: true, group: 'general'},
];

/** The subset of Ink's `Key` that naming needs (Ink's `Key` satisfies it). */
export type KeyPress = {
	readonly upArrow: boolean;
	readonly downArrow: boolean;
	readonly pageUp: boolean;
	readonly pageDown: boolean;
	readonly home?: boolean;
	readonly end?: boolean;
	readonly return: boolean;
	readonly escape: boolean;
	readonly ctrl: boolean;
	readonly shift: boolean;
	readonly tab: boolean;
	readonly backspace: boolean;
	readonly delete: boolean;
	readonly meta: boolean;
};

/** One name per key press (`j`, `G`, `enter`, `shift-tab`, `ctrl-f`, `backspace`, …), or null if unnamed. */
export function keyName(input: string, key: KeyPress): string | null {
	if (key.tab) {
		return key.shift ? 'shift-tab' : 'tab';
	}
	if (key.return) {
		return 'enter';
	}
	if (key.escape) {
		return 'escape';
	}
	if (key.upArrow) {
		return 'up';
	}
	if (key.downArrow) {
		return 'down';
	}
	if (key.pageUp) {
		return 'pageup';
	}
	if (key.pageDown) {
		return 'pagedown';
	}
	if (key.home) {
		return 'home';
	}
	if (key.end) {
		return 'end';
	}
	if (key.backspace || key.delete) {
		return 'backspace';
	}
	if (key.ctrl && input.length === 1) {
		return `ctrl-${input.toLowerCase()}`;
	}
	if (input.length > 0 && !key.meta) {
		return input;
	}
	return null;
}

/** Whether a binding works in a pane or view: the Problems view takes its own keys, moves and the general keys. */
export function applies(binding: KeyBinding, pane: ViewId): boolean {
	if (binding.panes !== 'all') return binding.panes.includes(pane);
	if (pane !== 'problems') return true;
	return binding.group === 'general' || binding.command === 'sweep' || (binding.group === 'move' && binding.command !== 'pane-next' && binding.command !== 'pane-prev');
}

/** The binding a key name triggers in a pane, if any. */
export function findBinding(pane: ViewId, name: string): KeyBinding | null {
	return keymap.find(binding => binding.keys.includes(name) && applies(binding, pane)) ?? null;
}

/** How a key name is written for people. */
export function displayKey(name: string): string {
	const names: Readonly<Record<string, string>> = {
		enter: '⏎',
		escape: 'esc',
		pagedown: 'PgDn',
		pageup: 'PgUp',
		down: '↓',
		up: '↑',
	};
	return names[name] ?? name;
}

/** Bindings for the status line of a pane, in table order. */
export function statusBindings(pane: ViewId): readonly KeyBinding[] {
	return keymap.filter(binding => binding.status && applies(binding, pane));
}

/** A press with no modifier or special key set: the base for plain characters (and for tests). */
export const noKey: KeyPress = {
	upArrow: false,
	downArrow: false,
	pageUp: false,
	pageDown: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
};

/**
 * One key press per character when several arrive as one chunk of plain text (typed fast, pasted, or
 * tmux send-keys): Ink hands such a chunk over whole (`jj\r`), which would otherwise name no key at all.
 */
export function splitPresses(input: string, key: KeyPress): ReadonlyArray<{readonly input: string; readonly key: KeyPress}> {
	const characters = [...input];
	if (characters.length <= 1 || key.ctrl || key.meta || key.escape) {
		return [{input, key}];
	}
	return characters.map(character => {
		switch (character) {
			case '\r':
			case '\n': {
				return {input: '', key: {...noKey, return: true}};
			}
			case '\t': {
				return {input: '', key: {...noKey, tab: true}};
			}
			case '\u007F':
			case '\b': {
				return {input: '', key: {...noKey, backspace: true}};
			}
			default: {
				const code = character.codePointAt(0) ?? 0;
				if (code > 0 && code < 27) {
					return {input: String.fromCodePoint(code + 96), key: {...noKey, ctrl: true}};
				}
				return {input: character, key: {...noKey, shift: character !== character.toLowerCase()}};
			}
		}
	});
}
