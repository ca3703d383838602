/**
 * Bytes an encapsulation adds to every packet, by tunnel kind (outer headers): what a tunnel device's MTU
 * must leave free below its underlay's. Pure.
 */
import type {Family} from './ip.js';
import type {Interface, InterfaceRole} from './types.js';

export type TunnelKind = 'ipip' | 'vxlan' | 'geneve' | 'wireguard' | 'gre' | 'sit' | 'ip6tnl';

const roleKinds: Readonly<Partial<Record<InterfaceRole, TunnelKind>>> = {
	'calico-ipip': 'ipip',
	'calico-vxlan': 'vxlan',
	'calico-wireguard': 'wireguard',
	'flannel-vxlan': 'vxlan',
};

const linkKinds: ReadonlySet<string> = new Set(['ipip', 'vxlan', 'geneve', 'wireguard', 'gre', 'sit', 'ip6tnl']);

/** The tunnel kind of a device by `ip -d link` kind, else by CNI name convention; null for no tunnel. */
export function tunnelKind(device: Interface | undefined, name: string): TunnelKind | null {
	const kind = device?.linkKind ?? device?.linkType ?? null;
	if (kind !== null && linkKinds.has(kind)) return kind as TunnelKind;
	const role = device?.role ?? null;
	if (role !== null && roleKinds[role]) return roleKinds[role]!;
	if (name === 'tunl0') return 'ipip';
	if (name === 'cilium_vxlan' || name.startsWith('vxlan') || name.startsWith('flannel.')) return 'vxlan';
	if (name === 'cilium_geneve') return 'geneve';
	if (name.startsWith('wireguard') || name.startsWith('wg')) return 'wireguard';
	return null;
}

/**
 * Encapsulation overhead: IPIP 20, VXLAN 50 (70 over IPv6), GENEVE 50 without options (more with them),
 * WireGuard 60 (80 over IPv6), GRE 24, SIT 20, ip6tnl 40. `underlay` is the outer header's family.
 */
export function tunnelOverhead(kind: TunnelKind, underlay: Family = 4): number {
	const extra = underlay === 6 ? 20 : 0;
	switch (kind) {
		case 'ipip':
		case 'sit': {
			return 20 + extra;
		}
		case 'vxlan':
		case 'geneve': {
			return 50 + extra;
		}
		case 'wireguard': {
			return 60 + extra;
		}
		case 'gre': {
			return 24 + extra;
		}
		case 'ip6tnl': {
			return 40;
		}
	}
}
