/**
 * The whole cluster at once: every probed node's routes against every pod the API places anywhere, judged per
 * route and per run of pods (never per node × pod pair), plus what must agree across nodes (CNI layout, MTUs,
 * block ownership). Pure: the tables come in parsed and prepared, the problems go out as data.
 *
 * For each node A and each route R of A, the pods R decides (those inside R's prefix that no more specific
 * route of A takes) are split into runs by the node they run on; one verdict per run (reachability.ts) says
 * where A sends them. A run on A itself must reach a local veth or bridge; a run on B must be sent to B.
 */
import type {ClusterIndex} from './cluster-index.js';
import {detectCni, type CniName} from './cni-detect.js';
import {judge, type PreparedNetwork} from './reachability.js';
import {governedSegments} from './sweep-segments.js';
import {keyRange, lowerBound, positionsIn, runsIn, sortPods, type AddressKey, type SortedPods} from './sweep-pods.js';
import {checkConsistency} from './sweep-consistency.js';
import type {PodRef, Verdict} from './types.js';
import {parseIp, prefixContains, type Family} from './ip.js';

export type SweepProblemKind =
	| 'blackhole'
	| 'no-route'
	| 'wrong-node'
	| 'missing-route'
	| 'missing-host-route'
	| 'link-down'
	| 'unrouted-borrowed-ip'
	| 'block-conflict'
	| 'mtu-mismatch'
	| 'mtu-exceeds-uplink'
	| 'cni-mismatch';

/** Worst first: what drops traffic, then what misroutes it, then what will break it under load or change. */
export const problemKindOrder: readonly SweepProblemKind[] = [
	'blackhole',
	'no-route',
	'wrong-node',
	'missing-route',
	'missing-host-route',
	'link-down',
	'unrouted-borrowed-ip',
	'block-conflict',
	'mtu-exceeds-uplink',
	'mtu-mismatch',
	'cni-mismatch',
];

export type SweepProblem = {
	readonly kind: SweepProblemKind;
	/** The node whose table (or device) is wrong. */
	readonly node: string;
	/** The route's destination (CIDR) that decided, or null. */
	readonly route: string | null;
	/** The address block the pods belong to (a Calico block, else the node's pod CIDR), or null. */
	readonly block: string | null;
	/** Affected pods, at most `podLimit` of them; podCount has them all. */
	readonly pods: readonly PodRef[];
	readonly podCount: number;
	readonly expected: string;
	readonly actual: string;
};

export type SweepOptions = {
	/** Pods named per problem (default 10). */
	readonly podLimit?: number;
};

export type SweepResult = {
	readonly problems: readonly SweepProblem[];
	/** Pod IPs checked (per family, running pod-network pods on a node). */
	readonly pods: number;
	/** (node, route, run) triples judged: the work the sweep did. */
	readonly judged: number;
	/** CNI per probed node. */
	readonly cni: ReadonlyMap<string, CniName>;
};

type Accumulator = {problem: SweepProblem; pods: PodRef[]; count: number};

function podRefOf(sorted: SortedPods, position: number): PodRef {
	const pod = sorted.pods[position]!;
	return {namespace: pod.namespace, name: pod.name, node: pod.node};
}

/** One line for where a node sends something: `192.168.21.128/26 via 172.20.0.4 dev tunl0 → worker3`. */
export function describeDecision(verdict: Verdict): string {
	const route = verdict.route;
	if (!route) return verdict.outcome === 'local-address' ? `a local address (${verdict.interface ?? '?'})` : 'no route';
	const destination = route.destination === '0.0.0.0/0' || route.destination === '::/0' ? 'default' : route.destination;
	if (route.kind !== 'unicast') return `${route.kind} ${destination}`;
	const parts = [destination];
	if (route.gateway) parts.push(`via ${route.gateway}`);
	if (route.interface) parts.push(`dev ${route.interface}`);
	const target =
		verdict.outcome === 'local-pod' ? ' (local veth)' : verdict.nextHopNode ? ` → ${verdict.nextHopNode}` : verdict.outcome === 'via-default' ? ' (the default route)' : '';
	return `${parts.join(' ')}${target}`;
}

