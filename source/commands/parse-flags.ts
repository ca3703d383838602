/**
 * meow, without its process.exit: unknown flags and bad values become a UsageError (exit 2, one line),
 * so commands stay testable in-process and every command reports usage errors the same way.
 */
import meow, {type AnyFlags, type Result} from 'meow';
import {dashed} from './plain-flags.js';
import {UsageError} from './usage.js';

export {maxTimeoutSeconds, UsageError, wantsHelp} from './usage.js';

const stdinPlaceholder = '\u0000stdin';

function restoreStdin(value: unknown): unknown {
	if (value === stdinPlaceholder) return '-';
	if (Array.isArray(value)) return value.map(restoreStdin);
	return value;
}

export function parseFlags<Flags extends AnyFlags>(
	argv: readonly string[],
	flags: Flags,
	help: string,
	/** Where the user finds the flags, for the unknown-flag message. */
	helpHint = '--help',
): Result<Flags> {
	const cli = meow(help, {
		importMeta: import.meta,
		// yargs-parser reads a lone `-` as input, not as a flag value: carry it through as a placeholder.
		argv: argv.map(item => (item === '-' ? stdinPlaceholder : item)),
		flags,
		autoHelp: false,
		autoVersion: false,
		allowUnknownFlags: true,
	});
	const known = new Set<string>(['help', 'h']);
	for (const [name, spec] of Object.entries(flags)) {
		known.add(name);
		known.add(dashed(name));
		const short = (spec as {shortFlag?: string}).shortFlag;
		if (short) known.add(short);
		for (const alias of (spec as {aliases?: string[]}).aliases ?? []) known.add(alias);
	}
	const unknown = Object.keys(cli.unnormalizedFlags).filter(name => !known.has(name));
	if (unknown.length > 0) {
		const shown = unknown.map(name => (name.length === 1 ? `-${name}` : `--${name}`)).join(', ');
		throw new UsageError(`unknown flag${unknown.length > 1 ? 's' : ''} ${shown} (see ${helpHint})`);
	}
	const values = cli.flags as Record<string, unknown>;
	for (const name of Object.keys(values)) values[name] = restoreStdin(values[name]);
	// In place, one by one: a spread of a huge argument list (xargs) would overflow the call stack.
	for (let index = 0; index < cli.input.length; index++) cli.input[index] = String(restoreStdin(cli.input[index]));
	for (const [name, spec] of Object.entries(flags)) {
		if ((spec as {type: string}).type === 'string' && values[name] === '') {
			throw new UsageError(`--${dashed(name)} needs a value`);
		}
	}
	return cli;
}
