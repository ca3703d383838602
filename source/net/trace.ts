/**
 * A trace: where a packet from one endpoint to another goes, node by node, and where the reply goes. Pure.
 *
 * Each hop is one node's decision: policy routing (policy-route.ts: rules in priority order, then the chosen
 * table's longest prefix) picks the route, and reachability.ts's verdict says what that route means
 * (`local-pod`, `tunnel-to-node`, `direct-to-node`, `blackhole`, …) and which node the next hop is. The walk
 * moves to that node, entering on the device the encapsulation or the gateway implies (the same tunnel kind
 * there; the device holding the gateway address), and stops at delivery, a drop, a hop that leaves the
 * cluster, a node without tables (`not-captured`) or a node seen before (`loop`).
 *
 * Checked on the way: strict (1) and loose (2) rp_filter on the device a packet comes in on (the kernel's
 * reverse lookup: the route back to the source must leave through that device, or merely exist), IPv4
 * forwarding, link state, and MTU (a tunnel carries its own MTU or its underlay's less the encapsulation,
 * whichever is smaller; a source veth larger than the path is `mtu-mismatch`). The reverse path is the same
 * walk from the destination; `asymmetric` when it crosses other nodes or tunnel kinds than the forward.
 */
import {calicoVethName} from './calico-veth-name.js';
import type {ClusterIndex} from './cluster-index.js';
import {formatIp, parseIp, type IpAddress} from './ip.js';
import {buildPolicyRouter, ruleLabel, type PolicyDecision, type PolicyRouter} from './policy-route.js';
import {forwardingOf, rpFilterOf} from './parse-sysctl.js';
import {inputProblems} from './problems.js';
import {judgeWithRoute, prepareNetwork, type PreparedNetwork} from './reachability.js';
import type {Endpoint, Hop, Path, Trace, TraceNode} from './trace-types.js';
import {overheadBytes, tunnelKindOf, type TunnelKind} from './encapsulation.js';
import {classifyInterface} from './interface-kind.js';
import type {Interface, Problem, Verdict} from './types.js';

/** A device's tunnel kind (encapsulation.ts), by its name's CNI convention when the node's interfaces lack it. */
export function tunnelKind(device: Interface | undefined, name: string): TunnelKind | null {
	if (device) return tunnelKindOf(device);
	return tunnelKindOf({name, linkKind: null, linkType: null, role: classifyInterface(name, null, null).role});
}

type PreparedNode = {
	readonly node: TraceNode;
	readonly network: PreparedNetwork;
	readonly router: PolicyRouter;
};

/** The tables of every node, prepared once (a trace, and every later one, only looks up). */
export type TraceNetwork = {
	readonly cluster: ClusterIndex;
	node(name: string): PreparedNode | null;
};

export function prepareTraceNetwork(nodes: readonly TraceNode[], cluster: ClusterIndex): TraceNetwork {
	const prepared = new Map<string, PreparedNode>();
	for (const node of nodes) {
		if (prepared.has(node.name)) continue;
		const network = prepareNetwork({node: node.name, routes: node.routes, interfaces: node.interfaces});
		const isLocal = (ip: IpAddress): boolean => {
			if (network.localAddresses.has(formatIp(ip))) return true;
			const own = cluster.nodeAddress(ip);
			return own !== null && own.node === node.name && own.source !== 'external-ip';
		};
		prepared.set(node.name, {node, network, router: buildPolicyRouter(node.routes, node.rules, isLocal, network.table)});
	}
	return {cluster, node: name => prepared.get(name) ?? null};
}

const stopOutcomes: ReadonlySet<string> = new Set(['blackhole', 'unreachable', 'prohibit', 'no-route']);

function add(problems: Problem[], problem: Problem): void {
	if (!problems.includes(problem)) problems.push(problem);
}

/** The device a reply to `source` would leave through, per the node's policy routing (null: none / dropped). */
function routeBack(node: PreparedNode, source: IpAddress, destination: IpAddress | null): PolicyDecision {
	return node.router.lookup({destination: source, source: destination, iif: null, mark: 0});
}

