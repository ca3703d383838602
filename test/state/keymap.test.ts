import {describe, expect, it} from 'vitest';
import {findBinding, keyName, keymap, noKey as none, splitPresses, statusBindings, type KeyPress} from '../../source/state/keymap.js';
import {paneOrder} from '../../source/state/panes.js';
import {helpSections, statusHints} from '../../source/state/select-help.js';
import {displayWidth} from '../../source/state/table.js';


describe('keyName', () => {
	it('names the keys the keymap uses', () => {
		expect(keyName('', {...none, tab: true})).toBe('tab');
		expect(keyName('', {...none, tab: true, shift: true})).toBe('shift-tab');
		expect(keyName('', {...none, return: true})).toBe('enter');
		expect(keyName('', {...none, escape: true})).toBe('escape');
		expect(keyName('', {...none, downArrow: true})).toBe('down');
		expect(keyName('', {...none, pageDown: true})).toBe('pagedown');
		expect(keyName('f', {...none, ctrl: true})).toBe('ctrl-f');
		expect(keyName('c', {...none, ctrl: true})).toBe('ctrl-c');
		expect(keyName('G', {...none, shift: true})).toBe('G');
		expect(keyName('', {...none, delete: true})).toBe('backspace');
		expect(keyName('', none)).toBeNull();
	});
});

describe('keymap data', () => {
	it('has no key bound twice in the same pane', () => {
		for (const pane of paneOrder) {
			const seen = new Map<string, string>();
			for (const binding of keymap.filter(b => b.panes === 'all' || b.panes.includes(pane))) {
				for (const key of binding.keys) {
					expect(seen.get(key), `${key} in ${pane}`).toBeUndefined();
					seen.set(key, binding.command);
				}
			}
		}
	});

	it('binds Enter to inspect on nodes and to the path on pods, and nothing on routes', () => {
		expect(findBinding('nodes', 'enter')?.command).toBe('inspect');
		expect(findBinding('pods', 'enter')?.command).toBe('show-path');
		expect(findBinding('routes', 'enter')).toBeNull();
		expect(findBinding('routes', 'ctrl-f')?.command).toBe('page-down');
	});

	it('drives the status line and the help from the same bindings', () => {
		const nodeHints = statusHints('nodes', 200).map(hint => hint.label);
		expect(nodeHints).toEqual(statusBindings('nodes').map(binding => binding.label));
		expect(nodeHints).toContain('inspect');
		expect(statusHints('pods', 200).map(hint => hint.label)).toContain('path');
		expect(statusHints('routes', 200).map(hint => hint.label)).not.toContain('inspect');
		const described = helpSections().flatMap(section => section.lines.map(line => line.description));
		expect(described).toHaveLength(keymap.length);
		expect(helpSections().flatMap(section => section.lines).find(line => line.keys.startsWith('q'))?.keys).toBe('q / ctrl-c');
	});

	it('drops hints that do not fit rather than overflowing', () => {
		const hints = statusHints('nodes', 30);
		const width = hints.reduce((sum, hint) => sum + displayWidth(`${hint.key} ${hint.label}`) + 2, 0);
		expect(hints.length).toBeGreaterThan(0);
		expect(width).toBeLessThanOrEqual(30);
	});
});

describe('splitPresses', () => {
	it('splits a chunk of typed keys into one press per key', () => {
		const names = splitPresses('jjG\r\t\u007F', none).map(press => keyName(press.input, press.key));
		expect(names).toEqual(['j', 'j', 'G', 'enter', 'tab', 'backspace']);
		expect(splitPresses('\u0003q', none).map(press => keyName(press.input, press.key))).toEqual(['ctrl-c', 'q']);
	});

	it('leaves single keys and escape sequences alone', () => {
		expect(splitPresses('j', none)).toEqual([{input: 'j', key: none}]);
		const escape = {...none, escape: true};
		expect(splitPresses('[Z', escape)).toEqual([{input: '[Z', key: escape}]);
	});
});
