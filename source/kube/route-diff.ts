/**
 * What changed between two reads of a node's route table: rows added since the last refresh, and rows
 * removed, kept (marked) for a while so the eye can catch them. Pure.
 */
import type {Route} from '../net/types.js';
import type {RouteChange} from './types.js';

export type RemovedRoute = {readonly route: Route; readonly removedAt: number};

export type RouteDiff = {
	readonly changes: readonly {readonly route: Route; readonly change: RouteChange}[];
	/** Removed rows still shown (pass back in next time). */
	readonly removed: readonly RemovedRoute[];
};

/** Identity of a route row across refreshes (not its line number or source). */
export function routeKey(route: Route): string {
	return [
		route.family,
		route.table ?? 'main',
		route.kind,
		route.destination,
		route.gateway ?? '',
		route.interface ?? '',
		route.metric,
	].join('|');
}

/**
 * `previous` null: the first read (nothing is new). Removed rows older than `keepMs` are dropped, and a
 * removed row that came back counts as present again.
 */
export function diffRoutes(
	previous: readonly Route[] | null,
	next: readonly Route[],
	removedBefore: readonly RemovedRoute[],
	now: number,
	keepMs: number,
): RouteDiff {
	const nextKeys = new Set(next.map(routeKey));
	const previousKeys = new Set((previous ?? []).map(routeKey));
	const removed: RemovedRoute[] = [];
	const removedKeys = new Set<string>();
	for (const entry of removedBefore) {
		const key = routeKey(entry.route);
		if (now - entry.removedAt < keepMs && !nextKeys.has(key) && !removedKeys.has(key)) {
			removed.push(entry);
			removedKeys.add(key);
		}
	}
	for (const route of previous ?? []) {
		const key = routeKey(route);
		if (!nextKeys.has(key) && !removedKeys.has(key)) {
			removed.push({route, removedAt: now});
			removedKeys.add(key);
		}
	}
	const changes = [
		...next.map(route => ({
			route,
			change: (previous !== null && !previousKeys.has(routeKey(route)) ? 'added' : 'same') as RouteChange,
		})),
		...removed.map(entry => ({route: entry.route, change: 'removed' as RouteChange})),
	];
	return {changes, removed};
}

/**
 * diffRoutes when `routes` is the table the last diff was made for (`changes` is that diff): nothing is
 * added, the removed rows are those kept minus the expired ones. Returns `changes` itself when it still holds
 * (nothing to unmark), so what is memoised on it is not done again.
 */
export function sameRoutesDiff(
	routes: readonly Route[],
	changes: RouteDiff['changes'],
	removedBefore: readonly RemovedRoute[],
	now: number,
	keepMs: number,
): RouteDiff {
	const removed = expireRemoved(removedBefore, now, keepMs);
	if (removed.length === removedBefore.length && !changes.some(entry => entry.change === 'added')) {
		return {changes, removed: removedBefore};
	}
	return {
		changes: [
			...routes.map(route => ({route, change: 'same' as RouteChange})),
			...removed.map(entry => ({route: entry.route, change: 'removed' as RouteChange})),
		],
		removed,
	};
}

/** Removed rows only, without those older than `keepMs` (for expiring them between refreshes). */
export function expireRemoved(removed: readonly RemovedRoute[], now: number, keepMs: number): readonly RemovedRoute[] {
	return removed.filter(entry => now - entry.removedAt < keepMs);
}
