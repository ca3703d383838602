/**
 * Which CNI a node runs, from its devices, its routes and (optionally) the node annotations. Pure.
 * Devices and routes follow the conventions in route-and-addr-formats.md §5; the tunnel the routes actually
 * use decides Calico's mode (IPIP, VXLAN, WireGuard, or plain BGP when remote blocks go via the uplink).
 */
import {classifyInterface} from './interface-kind.js';
import type {ClusterNode, Interface, InterfaceRole, Route} from './types.js';

export type CniName =
	| 'calico-ipip'
	| 'calico-vxlan'
	| 'calico-wireguard'
	| 'calico-bgp'
	| 'flannel'
	| 'cilium'
	| 'kindnet'
	| 'kubenet'
	| 'aws-vpc'
	| 'unknown';

export type CniDetection = {
	readonly cni: CniName;
	/** Short reasons, e.g. `route via tunl0`, `device cilium_host`, `annotation projectcalico.org/IPv4Address`. */
	readonly evidence: readonly string[];
};

function rolesOf(interfaces: readonly Interface[], routes: readonly Route[]): Map<InterfaceRole, string> {
	const roles = new Map<InterfaceRole, string>();
	const note = (name: string, role: InterfaceRole | null): void => {
		if (role && !roles.has(role)) roles.set(role, name);
	};
	for (const device of interfaces) note(device.name, device.role ?? classifyInterface(device.name, device.linkKind, device.linkType).role);
	for (const route of routes) {
		for (const name of [route.interface, ...route.nexthops.map(hop => hop.interface)]) {
			if (name) note(name, classifyInterface(name).role);
		}
	}
	return roles;
}

/** Roles of the devices that carry routes (not merely exist: kernels create tunl0 when the ipip module loads). */
function routedRoles(routes: readonly Route[]): Map<InterfaceRole, string> {
	const roles = new Map<InterfaceRole, string>();
	for (const route of routes) {
		if (route.kind !== 'unicast' || !route.interface) continue;
		const role = classifyInterface(route.interface).role;
		if (role && !roles.has(role)) roles.set(role, route.interface);
	}
	return roles;
}

export function detectCniWithEvidence(interfaces: readonly Interface[], routes: readonly Route[], nodes: readonly ClusterNode[] = []): CniDetection {
	const roles = rolesOf(interfaces, routes);
	const routed = routedRoles(routes);
	const annotations = new Set(nodes.flatMap(node => Object.keys(node.annotations)));
	const has = (role: InterfaceRole) => roles.get(role);

	if (has('cilium-host') ?? has('cilium-tunnel') ?? has('cilium-workload')) {
		return {cni: 'cilium', evidence: [`device ${has('cilium-host') ?? has('cilium-tunnel') ?? has('cilium-workload')}`]};
	}

	const calicoAnnotation = [...annotations].find(key => key.startsWith('projectcalico.org/'));
	const calicoDevice = has('calico-workload') ?? has('calico-vxlan') ?? has('calico-wireguard');
	const calicoTunnelRoute = routed.get('calico-ipip') ?? routed.get('calico-vxlan') ?? routed.get('calico-wireguard');
	if (calicoDevice ?? calicoTunnelRoute ?? calicoAnnotation) {
		const evidence = [calicoDevice ? `device ${calicoDevice}` : null, calicoAnnotation ? `annotation ${calicoAnnotation}` : null].filter(
			(text): text is string => text !== null,
		);
		if (routed.has('calico-ipip')) return {cni: 'calico-ipip', evidence: ['route via tunl0', ...evidence]};
		if (routed.has('calico-vxlan')) return {cni: 'calico-vxlan', evidence: [`route via ${routed.get('calico-vxlan')}`, ...evidence]};
		if (routed.has('calico-wireguard')) return {cni: 'calico-wireguard', evidence: ['route via wireguard.cali', ...evidence]};
		if (annotations.has('projectcalico.org/IPv4IPIPTunnelAddr')) return {cni: 'calico-ipip', evidence: ['annotation projectcalico.org/IPv4IPIPTunnelAddr', ...evidence]};
		if (annotations.has('projectcalico.org/IPv4VXLANTunnelAddr') || annotations.has('projectcalico.org/IPv6VXLANTunnelAddr')) {
			return {cni: 'calico-vxlan', evidence: ['annotation projectcalico.org/IPv4VXLANTunnelAddr', ...evidence]};
		}
		return {cni: 'calico-bgp', evidence: ['no tunnel routes', ...evidence]};
	}

	const flannelAnnotation = [...annotations].find(key => key.startsWith('flannel.alpha.coreos.com/'));
	if (has('flannel-vxlan') ?? flannelAnnotation) {
		return {cni: 'flannel', evidence: [has('flannel-vxlan') ? `device ${has('flannel-vxlan')}` : `annotation ${flannelAnnotation}`]};
	}
	if (has('aws-workload')) return {cni: 'aws-vpc', evidence: [`device ${has('aws-workload')}`]};
	if (has('kubenet-bridge')) return {cni: 'kubenet', evidence: ['device cbr0']};
	if (has('flannel-bridge')) return {cni: 'flannel', evidence: ['device cni0']};
	if (routed.has('kindnet-workload')) return {cni: 'kindnet', evidence: [`route to ${routed.get('kindnet-workload')}`]};
	return {cni: 'unknown', evidence: []};
}

export function detectCni(interfaces: readonly Interface[], routes: readonly Route[], nodes: readonly ClusterNode[] = []): CniName {
	return detectCniWithEvidence(interfaces, routes, nodes).cni;
}
