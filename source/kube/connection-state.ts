/** Combining the connection states of several watches into the one the header shows. Pure. */
import type {ConnectionState, ConnectionStatus} from './types.js';

const severity: Readonly<Record<ConnectionStatus, number>> = {live: 0, connecting: 1, reconnecting: 2, stale: 3};

/** The worst status wins; its error (with its fix) and the highest attempt count are shown. */
export function combineConnections(states: readonly ConnectionState[], previous: ConnectionState, now: number): ConnectionState {
	let worst: ConnectionState | null = null;
	for (const state of states) {
		if (!worst || severity[state.status] > severity[worst.status]) worst = state;
	}
	if (!worst) return previous;
	const failed = worst.error === null ? states.find(state => state.error !== null) : worst;
	const error = failed?.error ?? null;
	const fix = failed?.fix ?? null;
	const attempts = Math.max(0, ...states.map(state => state.attempts));
	const since = worst.status === previous.status ? previous.since : now;
	if (worst.status === previous.status && error === previous.error && fix === previous.fix && attempts === previous.attempts) return previous;
	return {status: worst.status, since, error, fix, attempts};
}

/** Status after a failure: stale once the data is older than `staleAfterMs`, else reconnecting. */
export function statusAfterFailure(lastLiveAt: number | null, now: number, staleAfterMs: number): ConnectionStatus {
	if (lastLiveAt === null) return 'reconnecting';
	return now - lastLiveAt >= staleAfterMs ? 'stale' : 'reconnecting';
}
