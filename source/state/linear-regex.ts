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
function setMatches(set: CharSet, char: string): boolean {
	const code = char.codePointAt(0)!;
	let found = inRanges(set, code);
	if (!found) {
		const lower = char.toLowerCase();
		const upper = char.toUpperCase();
		found = (lower.length === char.length && inRanges(set, lower.codePointAt(0)!))
			|| (upper.length === char.length && inRanges(set, upper.codePointAt(0)!));
	}
	return found !== set.negated;
}

const isWordChar = (char: string | undefined): boolean => char !== undefined && /^\w$/.test(char);

function assertionHolds(which: Assertion, chars: readonly string[], position: number): boolean {
	switch (which) {
		case 'start': {
			return position === 0;
		}
		case 'end': {
			return position === chars.length;
		}
		case 'word-boundary':
		case 'not-word-boundary': {
			const boundary = isWordChar(chars[position - 1]) !== isWordChar(chars[position]);
			return boundary === (which === 'word-boundary');
		}
	}
}

/** Runs the program over the text: every position starts a thread, all threads advance one character at a time. */
function run(program: readonly Instruction[], text: string): boolean {
	const chars = [...text];
	const seen = new Int32Array(program.length).fill(-1);
	let current: number[] = [];
	let next: number[] = [];
	let matched = false;
	let generation = 0;
	// Follows jumps, splits and assertions from `pc` at `position`, adding the character-reading threads to `list`.
	const add = (list: number[], start: number, position: number): void => {
		const stack = [start];
		while (stack.length > 0) {
			const pc = stack.pop()!;
			if (seen[pc] === generation) continue;
			seen[pc] = generation;
			const instruction = program[pc]!;
			switch (instruction.op) {
				case 'jump': {
					stack.push(instruction.to);
					break;
				}
				case 'split': {
					stack.push(instruction.to[1], instruction.to[0]);
					break;
				}
				case 'assert': {
					if (assertionHolds(instruction.which, chars, position)) stack.push(pc + 1);
					break;
				}
				case 'match': {
					matched = true;
					break;
				}
				case 'chars': {
					list.push(pc);
				}
			}
		}
	};
	for (let position = 0; position <= chars.length; position++) {
		add(current, 0, position);
		if (matched) return true;
		if (position === chars.length) break;
		generation++;
		const char = chars[position]!;
		for (const pc of current) {
			const instruction = program[pc]!;
			if (instruction.op === 'chars' && setMatches(instruction.set, char)) add(next, pc + 1, position + 1);
		}
		if (matched) return true;
		[current, next] = [next, current];
		next.length = 0;
	}
	return false;
}

/**
 * Compiles a case-insensitive pattern JavaScript accepts (the caller checks) for linear-time matching;
 * refuses backreferences, lookaround and programs over maxProgramSize with a reason.
 */
export function compileLinearRegex(pattern: string): LinearRegex {
	const parsed = parseRegex(pattern);
	if (!parsed.ok) return parsed;
	try {
		const program = compile(parsed.node);
		return {ok: true, test: text => run(program, text)};
	} catch (error) {
		if (error instanceof TooLarge) return {ok: false, error: `pattern too large (over ${maxProgramSize} steps once repeats are expanded)`};
		throw error;
	}
}
