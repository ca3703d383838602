/**
 * The vocabulary of a trace (`netinspect trace`): what goes in (per-node tables) and what comes out (two
 * Paths of Hops), shaped exactly as the JSON contract prints it (README, `trace`). Plain readonly data.
 */
import type {Rule} from './parse-ip-rule.js';
import type {SysctlEntry} from './parse-sysctl.js';
import type {Interface, PodRef, Problem, Route} from './types.js';

/** One node's tables as a trace needs them; `rules` / `sysctls` null when they were not read. */
export type TraceNode = {
	readonly name: string;
	/** Every table (`ip route show table all`), both families. */
	readonly routes: readonly Route[];
	readonly interfaces: readonly Interface[];
	readonly rules: readonly Rule[] | null;
	readonly sysctls: readonly SysctlEntry[] | null;
};

export type Endpoint = {
	readonly ip: string;
	readonly pod: PodRef | null;
	readonly node: string | null;
};

export type Hop = {
	/** The node deciding; null never happens for a traced hop, kept for the contract's shape. */
	readonly node: string | null;
	/** The device the packet came in on (the source pod's host veth, a tunnel, the uplink); null when sent locally. */
	readonly in: string | null;
	/** The `ip rule` that chose the table, as printed; null when no rules were read. */
	readonly rule: string | null;
	readonly table: string | null;
	/** The deciding route's destination CIDR, null when none (no-route, a rule action, a local address). */
	readonly route: string | null;
	/** What the node does: reachability.ts's outcomes (`local-pod`, `tunnel-to-node`, …), a rule action, or `not-captured`. */
	readonly outcome: string;
	readonly out: string | null;
	readonly gateway: string | null;
	readonly nextHopNode: string | null;
	/** The largest IP packet the way out carries (device MTU, less encapsulation for a tunnel), when known. */
	readonly mtu: number | null;
	readonly problems: readonly Problem[];
};

export type Path = {
	readonly delivered: boolean;
	readonly hops: readonly Hop[];
	readonly problems: readonly Problem[];
};

export type Trace = {
	readonly source: Endpoint;
	readonly destination: Endpoint;
	readonly forward: Path;
	readonly reverse: Path;
	/** The largest packet both ways carry (the smallest hop MTU), null when no hop MTU is known. */
	readonly pathMtu: number | null;
	readonly problems: readonly Problem[];
};
