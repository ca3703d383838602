/**
 * Policy routing as the kernel does it (fib_rules): the rules in priority order, each one's selectors
 * (`from`, `to`, `iif`, `fwmark`, `not`) against the packet, then its action: `lookup TABLE` takes that
 * table's longest prefix (route-table.ts) unless it is a `throw` route, suppressed by
 * `suppress_prefixlength`, or the table has nothing (then the next rule); `goto`, `nop`, and the terminal
 * `blackhole` / `unreachable` / `prohibit`. Pure.
 *
 * What cannot be decided for a route lookup (ports, protocol, uid range, tos, oif) makes the rule not match;
 * such rules are listed in `undecided` so the caller can say so. Without any `ip rule` input the kernel's
 * default rules apply (local, main, default).
 */
import {parsePrefix, prefixContains, type IpAddress} from './ip.js';
import {defaultRules, type Rule} from './parse-ip-rule.js';
import {buildRouteTable, tableId, type RouteTable} from './route-table.js';
import type {Route} from './types.js';

export type PolicyPacket = {
	readonly destination: IpAddress;
	/** Null when unknown (then a rule with a `from` prefix does not match). */
	readonly source: IpAddress | null;
	/** The device the packet came in on; null for a packet the node sends itself (`iif lo`). */
	readonly iif: string | null;
	/** The packet's firewall mark (0 unless a CNI marks it). */
	readonly mark: number;
};

export type PolicyDecision = {
	/** The rule that decided, null when none did. */
	readonly rule: Rule | null;
	/** The table the route came from (`main`, `local`, `2`), null for a rule action or no route. */
	readonly table: string | null;
	readonly route: Route | null;
	/** `local`: the local table holds the address; `route`: see route.kind; a rule action; `no-route`. */
	readonly kind: 'local' | 'route' | 'blackhole' | 'unreachable' | 'prohibit' | 'no-route';
	/** Rules that might have matched but have selectors a route lookup cannot decide. */
	readonly undecided: readonly Rule[];
};

export type PolicyRouter = {
	lookup(packet: PolicyPacket): PolicyDecision;
	/** The rules in force for a family, in priority order (the defaults when none were read). */
	rules(family: 4 | 6): readonly Rule[];
};

function prefixMatches(cidr: string | null, ip: IpAddress | null): boolean | null {
	if (cidr === null) return true;
	if (ip === null) return null;
	const prefix = parsePrefix(cidr);
	return prefix !== null && prefixContains(prefix, ip);
}

/** true / false, or null when the rule has a selector a route lookup cannot decide. */
function matches(rule: Rule, packet: PolicyPacket): boolean | null {
	if (rule.undecidable.length > 0) return null;
	const from = prefixMatches(rule.from, packet.source);
	if (from === null) return null;
	const to = prefixMatches(rule.to, packet.destination);
	const iif = rule.iif === null || rule.iif === (packet.iif ?? 'lo');
	const mark = rule.fwmark === null || ((packet.mark & (rule.fwmask ?? 0xffff_ffff)) >>> 0) === rule.fwmark;
	const all = from && to === true && iif && mark;
	return rule.not ? !all : all;
}

function suppressed(rule: Rule, route: Route): boolean {
	if (rule.suppressPrefixLength === null) return false;
	const prefix = parsePrefix(route.destination, route.family);
	return prefix !== null && prefix.length <= rule.suppressPrefixLength;
}

/**
 * A router over one node's routes (every table) and rules. `isLocal` says whether an address is the node's
 * own (the local table: reachability.ts knows it from the interfaces and local routes).
 */
export function buildPolicyRouter(
	routes: readonly Route[],
	rules: readonly Rule[] | null,
	isLocal: (ip: IpAddress) => boolean,
	mainTable?: RouteTable,
): PolicyRouter {
	const tables = new Map<string, RouteTable>();
	if (mainTable) tables.set('254', mainTable);
	const table = (name: string): RouteTable => {
		const id = tableId(name);
		let built = tables.get(id);
		if (!built) {
			built = buildRouteTable(routes, id);
			tables.set(id, built);
		}
		return built;
	};
	const sorted = (family: 4 | 6): readonly Rule[] => {
		const own = (rules ?? []).filter(rule => rule.family === family);
		if (own.length === 0) return defaultRules(family);
		return own.map((rule, order) => ({rule, order})).sort((a, b) => a.rule.priority - b.rule.priority || a.order - b.order).map(entry => entry.rule);
	};
	const byFamily = {4: sorted(4), 6: sorted(6)} as const;
	return {
		rules: family => byFamily[family],
		lookup(packet) {
			const list = byFamily[packet.destination.family];
			const undecided: Rule[] = [];
			let index = 0;
			// A goto only jumps forward, so the walk ends; the step bound is belt and braces.
			for (let steps = 0; index < list.length && steps <= list.length * 2; steps++) {
				const rule = list[index]!;
				index++;
				const match = matches(rule, packet);
				if (match === null) {
					undecided.push(rule);
					continue;
				}
				if (!match) continue;
				switch (rule.action) {
					case 'nop': {
						continue;
					}
					case 'goto': {
						const target = rule.target ?? 0;
						const next = list.findIndex(candidate => candidate.priority >= target && candidate.priority > rule.priority);
						if (next === -1) index = list.length;
						else index = next;
						continue;
					}
					case 'blackhole':
					case 'unreachable':
					case 'prohibit': {
						return {rule, table: null, route: null, kind: rule.action, undecided};
					}
					case 'lookup': {
						const name = rule.table ?? 'main';
						if (tableId(name) === '255') {
							if (isLocal(packet.destination)) return {rule, table: 'local', route: null, kind: 'local', undecided};
							continue;
						}
						const route = table(name).lookupParsed(packet.destination);
						if (!route || route.kind === 'throw' || suppressed(rule, route)) continue;
						return {rule, table: name, route, kind: 'route', undecided};
					}
				}
			}
			return {rule: null, table: null, route: null, kind: 'no-route', undecided};
		},
	};
}

/** The rule as a short label for a hop (`1536: from 10.0.1.60 lookup 2`). */
export function ruleLabel(rule: Rule): string {
	return rule.text.replace('\t', ' ');
}
