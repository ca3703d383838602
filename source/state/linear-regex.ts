/**
 * A regex matcher whose cost is linear in the text: the pattern (regex-syntax.ts) compiles to a small
 * program that runs as a set of threads stepping over the text together (Thompson's construction, as in
 * RE2), so `(a+)+$` against a long pod name costs the same as `a+$`. JavaScript's own engine backtracks,
 * and one such pattern typed into `/` would freeze the screen. Case-insensitive; answers only "does it
 * match anywhere".
 */
import {parseRegex, type Assertion, type CharSet, type RegexNode} from './regex-syntax.js';

type Instruction =
	| {readonly op: 'chars'; readonly set: CharSet}
	| {readonly op: 'split'; readonly to: readonly [number, number]}
	| {readonly op: 'jump'; readonly to: number}
	| {readonly op: 'assert'; readonly which: Assertion}
	| {readonly op: 'match'};

/** Programs larger than this (e.g. `(a{100}){100}`) are refused: the cost is text length × program size. */
export const maxProgramSize = 5000;

export type LinearRegex =
	| {readonly ok: true; readonly test: (text: string) => boolean}
	| {readonly ok: false; readonly error: string};

class TooLarge extends Error {}

/** Compiles the tree into instructions; split/jump targets are patched as the program grows. */
function compile(root: RegexNode): readonly Instruction[] {
	const program: Instruction[] = [];
	const emit = (instruction: Instruction): number => {
		if (program.length >= maxProgramSize) throw new TooLarge();
		program.push(instruction);
		return program.length - 1;
	};
	const emitNode = (node: RegexNode): void => {
		switch (node.kind) {
			case 'empty': {
				return;
			}
			case 'chars': {
				emit({op: 'chars', set: node.set});
				return;
			}
			case 'assert': {
				emit({op: 'assert', which: node.which});
				return;
			}
			case 'concat': {
				for (const item of node.items) emitNode(item);
				return;
			}
			case 'alternation': {
				const jumps: number[] = [];
				node.options.forEach((option, index) => {
					if (index === node.options.length - 1) {
						emitNode(option);
						return;
					}
					const split = emit({op: 'split', to: [0, 0]});
					emitNode(option);
					jumps.push(emit({op: 'jump', to: 0}));
					program[split] = {op: 'split', to: [split + 1, program.length]};
				});
				for (const jump of jumps) program[jump] = {op: 'jump', to: program.length};
				return;
			}
			case 'repeat': {
				for (let count = 0; count < node.min; count++) emitNode(node.item);
				if (node.max === null) {
					const split = emit({op: 'split', to: [0, 0]});
					emitNode(node.item);
					emit({op: 'jump', to: split});
					program[split] = {op: 'split', to: [split + 1, program.length]};
					return;
				}
				const splits: number[] = [];
				for (let count = node.min; count < node.max; count++) {
					splits.push(emit({op: 'split', to: [0, 0]}));
					emitNode(node.item);
				}
				for (const split of splits) program[split] = {op: 'split', to: [split + 1, program.length]};
			}
		}
	};
	emitNode(root);
	emit({op: 'match'});
	return program;
}

function inRanges(set: CharSet, code: number): boolean {
	for (const [low, high] of set.ranges) {
		if (code >= low && code <= high) return true;
	}
	return false;
}

/** Case-insensitive membership: the character itself or its other case is in the set. */
function setMatches(set: CharSet, code: number): boolean {
	let found = inRanges(set, code);
	if (!found) {
		const char = String.fromCodePoint(code);
		// As JavaScript's case folding: a single character, and never from outside ASCII into it (ı is not I).
		const folds = (other: string): boolean => {
			const folded = other.codePointAt(0)!;
			return other.length === char.length && !(code >= 128 && folded < 128) && inRanges(set, folded);
		};
		found = folds(char.toLowerCase()) || folds(char.toUpperCase());
	}
	return found !== set.negated;
}

