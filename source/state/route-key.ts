/** A stable identity for a route row across refreshes (route objects are re-created by every parse). */
import type {Route} from '../net/types.js';

const keys = new WeakMap<Route, string>();

/** Kept per route object (routes are immutable): the selectors ask for it per row, per verdict, per frame. */
export function routeKey(route: Route): string {
	let key = keys.get(route);
	if (key === undefined) {
		key = [route.family, route.table ?? 'main', route.kind, route.destination, route.gateway ?? '', route.interface ?? '', route.metric].join('|');
		keys.set(route, key);
	}
	return key;
}
