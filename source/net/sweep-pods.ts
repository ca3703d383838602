/**
 * The sweep's view of the pods: every pod-network IP of a running pod, sorted by address per family, with the
 * node the API runs it on. A prefix is then a contiguous range of this array (two binary searches), and a range
 * whose pods all run on one node is one "run" (found by a jump, not a scan). Pure.
 */
import {maxLength, parsePrefix, parseIp, type Family, type IpAddress} from './ip.js';
import type {ClusterIndex, PodAddress} from './cluster-index.js';
import type {ClusterPod} from './types.js';

/** Addresses of one family as comparable keys: uint32 numbers for IPv4, bigint for IPv6. */
export type AddressKey = number | bigint;

export type SortedPods = {
	readonly family: Family;
	readonly keys: readonly AddressKey[];
	readonly texts: readonly string[];
	readonly pods: readonly ClusterPod[];
	/** Node name per position ('' when the pod has none). */
	readonly nodes: readonly string[];
	/** runEnd[i]: the first position after i whose node differs from nodes[i]. */
	readonly runEnd: Int32Array;
};

/** Phases whose IPs no longer carry traffic (kubectl still lists them). */
const finishedPhases: ReadonlySet<string> = new Set(['Succeeded', 'Failed']);

function keyOf(address: PodAddress): AddressKey {
	return address.ip.value;
}

export function sortPods(cluster: ClusterIndex, family: Family): SortedPods {
	const chosen = cluster.podAddresses.filter(
		address => address.ip.family === family && !address.pod.hostNetwork && address.pod.node !== null && !finishedPhases.has(address.pod.phase ?? ''),
	);
	chosen.sort((a, b) => {
		const left = keyOf(a);
		const right = keyOf(b);
		return left < right ? -1 : left > right ? 1 : 0;
	});
	const nodes = chosen.map(address => address.pod.node ?? '');
	const runEnd = new Int32Array(chosen.length);
	for (let index = chosen.length - 1; index >= 0; index--) {
		runEnd[index] = index + 1 < chosen.length && nodes[index + 1] === nodes[index] ? runEnd[index + 1]! : index + 1;
	}
	return {
		family,
		keys: chosen.map(keyOf),
		texts: chosen.map(address => address.text),
		pods: chosen.map(address => address.pod),
		nodes,
		runEnd,
	};
}

/** The first position whose key is >= key. */
export function lowerBound(keys: ArrayLike<AddressKey>, key: AddressKey): number {
	let low = 0;
	let high = keys.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (keys[middle]! < key) low = middle + 1;
		else high = middle;
	}
	return low;
}

/** A prefix as an inclusive key range [start, end] of its family; null when it does not parse. */
export type KeyRange = {readonly start: AddressKey; readonly end: AddressKey; readonly length: number; readonly cidr: string};

export function keyRange(cidr: string, family: Family): KeyRange | null {
	const prefix = parsePrefix(cidr, family);
	const network = prefix ? parseIp(prefix.address) : null;
	if (!prefix || !network || network.family !== family) return null;
	if (network.family === 4) {
		const size = 2 ** (32 - prefix.length);
		return {start: network.value, end: network.value + size - 1, length: prefix.length, cidr: prefix.cidr};
	}
	const size = 1n << BigInt(maxLength(6) - prefix.length);
	return {start: network.value, end: network.value + size - 1n, length: prefix.length, cidr: prefix.cidr};
}

/** Positions [from, to) of the pods inside the range. */
export function positionsIn(sorted: SortedPods, range: Pick<KeyRange, 'start' | 'end'>): readonly [number, number] {
	const from = lowerBound(sorted.keys, range.start);
	const after = typeof range.end === 'number' ? range.end + 1 : range.end + 1n;
	return [from, lowerBound(sorted.keys, after)];
}

/** Runs of one node inside [from, to): [start, end, node], in address order. */
export function* runsIn(sorted: SortedPods, from: number, to: number): Generator<readonly [number, number, string]> {
	let index = from;
	while (index < to) {
		const end = Math.min(sorted.runEnd[index]!, to);
		yield [index, end, sorted.nodes[index]!];
		index = end;
	}
}

/** The parsed address at a position (its key is the address's value): no text to parse again. */
export function ipAt(sorted: SortedPods, position: number): IpAddress {
	const key = sorted.keys[position]!;
	return typeof key === 'number' ? {family: 4, value: key} : {family: 6, value: key};
}
