/** A stable identity for a route row across refreshes (route objects are re-created by every parse). */
import type {Route} from '../net/types.js';

export function routeKey(route: Route): string {
	return [route.family, route.table ?? 'main', route.kind, route.destination, route.gateway ?? '', route.interface ?? '', route.metric].join('|');
}