const opChars = 0;
const opSplit = 1;
const opJump = 2;
const opAssert = 3;
const opMatch = 4;
const assertions: readonly Assertion[] = ['start', 'end', 'word-boundary', 'not-word-boundary'];

/** The program in flat arrays for the hot loop, with an answer table for ASCII per character set. */
type Machine = {
	readonly ops: Uint8Array;
	/** Jump/first split target, or the assertion's index. */
	readonly x: Int32Array;
	readonly y: Int32Array;
	readonly sets: readonly (CharSet | null)[];
	readonly ascii: readonly (Uint8Array | null)[];
};

function assemble(program: readonly Instruction[]): Machine {
	const ops = new Uint8Array(program.length);
	const x = new Int32Array(program.length);
	const y = new Int32Array(program.length);
	const sets: (CharSet | null)[] = [];
	const ascii: (Uint8Array | null)[] = [];
	program.forEach((instruction, pc) => {
		sets.push(instruction.op === 'chars' ? instruction.set : null);
		ascii.push(null);
		switch (instruction.op) {
			case 'chars': {
				ops[pc] = opChars;
				const table = new Uint8Array(128);
				for (let code = 0; code < 128; code++) table[code] = setMatches(instruction.set, code) ? 1 : 0;
				ascii[pc] = table;
				break;
			}
			case 'split': {
				ops[pc] = opSplit;
				[x[pc], y[pc]] = instruction.to;
				break;
			}
			case 'jump': {
				ops[pc] = opJump;
				x[pc] = instruction.to;
				break;
			}
			case 'assert': {
				ops[pc] = opAssert;
				x[pc] = assertions.indexOf(instruction.which);
				break;
			}
			case 'match': {
				ops[pc] = opMatch;
			}
		}
	});
	return {ops, x, y, sets, ascii};
}

/** \w for the code unit at `index` (surrogates and anything past the ends are not word characters). */
function isWordAt(text: string, index: number): boolean {
	if (index < 0 || index >= text.length) return false;
	const code = text.charCodeAt(index);
	return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || code === 0x5f || (code >= 0x61 && code <= 0x7a);
}

function assertionHolds(which: number, text: string, position: number): boolean {
	if (which === 0) return position === 0;
	if (which === 1) return position === text.length;
	const boundary = isWordAt(text, position - 1) !== isWordAt(text, position);
	return boundary === (which === 2);
}

/** Working memory of one machine, reused from text to text (one row after another, never two at once). */
type Buffers = {
	readonly seen: Int32Array;
	current: Int32Array;
	next: Int32Array;
	readonly stack: Int32Array;
	generation: number;
};

function buffersFor(size: number): Buffers {
	return {seen: new Int32Array(size).fill(-1), current: new Int32Array(size), next: new Int32Array(size), stack: new Int32Array(2 * size + 2), generation: 0};
}

/**
 * Runs the machine over the text: every position starts a thread, all threads advance one character (code
 * point) at a time, each instruction at most once per position, so the cost is text length × program size.
 */
