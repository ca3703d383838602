/** Waits that end early when a client goes away (an exec or attach whose connection closed). */

export function waitForAbort(signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal.aborted) resolve();
		else signal.addEventListener('abort', () => resolve(), {once: true});
	});
}

/** true after `seconds`; false as soon as the signal aborts (or when it already has). */
export function sleepAbortable(seconds: number, signal: AbortSignal): Promise<boolean> {
	return new Promise((resolve) => {
		if (signal.aborted) {
			resolve(false);
			return;
		}
		const timer = setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolve(true);
		}, seconds * 1000);
		timer.unref();
		const onAbort = () => {
			clearTimeout(timer);
			resolve(false);
		};
		signal.addEventListener('abort', onAbort, {once: true});
	});
}
