/** A one-entry memo over argument identity (like reselect's default): recomputes only when an argument changes. */
export function memoLast<Args extends readonly unknown[], Result>(compute: (...args: Args) => Result): (...args: Args) => Result {
	let lastArgs: Args | null = null;
	let lastResult: Result | undefined;
	return (...args: Args): Result => {
		if (lastArgs !== null && lastArgs.length === args.length && lastArgs.every((value, index) => Object.is(value, args[index]))) {
			return lastResult as Result;
		}
		lastArgs = args;
		lastResult = compute(...args);
		return lastResult;
	};
}
