/**
 * The common shapes of a command line read without meow (which, with yargs-parser and its package.json
 * lookup, costs ~20 ms of every start): long flags as declared (`--debug-namespace NS`, `--context=NAME`),
 * a declared short flag on its own (`-A`, `-n NS`), booleans without a value, plain words as arguments.
 * Anything else (unknown or camelCase flags, `--no-…`, `=` on a boolean, grouped short flags, `--`, `-`,
 * values that start with `-` or are empty, numbers that are not plain decimals, arguments that could read as
 * numbers, a single-valued flag given twice) returns null and goes to meow, so every message and edge stays
 * meow's. test/commands/plain-flags.test.ts checks that both give the same result wherever this one answers.
 */
import type {AnyFlags, Result} from 'meow';

/** What a command reads of a parse: its arguments and its flags (camelCase names). */
export type ParsedFlags<Flags extends AnyFlags> = {
	readonly input: string[];
	readonly flags: Result<Flags>['flags'];
};

type FlagSpec = {
	readonly type: string;
	readonly shortFlag?: string;
	readonly isMultiple?: boolean;
	readonly default?: unknown;
	readonly aliases?: readonly string[];
	readonly isRequired?: unknown;
	readonly choices?: unknown;
};

/** `debugNamespace` → `debug-namespace`, as the user types it. */
export function dashed(name: string): string {
	return name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
}

const plainDecimal = /^(?:0|[1-9]\d{0,14})(?:\.\d{1,6})?$/;

/** A value meow would take as it is: not empty, not a flag, no surrounding space. */
function plainValue(value: string | undefined): value is string {
	return value !== undefined && value !== '' && !value.startsWith('-') && value.trim() === value;
}

/** An argument yargs-parser keeps as the same string (anything that could read as a number is left to meow). */
function plainArgument(token: string): boolean {
	return token !== '' && !/^[\s\d.+-]/.test(token) && token.trim() === token;
}

export function plainFlags<Flags extends AnyFlags>(argv: readonly string[], flags: Flags): ParsedFlags<Flags> | null {
	const byToken = new Map<string, string>();
	const negated = new Map<string, string>();
	for (const [name, spec] of Object.entries(flags) as Array<[string, FlagSpec]>) {
		if ((spec.aliases !== undefined && spec.aliases.length > 0) || spec.isRequired !== undefined || spec.choices !== undefined) return null;
		byToken.set(`--${dashed(name)}`, name);
		if (spec.type === 'boolean' && !spec.isMultiple) negated.set(`--no-${dashed(name)}`, name);
		if (spec.shortFlag !== undefined) byToken.set(`-${spec.shortFlag}`, name);
	}
	const values: Record<string, unknown> = {};
	const input: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const token = argv[index]!;
		if (!token.startsWith('-')) {
			if (!plainArgument(token)) return null;
			input.push(token);
			continue;
		}
		const off = negated.get(token);
		if (off !== undefined) {
			const next = argv[index + 1];
			if (off in values || next === 'true' || next === 'false') return null;
			values[off] = false;
			continue;
		}
		const equals = token.startsWith('--') ? token.indexOf('=') : -1;
		const name = byToken.get(equals === -1 ? token : token.slice(0, equals));
		if (name === undefined) return null;
		const spec = (flags as Record<string, FlagSpec>)[name]!;
		if (spec.type === 'boolean') {
			const next = argv[index + 1];
			if (equals !== -1 || spec.isMultiple || name in values || next === 'true' || next === 'false') return null;
			values[name] = true;
			continue;
		}
		const value = equals === -1 ? argv[++index] : token.slice(equals + 1);
		if (!plainValue(value) || (spec.type === 'number' && !plainDecimal.test(value))) return null;
		const parsed = spec.type === 'number' ? Number(value) : value;
		if (spec.isMultiple) {
			values[name] = [...((values[name] as unknown[] | undefined) ?? []), parsed];
			continue;
		}
		if (name in values || (spec.type !== 'string' && spec.type !== 'number')) return null;
		values[name] = parsed;
	}
	for (const [name, spec] of Object.entries(flags) as Array<[string, FlagSpec]>) {
		if (name in values) continue;
		if (spec.default !== undefined) values[name] = spec.default;
		else if (spec.isMultiple) values[name] = [];
		else if (spec.type === 'boolean') values[name] = false;
	}
	return {input, flags: values as ParsedFlags<Flags>['flags']};
}

/** The flags as plainFlags reads them, else as meow does (loaded only then). */
export async function readFlags<Flags extends AnyFlags>(argv: readonly string[], flags: Flags, help: string, helpHint?: string): Promise<ParsedFlags<Flags>> {
	const plain = plainFlags(argv, flags);
	if (plain !== null) return plain;
	const {parseFlags} = await import('./parse-flags.js');
	return parseFlags(argv, flags, help, helpHint);
}
