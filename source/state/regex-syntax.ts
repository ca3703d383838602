/**
 * The `/` filter's regex syntax, parsed into a tree the linear-time matcher (linear-regex.ts) runs. It reads
 * JavaScript's (non-unicode) syntax: literals, `.`, classes, `\d\w\s` and their negations, `^ $ \b \B`,
 * groups (plain, `(?:…)`, named), alternation and every quantifier. What cannot run in linear time —
 * backreferences and lookaround — is refused with a reason instead of being run by a backtracking engine.
 * The caller checks the text with `new RegExp` first (compiling never runs it), so this parser may assume
 * JavaScript accepted the syntax.
 */

/** Whether a character (one code point) belongs; `ranges` are inclusive code point pairs. */
export type CharSet = {
	readonly ranges: readonly (readonly [number, number])[];
	readonly negated: boolean;
};

export type Assertion = 'start' | 'end' | 'word-boundary' | 'not-word-boundary';

export type RegexNode =
	| {readonly kind: 'empty'}
	| {readonly kind: 'chars'; readonly set: CharSet}
	| {readonly kind: 'assert'; readonly which: Assertion}
	| {readonly kind: 'concat'; readonly items: readonly RegexNode[]}
	| {readonly kind: 'alternation'; readonly options: readonly RegexNode[]}
	| {readonly kind: 'repeat'; readonly item: RegexNode; readonly min: number; readonly max: number | null};

export type ParsedRegex = {readonly ok: true; readonly node: RegexNode} | {readonly ok: false; readonly error: string};

/** Thrown inside the parser for a construct the linear matcher cannot run. */
class Unsupported extends Error {}

type Range = readonly [number, number];

const digit: readonly Range[] = [[0x30, 0x39]];
const word: readonly Range[] = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
const space: readonly Range[] = [
	[0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029],
	[0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff],
];
const lineTerminators: readonly Range[] = [[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]];

/** Complement of sorted-or-not ranges over all code points. */
function complement(ranges: readonly Range[]): readonly Range[] {
	const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
	const out: Range[] = [];
	let next = 0;
	for (const [lo, hi] of sorted) {
		if (lo > next) out.push([next, lo - 1]);
		next = Math.max(next, hi + 1);
	}
	if (next <= 0x10ffff) out.push([next, 0x10ffff]);
	return out;
}

const classEscapes: Readonly<Record<string, readonly Range[]>> = {
	d: digit,
	D: complement(digit),
	w: word,
	W: complement(word),
	s: space,
	S: complement(space),
};

const controlEscapes: Readonly<Record<string, number>> = {n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b, f: 0x0c};

const single = (code: number): readonly Range[] => [[code, code]];

class Parser {
	private index = 0;
	private readonly chars: readonly string[];

	constructor(chars: readonly string[]) {
		this.chars = chars;
	}

	parse(): RegexNode {
		const node = this.alternation();
		if (this.index < this.chars.length) throw new Unsupported(`unexpected "${this.chars[this.index]}"`);
		return node;
	}

	private peek(offset = 0): string | undefined {
		return this.chars[this.index + offset];
	}

	private alternation(): RegexNode {
		const options = [this.concatenation()];
		while (this.peek() === '|') {
			this.index++;
			options.push(this.concatenation());
		}
		return options.length === 1 ? options[0]! : {kind: 'alternation', options};
	}

	private concatenation(): RegexNode {
		const items: RegexNode[] = [];
		for (let char = this.peek(); char !== undefined && char !== '|' && char !== ')'; char = this.peek()) {
			items.push(this.quantified(this.atom()));
		}
		if (items.length === 0) return {kind: 'empty'};
		return items.length === 1 ? items[0]! : {kind: 'concat', items};
	}

	private quantified(item: RegexNode): RegexNode {
		let node = item;
		for (;;) {
			const bounds = this.quantifier();
			if (bounds === null) return node;
			if (this.peek() === '?') this.index++; // lazy: the same set of matches
			node = {kind: 'repeat', item: node, ...bounds};
		}
	}

	private quantifier(): {readonly min: number; readonly max: number | null} | null {
		const char = this.peek();
		if (char === '*' || char === '+' || char === '?') {
			this.index++;
			return char === '*' ? {min: 0, max: null} : char === '+' ? {min: 1, max: null} : {min: 0, max: 1};
		}
		if (char !== '{') return null;
		// `{n}`, `{n,}`, `{n,m}`; anything else is a literal "{" (JavaScript's non-unicode rule).
		const rest = this.chars.slice(this.index).join('');
		const found = /^\{(\d+)(,(\d*))?\}/.exec(rest);
		if (found === null) return null;
		this.index += [...found[0]].length;
		const min = Number(found[1]);
		const max = found[2] === undefined ? min : found[3] === '' ? null : Number(found[3]);
		return {min, max};
	}

