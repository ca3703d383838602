import {makeRoute} from '../../source/net/route.js';
import {describe, expect, it} from 'vitest';
import type {Route} from '../../source/net/types.js';
import {diffRoutes, expireRemoved, routeKey, sameRoutesDiff} from '../../source/kube/route-diff.js';

function route(destination: string, device = 'tunl0', line: number | null = null): Route {
	return makeRoute({family: 4, destination, interface: device, source: 'ip-route-json', line});
}

const a = route('10.0.0.0/24');
const b = route('10.0.1.0/24');
const c = route('10.0.2.0/24');

describe('diffRoutes', () => {
	it('marks nothing on the first read', () => {
		expect(diffRoutes(null, [a, b], [], 0, 10).changes.map(row => row.change)).toEqual(['same', 'same']);
	});

	it('marks added rows and keeps removed rows at the end', () => {
		const diff = diffRoutes([a, b], [a, c], [], 100, 10);
		expect(diff.changes.map(row => `${row.route.destination}:${row.change}`)).toEqual([
			'10.0.0.0/24:same',
			'10.0.2.0/24:added',
			'10.0.1.0/24:removed',
		]);
		expect(diff.removed).toEqual([{route: b, removedAt: 100}]);
	});

	it('keeps removed rows for keepMs across refreshes, drops them when they come back', () => {
		const first = diffRoutes([a, b], [a], [], 100, 50);
		const second = diffRoutes([a], [a], first.removed, 120, 50);
		expect(second.changes.map(row => row.change)).toEqual(['same', 'removed']);
		const third = diffRoutes([a], [a], second.removed, 150, 50);
		expect(third.changes.map(row => row.change)).toEqual(['same']);
		const back = diffRoutes([a], [a, b], first.removed, 110, 50);
		expect(back.changes.map(row => row.change)).toEqual(['same', 'added']);
		expect(back.removed).toEqual([]);
	});

	it('ignores line numbers; a changed interface is a different row', () => {
		expect(routeKey(route('10.0.0.0/24', 'tunl0', 3))).toBe(routeKey(route('10.0.0.0/24', 'tunl0', 9)));
		expect(routeKey(route('10.0.0.0/24', 'eth0'))).not.toBe(routeKey(a));
		expect(expireRemoved([{route: a, removedAt: 0}, {route: b, removedAt: 90}], 100, 50)).toEqual([{route: b, removedAt: 90}]);
	});
});

describe('sameRoutesDiff (a refresh that read the table the last diff was made for)', () => {
	const shown = (diff: ReturnType<typeof diffRoutes>) => ({
		changes: diff.changes.map(row => `${row.route.destination}:${row.change}`),
		removed: diff.removed,
	});

	it('gives what diffRoutes gives: added rows turn same, removed rows stay until keepMs, then go', () => {
		const first = diffRoutes([a, b], [a, c], [], 100, 50);
		for (const now of [120, 149, 150, 400]) {
			expect(shown(sameRoutesDiff([a, c], first.changes, first.removed, now, 50))).toEqual(shown(diffRoutes([a, c], [a, c], first.removed, now, 50)));
		}
		expect(sameRoutesDiff([a, c], first.changes, first.removed, 120, 50).changes.map(row => row.change)).toEqual(['same', 'same', 'removed']);
	});

	it('hands back the same changes and removed rows while nothing is added and nothing expires', () => {
		const first = diffRoutes([a, b], [a], [], 100, 50);
		const settled = sameRoutesDiff([a], first.changes, first.removed, 120, 50);
		expect(settled.changes).toBe(first.changes);
		expect(settled.removed).toBe(first.removed);
		const quiet = diffRoutes(null, [a, b], [], 0, 50);
		expect(sameRoutesDiff([a, b], quiet.changes, quiet.removed, 5000, 50).changes).toBe(quiet.changes);
	});
});