/**
 * The kernel's reverse-path filter on the device a packet came in on: strict needs the route back to leave
 * through it, loose needs a route back at all. Null when the packet passes (or no rp_filter was read).
 */
function rpFilterDrop(node: PreparedNode, inDevice: string, source: IpAddress, destination: IpAddress): Problem | null {
	if (!node.node.sysctls) return null;
	const mode = rpFilterOf(node.node.sysctls, inDevice);
	if (mode === null || mode === 0) return null;
	const back = routeBack(node, source, destination);
	const route = back.route;
	const usable = back.kind === 'local' || (back.kind === 'route' && route !== null && route.kind === 'unicast');
	if (!usable) return 'rp-filter-drop';
	if (mode === 2 || back.kind === 'local') return null;
	const devices = new Set([route!.interface, ...route!.nexthops.map(hop => hop.interface)]);
	return devices.has(inDevice) ? null : 'rp-filter-drop';
}

/**
 * The device on the next node a packet arrives on: a tunnel of the same kind (the same name first, which is
 * also the guess when that node has no tables), the device holding the gateway address, or (on-link) the one
 * holding the destination address.
 */
function ingressOn(next: PreparedNode | null, here: PreparedNode, verdict: Verdict, destination: IpAddress): string | null {
	const out = verdict.interface;
	if (out !== null) {
		const kind = tunnelKind(here.network.interfacesByName.get(out), out);
		// A CNI names its tunnel alike on every node: without the next node's tables, that name is the guess.
		if (kind !== null && !next) return out;
		if (kind !== null && next) {
			if (next.network.interfacesByName.has(out)) return out;
			const same = next.node.interfaces.find(device => tunnelKind(device, device.name) === kind);
			if (same) return same.name;
		}
	}
	if (!next) return null;
	const gateway = verdict.gateway === null ? null : parseIp(verdict.gateway);
	return next.network.localAddresses.get(formatIp(gateway ?? destination)) ?? null;
}

/** Largest packet out of the hop's device: its MTU (or the route's), a tunnel's also limited by its underlay. */
function hopMtu(node: PreparedNode, verdict: Verdict, cluster: ClusterIndex, problems: Problem[]): number | null {
	const out = verdict.interface;
	if (out === null) return null;
	const device = node.network.interfacesByName.get(out);
	let mtu = device?.mtu ?? null;
	const routeMtu = verdict.route?.mtu ?? null;
	if (routeMtu !== null && (mtu === null || routeMtu < mtu)) mtu = routeMtu;
	const kind = tunnelKind(device, out);
	if (kind === null || verdict.nextHopNode === null) return mtu;
	const remote = cluster.node(verdict.nextHopNode)?.internalIps[0];
	const remoteIp = remote === undefined ? null : parseIp(remote);
	const underlayRoute = remoteIp ? node.network.table.lookupParsed(remoteIp) : null;
	const underlay = underlayRoute?.interface ? (node.network.interfacesByName.get(underlayRoute.interface)?.mtu ?? null) : null;
	if (underlay === null || remoteIp === null) return mtu;
	const carried = underlay - overheadBytes[kind] - (remoteIp.family === 6 ? 20 : 0);
	if (mtu !== null && mtu > carried) add(problems, 'mtu-mismatch');
	return mtu === null ? carried : Math.min(mtu, carried);
}

function outcomeOf(decision: PolicyDecision, verdict: Verdict): string {
	if (decision.kind === 'blackhole' || decision.kind === 'unreachable' || decision.kind === 'prohibit') return decision.kind;
	return verdict.outcome;
}

/** Whether the endpoint is reached when a node delivers the packet locally (to itself or into a pod veth). */
function reachedHere(destination: Endpoint, node: string, verdict: Verdict): boolean {
	if (verdict.problems.includes('pod-on-other-node') || verdict.problems.includes('link-down')) return false;
	if (verdict.outcome === 'local-address') return destination.pod === null || destination.node === node;
	return destination.node === null || destination.node === node;
}

