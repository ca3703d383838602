/**
 * The whole cluster at once: every probed node's routes against every pod the API places anywhere, judged per
 * route and per run of pods (never per node × pod pair), plus what must agree across nodes (CNI layout, MTUs,
 * block ownership). Pure: the tables come in parsed and prepared, the problems go out as data.
 *
 * For each node A and each route R of A, the pods R decides (those inside R's prefix that no more specific
 * route of A takes) are split into runs by the node they run on; one verdict per run (reachability.ts) says
 * where A sends them. A run on A itself must reach a local veth or bridge; a run on B must be sent to B.
 *
 * Incremental: nodes are added one at a time as their probes answer, and nothing of a node's table is kept
 * after addNode (at 5,000 nodes the tables do not fit in memory together); only what it got wrong, its
 * MTUs, its CNI and the blocks it blackholes.
 */
import type {ClusterIndex} from './cluster-index.js';
import {detectCni, type CniName} from './cni-detect.js';
import {parseIp, prefixContains, type Family} from './ip.js';
import {createJudge, type PreparedNetwork} from './reachability.js';
import {checkConsistency, majorityCni, nodeMtus, type NodeMtus} from './sweep-consistency.js';
import {ipAt, keyRange, lowerBound, positionsIn, runsIn, sortPods, type AddressKey, type SortedPods} from './sweep-pods.js';
import {governedSegments} from './sweep-segments.js';
import type {PodRef, Verdict} from './types.js';

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
	/** The node the affected pods run on (where traffic should have gone), or null for node-wide problems. */
	readonly toNode: string | null;
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
	/** Pod IPs checked (running pod-network pods on a node, both families). */
	readonly pods: number;
	/** (node, route, run) verdicts made: the work the sweep did. */
	readonly judged: number;
	/** CNI per node added. */
	readonly cni: ReadonlyMap<string, CniName>;
};

export type Sweep = {
	/** Judges one node's tables (its `node` must be set); keeps only what it found. */
	addNode(network: PreparedNetwork): void;
	/** Everything found so far, worst first, with the checks across nodes. */
	finish(): SweepResult;
};

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

/** A finding on pods at positions [from, to) of one family's sorted pods (all on podNode). */
type Finding = {
	readonly kind: SweepProblemKind;
	readonly node: string;
	readonly route: string | null;
	readonly family: Family;
	readonly from: number;
	readonly to: number;
	readonly podNode: string;
	readonly nextHopNode: string | null;
	readonly actual: string;
	/** Left to the network fabric (on-link, default, a gateway) by a node whose CNI the tables do not tell: fine if the cluster is on AWS VPC CNI. */
	readonly fabric: boolean;
};

type Block = {readonly start: AddressKey; readonly end: AddressKey; readonly cidr: string; readonly owners: string[]};
type Blocks = {readonly ranges: readonly Block[]; readonly starts: readonly AddressKey[]};

function blockAt(blocks: Blocks, key: AddressKey): Block | null {
	const index = lowerBound(blocks.starts, typeof key === 'number' ? key + 1 : key + 1n) - 1;
	const range = blocks.ranges[index];
	return range && range.start <= key && key <= range.end ? range : null;
}

function isMain(table: string | null): boolean {
	return table === null || table === 'main' || table === '254';
}

