/**
 * Keeps a derived list's identity while its content stays the same, so the memos behind it (verdicts for
 * 150,000 pods, pods per node) are not recomputed when only fields they do not read changed (a pod's status,
 * restarts, age): one pass per change, no new array unless something differs. A source that is the same
 * object as last time is not derived again (the store keeps unchanged rows), so the pass is an identity
 * check for all but the rows that changed.
 */
export function stableList<Source, Item>(
	derive: (source: Source) => Item,
	same: (a: Item, b: Item) => boolean,
): (sources: readonly Source[]) => readonly Item[] {
	let last: readonly Item[] | null = null;
	let lastSources: readonly Source[] = [];
	return sources => {
		const previous = last;
		const before = lastSources;
		lastSources = sources;
		if (previous !== null && previous.length === sources.length) {
			let next: Item[] | null = null;
			for (let index = 0; index < sources.length; index++) {
				if (sources[index] === before[index]) {
					if (next !== null) next.push(previous[index]!);
					continue;
				}
				const item = derive(sources[index]!);
				const kept = item === previous[index] || same(item, previous[index]!);
				next ??= kept ? null : previous.slice(0, index);
				next?.push(kept ? previous[index]! : item);
			}
			if (next === null) return previous;
			last = next;
			return next;
		}
		last = sources.map(derive);
		return last;
	};
}
