/** Presses keys in order through interpretKey, applying the actions; returns the final state and all effects. */
import {interpretKey, type Selection} from '../../source/state/interpret-key.js';
import {noKey, type KeyPress} from '../../source/state/keymap.js';
import {reduce} from '../../source/state/reduce.js';
import type {UiState} from '../../source/state/ui-state.js';

export function pressKeys(state: UiState, selection: Selection, ...keys: Array<string | Partial<KeyPress>>): {state: UiState; effects: unknown[]} {
	const effects: unknown[] = [];
	for (const key of keys) {
		const outcome = typeof key === 'string' ? interpretKey(state, key, noKey, selection) : interpretKey(state, '', {...noKey, ...key}, selection);
		state = outcome.actions.reduce(reduce, state);
		effects.push(...outcome.effects);
	}
	return {state, effects};
}