type Walk = {readonly hops: Hop[]; delivered: boolean};

const maxHops = 64;

/** One direction: from `from` to `to`, node by node. */
function walk(from: Endpoint, to: Endpoint, network: TraceNetwork): Path {
	const source = parseIp(from.ip);
	const destination = parseIp(to.ip);
	const result: Walk = {hops: [], delivered: false};
	const pathProblems: Problem[] = [];
	if (!source || !destination || source.family !== destination.family) {
		return {delivered: false, hops: [], problems: [source && destination ? 'family-mismatch' : 'invalid-ip']};
	}
	if (from.node === null) return {delivered: false, hops: [], problems: ['source-node-unknown']};
	const cluster = network.cluster;
	const destinationPod = to.pod !== null && to.node !== null && !(cluster.podAt(destination)?.hostNetwork ?? false);
	let nodeName = from.node;
	let inDevice: string | null = null;
	const first = network.node(nodeName);
	if (first && from.pod !== null) {
		// The source pod's traffic enters its node on the host side of its veth (the route to the pod's IP).
		const back = routeBack(first, source, null);
		const verdict = judgeWithRoute(source, back.route, first.network, cluster);
		if (verdict.outcome === 'local-pod') inDevice = verdict.interface;
		// Without its host route the pod still sends through its veth: Calico names it after the pod.
		const calico = calicoVethName(from.pod.namespace, from.pod.name);
		if (inDevice === null && first.network.interfacesByName.has(calico)) inDevice = calico;
	}
	const visited = new Set<string>();
	const sourceVethMtu: number | null = inDevice === null ? null : (first?.network.interfacesByName.get(inDevice)?.mtu ?? null);
	for (let count = 0; count < maxHops; count++) {
		visited.add(nodeName);
		const node = network.node(nodeName);
		if (!node) {
			result.hops.push(blankHop(nodeName, inDevice, 'not-captured', ['node-not-captured']));
			break;
		}
		const problems: Problem[] = [];
		const decision = node.router.lookup({destination, source, iif: inDevice, mark: 0});
		const verdict = judgeWithRoute(destination, decision.kind === 'route' ? decision.route : null, node.network, cluster);
		const outcome = outcomeOf(decision, verdict);
		// What the input cannot show (route -n: main table only) is said once per node by the caller, not per hop.
		for (const problem of verdict.problems) if (!inputProblems.has(problem)) add(problems, problem);
		if (decision.undecided.length > 0) add(problems, 'rule-undecided');
		if (inDevice !== null) {
			const drop = rpFilterDrop(node, inDevice, source, destination);
			if (drop) add(problems, drop);
		}
		const local = outcome === 'local-address' || outcome === 'local-pod';
		if (!local && count > 0 && node.node.sysctls && forwardingOf(node.node.sysctls, 'all', destination.family) === false) add(problems, 'forwarding-off');
		// The destination pod's own node does not deliver into its veth: its host route is gone.
		if (destinationPod && to.node === nodeName && !local) add(problems, 'missing-host-route');
		if (outcome === 'via-default' && destinationPod) add(problems, 'via-default');
		if (stopOutcomes.has(outcome)) add(problems, outcome);
		const mtu = local && outcome === 'local-address' ? null : hopMtu(node, verdict, cluster, problems);
		const hop: Hop = {
			node: nodeName,
			in: inDevice,
			rule: node.node.rules === null || decision.rule === null ? null : ruleLabel(decision.rule),
			table: decision.table,
			route: decision.kind === 'route' ? (decision.route?.destination ?? null) : null,
			outcome,
			out: local || !stopOutcomes.has(outcome) ? verdict.interface : null,
			gateway: verdict.gateway,
			nextHopNode: verdict.nextHopNode,
			mtu,
			problems,
		};
		result.hops.push(hop);
		const dropped = problems.includes('rp-filter-drop') || problems.includes('forwarding-off');
		if (dropped || stopOutcomes.has(outcome)) break;
		if (local) {
			result.delivered = reachedHere(to, nodeName, verdict);
			break;
		}
		if (outcome === 'cni-datapath') add(problems, 'cni-datapath');
		let next = verdict.nextHopNode;
		if (next === null && outcome === 'on-link') next = cluster.nodeAddress(destination)?.node ?? null;
		if (next === null) {
			// Out of a gateway or device that is no node: the packet leaves the cluster (an outside destination
			// is delivered by someone else; a pod or node of this cluster is not reached this way).
			add(problems, 'leaves-cluster');
			break;
		}
		if (visited.has(next)) {
			add(problems, 'loop');
			break;
		}
		const nextNode = network.node(next);
		inDevice = ingressOn(nextNode, node, verdict, destination);
		nodeName = next;
	}
	const minimum = Math.min(...result.hops.map(hop => hop.mtu ?? Number.POSITIVE_INFINITY));
	if (sourceVethMtu !== null && Number.isFinite(minimum) && sourceVethMtu > minimum) {
		const narrow = result.hops.find(hop => hop.mtu === minimum);
		if (narrow) add(narrow.problems as Problem[], 'mtu-mismatch');
	}
	for (const hop of result.hops) for (const problem of hop.problems) add(pathProblems, problem);
	return {delivered: result.delivered, hops: result.hops, problems: pathProblems};
}

