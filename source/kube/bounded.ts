/** Waits for `promise` at most `ms`; then rejects with what `timedOut` makes (the promise is left to settle). */
export async function bounded<T>(promise: Promise<T>, ms: number, timedOut: () => Error): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	try {
		return await Promise.race([
			promise,
			new Promise<never>((_, reject) => {
				timer = setTimeout(() => reject(timedOut()), ms);
			}),
		]);
	} finally {
		clearTimeout(timer);
	}
}
