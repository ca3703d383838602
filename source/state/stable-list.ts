/**
 * Keeps a derived list's identity while its content stays the same, so the memos behind it (verdicts for
 * 150,000 pods, pods per node) are not recomputed when only fields they do not read changed (a pod's status,
 * restarts, age): one pass of cheap comparisons per change, no new array unless something differs.
 */
export function stableList<Source, Item>(
	derive: (source: Source) => Item,
	same: (a: Item, b: Item) => boolean,
): (sources: readonly Source[]) => readonly Item[] {
	let last: readonly Item[] | null = null;
	return sources => {
		const previous = last;
		if (previous !== null && previous.length === sources.length) {
			let index = 0;
			for (; index < sources.length; index++) {
				const item = derive(sources[index]!);
				if (item !== previous[index] && !same(item, previous[index]!)) break;
			}
			if (index === sources.length) return previous;
		}
		last = sources.map(derive);
		return last;
	};
}