function blankHop(node: string, inDevice: string | null, outcome: string, problems: Problem[]): Hop {
	return {node, in: inDevice, rule: null, table: null, route: null, outcome, out: null, gateway: null, nextHopNode: null, mtu: null, problems};
}

/** What a path crosses, to compare directions: node and tunnel kind per hop. */
function signature(path: Path, network: TraceNetwork): string[] {
	return path.hops.map(hop => {
		const node = hop.node === null ? null : network.node(hop.node);
		const device = hop.out === null ? undefined : node?.network.interfacesByName.get(hop.out);
		const kind = hop.out === null ? null : tunnelKind(device, hop.out);
		return `${hop.node ?? '?'}:${kind ?? ''}`;
	});
}

/** Both walks reached the other end's node (delivered or dropped there), so their routes can be compared. */
function reachedEnds(forward: Path, reverse: Path, source: Endpoint, destination: Endpoint): boolean {
	const there = forward.hops.at(-1)?.node ?? null;
	const back = reverse.hops.at(-1)?.node ?? null;
	return there !== null && back !== null && there === destination.node && back === source.node;
}

function asymmetric(forward: Path, reverse: Path, network: TraceNetwork): boolean {
	const there = signature(forward, network).map(entry => entry.split(':')[0]);
	const back = signature(reverse, network).map(entry => entry.split(':')[0]).reverse();
	if (there.join(' ') !== back.join(' ')) return true;
	const kinds = (path: Path) => new Set(signature(path, network).map(entry => entry.split(':')[1]).filter(kind => kind !== ''));
	const forwardKinds = [...kinds(forward)].sort().join(' ');
	return forwardKinds !== [...kinds(reverse)].sort().join(' ');
}

/** Traces both ways between two endpoints over prepared tables. */
export function trace(source: Endpoint, destination: Endpoint, network: TraceNetwork): Trace {
	const forward = walk(source, destination, network);
	let reverse = walk(destination, source, network);
	if (reachedEnds(forward, reverse, source, destination) && asymmetric(forward, reverse, network)) reverse = {...reverse, problems: [...reverse.problems, 'asymmetric']};
	const problems: Problem[] = [];
	for (const problem of [...forward.problems, ...reverse.problems]) add(problems, problem);
	const mtus = [...forward.hops, ...reverse.hops].map(hop => hop.mtu).filter((mtu): mtu is number => mtu !== null);
	return {source, destination, forward, reverse, pathMtu: mtus.length === 0 ? null : Math.min(...mtus), problems};
}