function run(machine: Machine, buffers: Buffers, text: string): boolean {
	const {ops, x, y, sets, ascii} = machine;
	const {seen, stack} = buffers;
	if (buffers.generation > 1 << 30) {
		// Far from the Int32 limit still: start the generations again rather than let them wrap.
		seen.fill(-1);
		buffers.generation = 0;
	}
	let {current, next} = buffers;
	let currentCount = 0;
	let nextCount = 0;
	// Generations go on from the last run, so `seen` needs no clearing between texts.
	let generation = ++buffers.generation;
	let matched = false;
	// Follows jumps, splits and assertions from `start` at `position`, adding the character-reading threads to `list`.
	const add = (list: Int32Array, count: number, start: number, position: number): number => {
		let top = 0;
		stack[top++] = start;
		while (top > 0) {
			const pc = stack[--top]!;
			if (seen[pc] === generation) continue;
			seen[pc] = generation;
			switch (ops[pc]) {
				case opJump: {
					stack[top++] = x[pc]!;
					break;
				}
				case opSplit: {
					stack[top++] = y[pc]!;
					stack[top++] = x[pc]!;
					break;
				}
				case opAssert: {
					if (assertionHolds(x[pc]!, text, position)) stack[top++] = pc + 1;
					break;
				}
				case opMatch: {
					matched = true;
					break;
				}
				default: {
					list[count++] = pc;
				}
			}
		}
		return count;
	};
	let position = 0;
	for (;;) {
		currentCount = add(current, currentCount, 0, position);
		if (matched) return true;
		if (position >= text.length) return false;
		let code = text.charCodeAt(position);
		let width = 1;
		if (code >= 0xd8_00 && code <= 0xdb_ff && position + 1 < text.length) {
			const low = text.charCodeAt(position + 1);
			if (low >= 0xdc_00 && low <= 0xdf_ff) {
				code = ((code - 0xd8_00) << 10) + (low - 0xdc_00) + 0x1_00_00;
				width = 2;
			}
		}
		generation = ++buffers.generation;
		nextCount = 0;
		for (let index = 0; index < currentCount; index++) {
			const pc = current[index]!;
			const hit = code < 128 ? ascii[pc]![code] === 1 : setMatches(sets[pc]!, code);
			if (hit) nextCount = add(next, nextCount, pc + 1, position + width);
		}
		if (matched) return true;
		[current, next] = [next, current];
		currentCount = nextCount;
		position += width;
	}
}

/** The pattern node as one ASCII character (lowercase), when it is exactly that. */
function literalChar(node: RegexNode): string | null {
	if (node.kind !== 'chars' || node.set.negated || node.set.ranges.length !== 1) return null;
	const [low, high] = node.set.ranges[0]!;
	return low === high && low < 128 ? String.fromCharCode(low).toLowerCase() : null;
}

/** ASCII texts every match must contain (lowercase runs of literal characters): rows without one need no run. */
export function requiredTexts(node: RegexNode): readonly string[] {
	switch (node.kind) {
		case 'chars': {
			const char = literalChar(node);
			return char === null ? [] : [char];
		}
		case 'repeat': {
			return node.min >= 1 ? requiredTexts(node.item) : [];
		}
		case 'concat': {
			const texts: string[] = [];
			let run = '';
			for (const item of node.items) {
				const char = literalChar(item);
				if (char !== null) {
					run += char;
					continue;
				}
				if (run !== '') texts.push(run);
				run = '';
				texts.push(...requiredTexts(item));
			}
			if (run !== '') texts.push(run);
			return texts;
		}
		default: {
			return [];
		}
	}
}

const nonAscii = /[^\u0000-\u007F]/;

/**
 * Compiles a case-insensitive pattern JavaScript accepts (the caller checks) for linear-time matching;
 * refuses backreferences, lookaround and programs over maxProgramSize with a reason.
 */
export function compileLinearRegex(pattern: string): LinearRegex {
	const parsed = parseRegex(pattern);
	if (!parsed.ok) return parsed;
	try {
		const machine = assemble(compile(parsed.node));
		const buffers = buffersFor(machine.ops.length);
		const needles = requiredTexts(parsed.node);
		// Most rows lack a literal part of the pattern: substring tests settle them (ASCII rows: folding is plain there).
		const hopeless = (text: string): boolean => {
			if (needles.length === 0 || nonAscii.test(text)) return false;
			const lower = text.toLowerCase();
			return needles.some(needle => !lower.includes(needle));
		};
		return {ok: true, test: text => !hopeless(text) && run(machine, buffers, text)};
	} catch (error) {
		if (error instanceof TooLarge) return {ok: false, error: `pattern too large (over ${maxProgramSize} steps once repeats are expanded)`};
		throw error;
	}
}