/** Calico's blackhole routes name the node that owns each block (its IPAM affinity). */
type BlockOwners = {
	readonly ranges: ReadonlyArray<{readonly start: AddressKey; readonly end: AddressKey; readonly cidr: string; readonly owners: readonly string[]}>;
	readonly starts: readonly AddressKey[];
};

function blockOwners(networks: readonly PreparedNetwork[], family: Family): BlockOwners {
	const owners = new Map<string, {start: AddressKey; end: AddressKey; cidr: string; owners: string[]}>();
	for (const network of networks) {
		if (network.node === null) continue;
		for (const route of network.routes) {
			if (route.family !== family || route.kind !== 'blackhole' || (route.table !== null && route.table !== 'main' && route.table !== '254')) continue;
			const range = keyRange(route.destination, family);
			if (!range || range.length === 0 || range.length === (family === 4 ? 32 : 128)) continue;
			const entry = owners.get(range.cidr) ?? {start: range.start, end: range.end, cidr: range.cidr, owners: []};
			if (!entry.owners.includes(network.node)) entry.owners.push(network.node);
			owners.set(range.cidr, entry);
		}
	}
	const ranges = [...owners.values()].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
	return {ranges, starts: ranges.map(range => range.start)};
}

function blockAt(blocks: BlockOwners, key: AddressKey): BlockOwners['ranges'][number] | null {
	const index = lowerBound(blocks.starts, typeof key === 'number' ? key + 1 : key + 1n) - 1;
	const range = blocks.ranges[index];
	return range && range.start <= key && key <= range.end ? range : null;
}

export function sweepCluster(cluster: ClusterIndex, networks: readonly PreparedNetwork[], options: SweepOptions = {}): SweepResult {
	const podLimit = options.podLimit ?? 10;
	const groups = new Map<string, Accumulator>();
	const add = (problem: Omit<SweepProblem, 'pods' | 'podCount'>, pods: readonly PodRef[], count: number): void => {
		const key = `${problem.kind}\0${problem.node}\0${problem.route ?? ''}\0${problem.block ?? ''}\0${problem.expected}\0${problem.actual}`;
		let group = groups.get(key);
		if (!group) {
			group = {problem: {...problem, pods: [], podCount: 0}, pods: [], count: 0};
			groups.set(key, group);
		}
		for (const pod of pods) if (group.pods.length < podLimit) group.pods.push(pod);
		group.count += count;
	};
	const cni = new Map<string, CniName>();
	for (const network of networks) if (network.node !== null) cni.set(network.node, detectCni(network.interfaces, network.routes, cluster.nodes));

	let judged = 0;
	let podTotal = 0;
	for (const family of [4, 6] as const) {
		const sorted = sortPods(cluster, family);
		if (sorted.keys.length === 0) continue;
		podTotal += sorted.keys.length;
		const blocks = blockOwners(networks, family);
		const podCidrOf = (position: number, node: string): string | null => {
			const block = blockAt(blocks, sorted.keys[position]!);
			if (block) return block.cidr;
			const ip = parseIp(sorted.texts[position]!);
			if (!ip) return null;
			return cluster.podCidrs.find(entry => entry.node === node && prefixContains(entry.prefix, ip))?.prefix.cidr ?? null;
		};
		// Borrowed IPs routed by their block to its owner on other nodes, collected once per pod.
		const borrowed = new Map<number, Set<string>>();

		for (const network of networks) {
			const self = network.node;
			if (self === null) continue;
			const onAws = cni.get(self) === 'aws-vpc';
			for (const segment of governedSegments(network.routes, sorted)) {
				for (const [from, to, podNode] of runsIn(sorted, segment.from, segment.to)) {
					judged++;
					const count = to - from;
					const pods = Array.from({length: Math.min(count, podLimit)}, (_, index) => podRefOf(sorted, from + index));
					const block = podCidrOf(from, podNode);
					const route = segment.route?.destination ?? null;
					if (segment.route === null) {
						add(
							{kind: podNode === self ? 'missing-host-route' : 'no-route', node: self, route: null, block, expected: expectedFor(self, podNode), actual: 'no route matches'},
							pods,
							count,
						);
						continue;
					}
					const verdict = judge(sorted.texts[from]!, network, cluster);
					const kind = problemOf(verdict, self, podNode, onAws);
					if (kind === null) continue;
					if (kind === 'wrong-node' && podNode !== self) {
						const owner = blockAt(blocks, sorted.keys[from]!);
						if (owner && owner.owners.length === 1 && owner.owners[0] !== podNode && verdict.nextHopNode === owner.owners[0]) {
							for (let position = from; position < to; position++) {
								const seenOn = borrowed.get(position) ?? new Set<string>();
								seenOn.add(self);
								borrowed.set(position, seenOn);
							}
							continue;
						}
					}
					add({kind, node: self, route, block, expected: expectedFor(self, podNode), actual: describeDecision(verdict)}, pods, count);
				}
			}
		}
		for (const [position, seenOn] of borrowed) {
			const podNode = sorted.nodes[position]!;
			const owner = blockAt(blocks, sorted.keys[position]!);
			add(
				{
					kind: 'unrouted-borrowed-ip',
					node: podNode,
					route: null,
					block: owner?.cidr ?? null,
					expected: `a /${family === 4 ? 32 : 128} route to ${podNode} for ${sorted.texts[position]} on every node`,
					actual: `block ${owner?.cidr ?? '?'} is routed to its owner ${owner?.owners[0] ?? '?'} on ${seenOn.size} node${seenOn.size === 1 ? '' : 's'}`,
				},
				[podRefOf(sorted, position)],
				1,
			);
		}
		for (const range of blocks.ranges) {
			if (range.owners.length < 2) continue;
			// The owner is the node that runs the block's pods; every other node that blackholes it is wrong.
			const [from, to] = positionsIn(sorted, range);
			const running = new Map<string, number>();
			for (const [start, end, node] of runsIn(sorted, from, to)) running.set(node, (running.get(node) ?? 0) + end - start);
			const owner = [...range.owners].sort((a, b) => (running.get(b) ?? 0) - (running.get(a) ?? 0))[0]!;
			for (const extra of range.owners) {
				if (extra === owner) continue;
				add({kind: 'block-conflict', node: extra, route: range.cidr, block: range.cidr, expected: `block owned by ${owner} only`, actual: `blackholed (owned) by ${range.owners.join(', ')}`}, [], 0);
			}
		}
	}
	for (const problem of checkConsistency(networks, cni)) add(problem, [], 0);

	const problems = [...groups.values()].map(group => ({...group.problem, pods: group.pods, podCount: group.count}));
	problems.sort(compareProblems);
	return {problems, pods: podTotal, judged, cni};
}

