/**
 * Retry timing, pure: exponential backoff (1 s → 30 s by default) for failed watches and probes, and a
 * reconnect limiter for watch streams that end too soon (client-node 1.4.0 re-watches at once: W3).
 */

export type BackoffPolicy = {
	readonly initialMs: number;
	readonly maxMs: number;
};

export const watchBackoff: BackoffPolicy = {initialMs: 1000, maxMs: 30_000};

/** Delay before retry number `attempt` (1-based): initial · 2^(attempt-1), capped. */
export function backoffDelay(attempt: number, policy: BackoffPolicy = watchBackoff): number {
	if (attempt <= 0) return 0;
	const exponent = Math.min(attempt - 1, 30);
	return Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
}

/** A stream that lived less than this ended "too soon". */
export const shortStreamMs = 5000;
/** This many short streams in a row reconnect at once; more are spaced out by backoff. */
export const freeShortStreams = 2;

/** Delay before re-watching after `shortStreams` consecutive streams that ended too soon. */
export function reconnectDelay(shortStreams: number, policy: BackoffPolicy = watchBackoff): number {
	return shortStreams <= freeShortStreams ? 0 : backoffDelay(shortStreams - freeShortStreams, policy);
}
