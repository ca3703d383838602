/**
 * A client-side request-rate limit, as client-go's token bucket: `qps` tokens a second, at most `burst` saved
 * up; each API call takes one and waits for it when none is left. Waiting ends early (rejecting) when the
 * caller's signal aborts. Clock and timers are injectable for tests.
 */
export type RateLimiter = {
	/** Resolves when the call may go; rejects with the signal's reason when it aborts first. */
	take(signal?: AbortSignal): Promise<void>;
};

export type RateLimiterOptions = {
	readonly qps: number;
	readonly burst: number;
	readonly now?: () => number;
	readonly setTimer?: (callback: () => void, ms: number) => unknown;
	readonly clearTimer?: (timer: unknown) => void;
};

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
	const now = options.now ?? Date.now;
	const setTimer = options.setTimer ?? ((callback: () => void, ms: number) => setTimeout(callback, ms));
	const clearTimer = options.clearTimer ?? ((timer: unknown) => clearTimeout(timer as NodeJS.Timeout));
	const perMs = options.qps / 1000;
	const burst = Math.max(1, options.burst);
	let tokens = burst;
	let last = now();
	/** The time the next queued caller may go: callers are served in order. */
	let nextFree = 0;

	const refill = (): void => {
		const at = now();
		tokens = Math.min(burst, tokens + (at - last) * perMs);
		last = at;
	};

	return {
		async take(signal) {
			signal?.throwIfAborted();
			refill();
			if (tokens >= 1 && nextFree <= now()) {
				tokens -= 1;
				return;
			}
			// Reserve the next token: it comes when the bucket (minus what earlier waiters reserved) reaches one.
			tokens -= 1;
			const wait = Math.max(0, Math.ceil(-tokens / perMs));
			nextFree = now() + wait;
			await new Promise<void>((resolve, reject) => {
				const timer = setTimer(() => {
					signal?.removeEventListener('abort', onAbort);
					resolve();
				}, wait);
				const onAbort = (): void => {
					clearTimer(timer);
					tokens += 1;
					reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
				};
				signal?.addEventListener('abort', onAbort, {once: true});
			});
		},
	};
}

/** client-go's defaults are 5 / 10; a sweep makes a few calls per node, so it allows more by default. */
export const defaultSweepQps = 50;
export const defaultSweepBurst = 100;
