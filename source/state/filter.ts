/** The `/` filter: a case-insensitive regex over a row's text; a bad regex filters nothing and says why. */
export type CompiledFilter =
	| {readonly ok: true; readonly matches: (text: string) => boolean}
	| {readonly ok: false; readonly error: string};

const matchAll: CompiledFilter = {ok: true, matches: () => true};

export function compileFilter(text: string): CompiledFilter {
	if (text === '') {
		return matchAll;
	}
	try {
		const pattern = new RegExp(text, 'i');
		return {ok: true, matches: row => pattern.test(row)};
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return {ok: false, error: `bad regex /${text}/: ${reason.replace(/^Invalid regular expression: /, '')}`};
	}
}

/** Rows whose text matches; all rows when the filter is empty or invalid. */
export function applyFilter<Row>(rows: readonly Row[], text: string, toText: (row: Row) => string): readonly Row[] {
	const filter = compileFilter(text);
	if (!filter.ok || text === '') {
		return rows;
	}
	return rows.filter(row => filter.matches(toText(row)));
}
