/**
 * Host-side veth names: Calico's `cali` + the first 11 hex digits of sha1(`<namespace>.<pod>`)
 * (libcalico-go `VethNameForWorkload` with the default FELIX_INTERFACEPREFIX), AWS VPC CNI's `eni` + the same
 * 11 digits, and the CNI plugins' `veth` + 8 hex digits (random on real nodes; from the same hash here).
 */
import {createHash} from 'node:crypto';

function podHash(namespace: string, pod: string): string {
	return createHash('sha1').update(`${namespace}.${pod}`).digest('hex');
}

export function calicoVethName(namespace: string, pod: string): string {
	return vethName('cali', namespace, pod);
}

export function vethName(prefix: string, namespace: string, pod: string): string {
	return `${prefix}${podHash(namespace, pod).slice(0, prefix === 'veth' ? 8 : 11)}`;
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
