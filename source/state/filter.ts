/**
 * The `/` filter: a case-insensitive regex over a row's text; a bad regex filters nothing and says why.
 * Matching runs in time linear in the row (linear-regex.ts), so no pattern can freeze the screen; the
 * constructs that need backtracking (backreferences, lookaround) are refused with that reason.
 */
import {compileLinearRegex} from './linear-regex.js';
import {memoLast} from './memo.js';

export type CompiledFilter =
	| {readonly ok: true; readonly matches: (text: string) => boolean}
	| {readonly ok: false; readonly error: string};

const matchAll: CompiledFilter = {ok: true, matches: () => true};

/** No regex metacharacters: a plain substring test does the job. */
const plainText = /^[^\\^$.|?*+()[\]{}]*$/;

function compileUncached(text: string): CompiledFilter {
	if (text === '') {
		return matchAll;
	}
	try {
		// Only to check the syntax and word its errors as JavaScript does; this compiled regex never runs.
		new RegExp(text, 'i');
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return {ok: false, error: `bad regex /${text}/: ${reason.replace(/^Invalid regular expression: /, '')}`};
	}
	if (plainText.test(text)) {
		const needle = text.toLowerCase();
		return {ok: true, matches: row => row.toLowerCase().includes(needle)};
	}
	const linear = compileLinearRegex(text);
	if (!linear.ok) {
		return {ok: false, error: `regex /${text}/ not used: ${linear.error} (the filter matches in linear time)`};
	}
	return {ok: true, matches: linear.test};
}

/** Compiles the filter text (the last one is kept: every pane's selector asks again on each frame). */
export const compileFilter: (text: string) => CompiledFilter = memoLast(compileUncached);

/** Rows whose text matches; all rows when the filter is empty or invalid. */
export function applyFilter<Row>(rows: readonly Row[], text: string, toText: (row: Row) => string): readonly Row[] {
	const filter = compileFilter(text);
	if (!filter.ok || text === '') {
		return rows;
	}
	return rows.filter(row => filter.matches(toText(row)));
}
