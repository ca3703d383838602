/**
 * A full-size `route -n` table, as a node with BGP routes prints it: `count` distinct IPv4 prefixes with
 * lengths in [minLength, maxLength], from a deterministic generator (the same table for the same seed).
 * Used by the 150k-route correctness test and the 1M-route bench.
 */
import {formatIPv4, lengthToMask} from '../../../source/net/ip.js';

export type GeneratedTable = {
	readonly count: number;
	readonly seed: number;
	readonly minLength: number;
	readonly maxLength: number;
	/** The gateway of row `index` (1-based), and its interface. */
	readonly via: (index: number) => {readonly gateway: string; readonly iface: string; readonly metric: number};
};

export function generatedRouteN({count, seed, minLength, maxLength, via}: GeneratedTable): string {
	let state = seed >>> 0;
	const next = () => {
		state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
		return state;
	};
	const rows = ['Kernel IP routing table', 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface'];
	const seen = new Set<number>();
	while (seen.size < count) {
		const length = minLength + (next() % (maxLength - minLength + 1));
		const mask = length === 0 ? 0 : (0xffff_ffff << (32 - length)) >>> 0;
		const network = (next() & mask) >>> 0;
		const key = network * 64 + length;
		if (seen.has(key)) continue;
		seen.add(key);
		const {gateway, iface, metric} = via(seen.size);
		rows.push(`${formatIPv4(network).padEnd(16)}${gateway.padEnd(16)}${lengthToMask(length).padEnd(16)}UG    ${metric}      0        0 ${iface}`);
	}
	return `${rows.join('\n')}\n`;
}
