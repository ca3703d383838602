/**
 * Calico's host-side veth name for a pod (libcalico-go `VethNameForWorkload`): the prefix (`cali`, or
 * FELIX_INTERFACEPREFIX) plus the first 11 hex characters of sha1("<namespace>.<pod>"). Only a cross-check:
 * the /32 (/128) route to the pod IP is authoritative and catches stale veths. Pure (hashing only).
 */
import {createHash} from 'node:crypto';

export function calicoVethName(namespace: string, pod: string, prefix = 'cali'): string {
	const digest = createHash('sha1').update(`${namespace}.${pod}`).digest('hex');
	return `${prefix}${digest.slice(0, 11)}`;
}