function expectedFor(self: string, podNode: string): string {
	return podNode === self ? `a host route to the pod's veth (or the CNI bridge) on ${self}` : `a route to ${podNode}`;
}

function problemOf(verdict: Verdict, self: string, podNode: string, onAws: boolean): SweepProblemKind | null {
	const linkDown = verdict.problems.includes('link-down');
	if (podNode === self) {
		if (verdict.outcome === 'local-pod' || verdict.outcome === 'cni-datapath') return linkDown ? 'link-down' : null;
		return 'missing-host-route';
	}
	switch (verdict.outcome) {
		case 'cni-datapath':
			return null;
		case 'tunnel-to-node':
		case 'direct-to-node':
			if (verdict.nextHopNode !== podNode) return 'wrong-node';
			return linkDown ? 'link-down' : null;
		case 'via-default':
		case 'via-gateway':
			if (onAws) return linkDown ? 'link-down' : null;
			return verdict.outcome === 'via-default' ? 'missing-route' : verdict.nextHopNode === podNode ? null : 'wrong-node';
		case 'blackhole':
			return 'blackhole';
		case 'unreachable':
		case 'prohibit':
		case 'no-route':
			return 'no-route';
		default:
			return 'wrong-node';
	}
}

export function compareProblems(a: SweepProblem, b: SweepProblem): number {
	const rank = problemKindOrder.indexOf(a.kind) - problemKindOrder.indexOf(b.kind);
	if (rank !== 0) return rank;
	if (a.podCount !== b.podCount) return b.podCount - a.podCount;
	if (a.node !== b.node) return a.node < b.node ? -1 : 1;
	return (a.route ?? '') < (b.route ?? '') ? -1 : (a.route ?? '') > (b.route ?? '') ? 1 : 0;
}

