/**
 * Calico IPAM for one node's /26 block: the first address belongs to tunl0; pods get the next free address
 * after the last one handed out (wrapping), so a replacement pod gets a new IP, as the seed's pods show.
 */
import {formatIPv4, parseIPv4, parsePrefix} from '../../net/ip.js';

export type IpAllocator = {
	/** The next free address, or null when the block is full. */
	readonly allocate: () => string | null;
	readonly release: (ip: string) => void;
	/** Marks an address as taken (seeded pods). */
	readonly reserve: (ip: string) => void;
};

export function createIpAllocator(block: string): IpAllocator {
	const prefix = parsePrefix(block, 4);
	const base = prefix ? parseIPv4(prefix.address)! : 0;
	const size = prefix ? 2 ** (32 - prefix.length) : 0;
	const used = new Set<number>();
	let cursor = 0;
	const offsetOf = (ip: string): number | null => {
		const value = parseIPv4(ip);
		if (value === null || value < base || value >= base + size) return null;
		return value - base;
	};
	return {
		allocate() {
			for (let step = 1; step < size; step++) {
				const offset = (cursor + step) % size;
				if (offset === 0 || used.has(offset)) continue;
				used.add(offset);
				cursor = offset;
				return formatIPv4(base + offset);
			}
			return null;
		},
		release(ip) {
			const offset = offsetOf(ip);
			if (offset !== null) used.delete(offset);
		},
		reserve(ip) {
			const offset = offsetOf(ip);
			if (offset === null) return;
			used.add(offset);
			if (offset > cursor) cursor = offset;
		},
	};
}
