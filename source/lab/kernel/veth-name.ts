/**
 * Calico's host-side veth name for a workload: `cali` + the first 11 hex digits of sha1(`<namespace>.<pod>`)
 * (libcalico-go `VethNameForWorkload` with the default FELIX_INTERFACEPREFIX).
 */
import {createHash} from 'node:crypto';

export function calicoVethName(namespace: string, pod: string): string {
	return `cali${createHash('sha1').update(`${namespace}.${pod}`).digest('hex').slice(0, 11)}`;
}

/** A small stable number from a text (FNV-1a, 32 bit), for deterministic ifindexes. */
export function stableHash(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash;
}