export function createSweep(cluster: ClusterIndex, options: SweepOptions = {}): Sweep {
	const podLimit = options.podLimit ?? 10;
	const families = ([4, 6] as const).map(family => sortPods(cluster, family)).filter(sorted => sorted.keys.length > 0);
	const findings: Finding[] = [];
	const cni = new Map<string, CniName>();
	const mtus: NodeMtus[] = [];
	const blockOwners = new Map<string, Block>();
	let judged = 0;

	const addNode = (network: PreparedNetwork): void => {
		const self = network.node;
		if (self === null) return;
		const layout = detectCni(network.interfaces, network.routes, cluster.nodes);
		cni.set(self, layout);
		if (network.interfaces.length > 0) mtus.push(nodeMtus(network));
		for (const route of network.routes) {
			if (route.kind !== 'blackhole' || !isMain(route.table)) continue;
			const range = keyRange(route.destination, route.family);
			if (!range || range.length === 0 || range.length === (route.family === 4 ? 32 : 128)) continue;
			const block = blockOwners.get(range.cidr) ?? {start: range.start, end: range.end, cidr: range.cidr, owners: []};
			if (!block.owners.includes(self)) block.owners.push(self);
			blockOwners.set(range.cidr, block);
		}
		const judgeOne = createJudge(network, cluster);
		for (const sorted of families) {
			for (const segment of governedSegments(network.routes, sorted)) {
				for (const [from, to, podNode] of runsIn(sorted, segment.from, segment.to)) {
					judged++;
					const route = segment.route?.destination ?? null;
					const base = {node: self, route, family: sorted.family, from, to, podNode};
					if (segment.route === null) {
						findings.push({...base, kind: podNode === self ? 'missing-host-route' : 'no-route', nextHopNode: null, actual: 'no route matches', fabric: false});
						continue;
					}
					const verdict = judgeOne(sorted.texts[from]!, ipAt(sorted, from));
					const kind = problemOf(verdict, self, podNode, layout === 'aws-vpc');
					if (kind === null) continue;
					const fabric = layout === 'unknown' && podNode !== self && fabricOutcomes.has(verdict.outcome) && !verdict.problems.includes('link-down');
					findings.push({...base, kind, nextHopNode: verdict.nextHopNode, actual: describeDecision(verdict), fabric});
				}
			}
		}
	};

	const finish = (): SweepResult => {
		const ranges = [...blockOwners.values()].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
		const blocks: Blocks = {ranges, starts: ranges.map(range => range.start)};
		const groups = new Map<string, {problem: SweepProblem; pods: PodRef[]; count: number}>();
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
		const sortedOf = (family: Family): SortedPods => families.find(sorted => sorted.family === family)!;
		const podsAt = (sorted: SortedPods, from: number, to: number): PodRef[] =>
			Array.from({length: Math.min(to - from, podLimit)}, (_, index) => {
				const pod = sorted.pods[from + index]!;
				return {namespace: pod.namespace, name: pod.name, node: pod.node};
			});
		const blockOf = (sorted: SortedPods, position: number, node: string): string | null => {
			const block = blockAt(blocks, sorted.keys[position]!);
			if (block) return block.cidr;
			const ip = parseIp(sorted.texts[position]!);
			return ip ? (cluster.podCidrs.find(entry => entry.node === node && prefixContains(entry.prefix, ip))?.prefix.cidr ?? null) : null;
		};
		// Borrowed IPs (inside a block another node owns) that a node routes by the block to its owner: an IPAM vs
		// routes mismatch, said once per pod instead of as wrong-node on every node.
		const borrowed = new Map<string, {readonly sorted: SortedPods; readonly position: number; readonly block: Block; readonly nodes: Set<string>}>();
		// A node without pods shows nothing of AWS VPC CNI (no eni veth): judge it by the cluster's layout.
		const onAws = majorityCni(cni) === 'aws-vpc';
		for (const finding of findings) {
			if (finding.fabric && onAws) continue;
			const sorted = sortedOf(finding.family);
			if (finding.kind === 'wrong-node') {
				const block = blockAt(blocks, sorted.keys[finding.from]!);
				if (block && block.owners.length === 1 && block.owners[0] !== finding.podNode && finding.nextHopNode === block.owners[0]) {
					for (let position = finding.from; position < finding.to; position++) {
						const key = `${finding.family}:${position}`;
						const entry = borrowed.get(key) ?? {sorted, position, block, nodes: new Set<string>()};
						entry.nodes.add(finding.node);
						borrowed.set(key, entry);
					}
					continue;
				}
			}
			add(
				{
					kind: finding.kind,
					node: finding.node,
					route: finding.route,
					block: blockOf(sorted, finding.from, finding.podNode),
					toNode: finding.podNode,
					expected: expectedFor(finding.node, finding.podNode),
					actual: finding.actual,
				},
				podsAt(sorted, finding.from, finding.to),
				finding.to - finding.from,
			);
		}
		for (const {sorted, position, block, nodes} of borrowed.values()) {
			const podNode = sorted.nodes[position]!;
			add(
				{
					kind: 'unrouted-borrowed-ip',
					node: podNode,
					route: null,
					block: block.cidr,
					toNode: podNode,
					expected: `a /${sorted.family === 4 ? 32 : 128} route to ${podNode} for ${sorted.texts[position]} on every node`,
					actual: `block ${block.cidr} is routed to its owner ${block.owners[0]} on ${nodes.size} node${nodes.size === 1 ? '' : 's'}`,
				},
				podsAt(sorted, position, position + 1),
				1,
			);
		}
		for (const block of ranges) {
			if (block.owners.length < 2) continue;
			// The owner is the node that runs the block's pods; every other node that blackholes it is wrong.
			const running = new Map<string, number>();
			for (const sorted of families) {
				const [from, to] = positionsIn(sorted, block);
				for (const [start, end, node] of runsIn(sorted, from, to)) running.set(node, (running.get(node) ?? 0) + end - start);
			}
			const owner = [...block.owners].sort((a, b) => (running.get(b) ?? 0) - (running.get(a) ?? 0))[0]!;
			for (const extra of block.owners) {
				if (extra === owner) continue;
				add({kind: 'block-conflict', node: extra, route: block.cidr, block: block.cidr, toNode: owner, expected: `block owned by ${owner} only`, actual: `blackholed (owned) by ${block.owners.join(', ')}`}, [], 0);
			}
		}
		for (const problem of checkConsistency(mtus, cni)) add(problem, [], 0);
		const problems = [...groups.values()].map(group => ({...group.problem, pods: group.pods, podCount: group.count}));
		problems.sort(compareProblems);
		return {problems, pods: families.reduce((sum, sorted) => sum + sorted.keys.length, 0), judged, cni};
	};

	return {addNode, finish};
}

/** The sweep of nodes whose tables are all at hand. */
export function sweepCluster(cluster: ClusterIndex, networks: readonly PreparedNetwork[], options: SweepOptions = {}): SweepResult {
	const sweep = createSweep(cluster, options);
	for (const network of networks) sweep.addNode(network);
	return sweep.finish();
}

/** Outcomes that leave a packet to the network between the nodes rather than naming a node. */
const fabricOutcomes: ReadonlySet<Verdict['outcome']> = new Set(['on-link', 'via-default', 'via-gateway']);

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
		case 'on-link':
			// AWS VPC CNI leaves other nodes' pods to the VPC fabric (the connected subnet, or the VPC router),
			// which delivers a secondary IP to the ENI that holds it: nothing in the tables names the node.
			if (onAws) return linkDown ? 'link-down' : null;
			if (verdict.outcome === 'on-link') return 'wrong-node';
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
