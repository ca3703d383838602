/**
 * The README's keys table, generated from the keymap (source/state/keymap.ts) so the two cannot disagree.
 * The README test compares the table between `<!-- keys:start -->` and `<!-- keys:end -->` with this.
 * Run it to print the table: `npx tsx test/readme/keys-table.ts`.
 */
import {pathToFileURL} from 'node:url';
import {keymap, type KeyBinding} from '../../source/state/keymap.js';

function where(binding: KeyBinding): string {
	return binding.panes === 'all' ? 'everywhere' : binding.panes.join(', ');
}

function cell(text: string): string {
	return text.replaceAll('|', '\\|');
}

export function keysTable(): string {
	const rows = keymap.map(binding => {
		const keys = binding.keys.map(key => `\`${key}\``).join(' ');
		return `| ${cell(keys)} | ${cell(binding.description)} | ${where(binding)} |`;
	});
	return ['| Keys | What it does | Where |', '| --- | --- | --- |', ...rows].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	process.stdout.write(`${keysTable()}\n`);
}