	private atom(): RegexNode {
		const char = this.peek()!;
		this.index++;
		switch (char) {
			case '.': {
				return {kind: 'chars', set: {ranges: lineTerminators, negated: true}};
			}
			case '^': {
				return {kind: 'assert', which: 'start'};
			}
			case '$': {
				return {kind: 'assert', which: 'end'};
			}
			case '(': {
				return this.group();
			}
			case '[': {
				return {kind: 'chars', set: this.charClass()};
			}
			case '\\': {
				return this.escape();
			}
			default: {
				return {kind: 'chars', set: {ranges: single(char.codePointAt(0)!), negated: false}};
			}
		}
	}

	private group(): RegexNode {
		if (this.peek() === '?') {
			const kind = this.peek(1);
			if (kind === ':') {
				this.index += 2;
			} else if (kind === '<' && this.peek(2) !== '=' && this.peek(2) !== '!') {
				const close = this.chars.indexOf('>', this.index);
				this.index = close + 1;
			} else {
				throw new Unsupported('lookahead and lookbehind (?=, ?!, ?<=, ?<!) are not supported');
			}
		}
		const inner = this.alternation();
		if (this.peek() !== ')') throw new Unsupported('unterminated group');
		this.index++;
		return inner;
	}

	private escape(): RegexNode {
		const char = this.peek();
		if (char === undefined) throw new Unsupported('\\ at end of pattern');
		if (char === 'b' || char === 'B') {
			this.index++;
			return {kind: 'assert', which: char === 'b' ? 'word-boundary' : 'not-word-boundary'};
		}
		if (/[1-9]/.test(char) || (char === 'k' && this.peek(1) === '<')) {
			throw new Unsupported(`backreferences (\\${char}) are not supported`);
		}
		return {kind: 'chars', set: {ranges: this.escapedRanges(), negated: false}};
	}

	/** The ranges of the escape after a backslash (outside or inside a class); consumes it. */
	private escapedRanges(): readonly Range[] {
		const char = this.peek()!;
		this.index++;
		const set = classEscapes[char];
		if (set !== undefined) return set;
		const control = controlEscapes[char];
		if (control !== undefined) return single(control);
		if (char === '0' && !/[0-9]/.test(this.peek() ?? '')) return single(0);
		const hex = char === 'x' ? 2 : char === 'u' ? 4 : 0;
		if (hex > 0) {
			const digits = this.chars.slice(this.index, this.index + hex).join('');
			if (new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) {
				this.index += hex;
				return single(Number.parseInt(digits, 16));
			}
		}
		if (char === 'c' && /[a-zA-Z]/.test(this.peek() ?? '')) {
			return single(this.chars[this.index++]!.codePointAt(0)! % 32);
		}
		if (char === 'c') {
			this.index--; // `\c` not before a letter is a literal backslash
			return single(0x5c);
		}
		return single(char.codePointAt(0)!);
	}

	private charClass(): CharSet {
		const negated = this.peek() === '^';
		if (negated) this.index++;
		const ranges: Range[] = [];
		while (this.peek() !== ']') {
			if (this.peek() === undefined) throw new Unsupported('unterminated character class');
			const low = this.classAtom();
			if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
				this.index++;
				const high = this.classAtom();
				if (low.length === 1 && high.length === 1 && low[0]![0] === low[0]![1] && high[0]![0] === high[0]![1]) {
					ranges.push([low[0]![0], high[0]![0]]);
					continue;
				}
				// A class escape at either end (`[\d-z]`): the "-" is literal (JavaScript's non-unicode rule).
				ranges.push(...low, [0x2d, 0x2d], ...high);
				continue;
			}
			ranges.push(...low);
		}
		this.index++;
		return {ranges, negated};
	}

	private classAtom(): readonly Range[] {
		const char = this.peek()!;
		this.index++;
		if (char !== '\\') return single(char.codePointAt(0)!);
		const next = this.peek();
		if (next === 'b') {
			this.index++;
			return single(0x08);
		}
		if (next === '-') {
			this.index++;
			return single(0x2d);
		}
		return this.escapedRanges();
	}
}

/** Parses a pattern JavaScript already accepted; refuses backreferences and lookaround with a reason. */
export function parseRegex(pattern: string): ParsedRegex {
	try {
		return {ok: true, node: new Parser([...pattern]).parse()};
	} catch (error) {
		if (error instanceof Unsupported) return {ok: false, error: error.message};
		throw error;
	}
}
