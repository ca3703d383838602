/**
 * Bytes a tunnel adds to every packet, by link kind (or, failing that, by the CNI role of the device's name):
 * the outer headers that must fit the uplink's MTU. Pure.
 */
import type {Interface} from './types.js';

export type TunnelKind = 'ipip' | 'vxlan' | 'geneve' | 'wireguard';

/** IPv4 outer headers (IPv6 underlay adds 20 more): IPIP 20; VXLAN 50 (outer Ethernet 14 + IP 20 + UDP 8 + VXLAN 8); GENEVE 50 without options; WireGuard 60. */
export const overheadBytes: Readonly<Record<TunnelKind, number>> = {ipip: 20, vxlan: 50, geneve: 50, wireguard: 60};

const kindsByLinkKind: Readonly<Record<string, TunnelKind>> = {ipip: 'ipip', sit: 'ipip', vxlan: 'vxlan', geneve: 'geneve', wireguard: 'wireguard'};

/** The tunnel kind of a device: its link kind when known, else its name's CNI convention; null for non-tunnels. */
export function tunnelKindOf(device: Pick<Interface, 'name' | 'linkKind' | 'linkType' | 'role'>): TunnelKind | null {
	const byLink = device.linkKind ? kindsByLinkKind[device.linkKind] : undefined;
	if (byLink) return byLink;
	if (device.linkType === 'ipip') return 'ipip';
	switch (device.role) {
		case 'calico-ipip':
			return 'ipip';
		case 'calico-vxlan':
		case 'flannel-vxlan':
			return 'vxlan';
		case 'calico-wireguard':
			return 'wireguard';
		case 'cilium-tunnel':
			return device.name.includes('geneve') ? 'geneve' : 'vxlan';
		default:
			return null;
	}
}
