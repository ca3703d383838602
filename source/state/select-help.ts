/** The status line and the `?` help, both generated from the keymap data. */
import {displayKey, keymap, statusBindings, type KeyBinding, type ViewId} from './keymap.js';
import {paneTitles} from './panes.js';
import {displayWidth} from './table.js';

export type Hint = {readonly key: string; readonly label: string};

/** Key hints of the focused pane, as many as fit in `width` columns. */
export function statusHints(pane: ViewId, width: number): readonly Hint[] {
	const hints: Hint[] = [];
	let used = 0;
	for (const binding of statusBindings(pane)) {
		const hint = {key: displayKey(binding.keys[0] ?? ''), label: binding.label};
		const size = displayWidth(`${hint.key} ${hint.label}`) + 2;
		if (used + size > width) {
			break;
		}
		hints.push(hint);
		used += size;
	}
	return hints;
}

export type HelpLine = {readonly keys: string; readonly description: string};
export type HelpSection = {readonly title: string; readonly lines: readonly HelpLine[]};

function scope(binding: KeyBinding): string {
	return binding.panes === 'all' ? '' : ` (${binding.panes.map(pane => (pane === 'problems' ? 'problems view' : paneTitles[pane].toLowerCase())).join(', ')})`;
}

export function helpSections(): readonly HelpSection[] {
	const groups: ReadonlyArray<readonly [KeyBinding['group'], string]> = [
		['move', 'Move'],
		['act', 'Act'],
		['general', 'General'],
	];
	return groups.map(([group, title]) => ({
		title,
		lines: keymap
			.filter(binding => binding.group === group)
			.map(binding => ({keys: binding.keys.map(key => displayKey(key)).join(' / '), description: binding.description + scope(binding)})),
	}));
}
