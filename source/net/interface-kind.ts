/**
 * What a network device is, from its link kind (reliable, `ip -d -j link`) or else its name (CNI conventions,
 * see route-and-addr-formats.md §5). Pure.
 */
import type {InterfaceKind, InterfaceRole} from './types.js';

type NameRule = {readonly pattern: RegExp; readonly role: InterfaceRole; readonly kind: InterfaceKind};

const nameRules: readonly NameRule[] = [
	{pattern: /^lo$/, role: 'loopback', kind: 'loopback'},
	{pattern: /^tunl0$/, role: 'calico-ipip', kind: 'tunnel'},
	{pattern: /^vxlan(-v6)?\.calico$/, role: 'calico-vxlan', kind: 'tunnel'},
	{pattern: /^wireguard\.cali$/, role: 'calico-wireguard', kind: 'tunnel'},
	{pattern: /^cali/, role: 'calico-workload', kind: 'veth'},
	{pattern: /^flannel(-v6)?\.\d+$/, role: 'flannel-vxlan', kind: 'tunnel'},
	{pattern: /^cni0$/, role: 'flannel-bridge', kind: 'bridge'},
	{pattern: /^cilium_(host|net)$/, role: 'cilium-host', kind: 'veth'},
	{pattern: /^cilium_(vxlan|geneve)$/, role: 'cilium-tunnel', kind: 'tunnel'},
	{pattern: /^lxc/, role: 'cilium-workload', kind: 'veth'},
	{pattern: /^veth/, role: 'kindnet-workload', kind: 'veth'},
	{pattern: /^cbr0$/, role: 'kubenet-bridge', kind: 'bridge'},
	{pattern: /^docker0$/, role: 'docker-bridge', kind: 'bridge'},
	{pattern: /^eni/, role: 'aws-workload', kind: 'veth'},
	{pattern: /^(eth|ens|enp|eno|enx|bond)/, role: 'uplink', kind: 'physical'},
];

const kindByLinkKind: Readonly<Record<string, InterfaceKind>> = {
	veth: 'veth',
	bridge: 'bridge',
	vxlan: 'tunnel',
	ipip: 'tunnel',
	geneve: 'tunnel',
	wireguard: 'tunnel',
	gre: 'tunnel',
	sit: 'tunnel',
	ip6tnl: 'tunnel',
	bond: 'physical',
};

const kindByLinkType: Readonly<Record<string, InterfaceKind>> = {
	loopback: 'loopback',
	ipip: 'tunnel',
	sit: 'tunnel',
	gre: 'tunnel',
	tunnel6: 'tunnel',
};

export type InterfaceClass = {readonly kind: InterfaceKind; readonly role: InterfaceRole | null};

/**
 * Classifies a device. `linkKind` (info_kind) wins over the name for the kind; the role always comes from
 * the name, since CNIs are recognised by their naming conventions.
 */
export function classifyInterface(
	name: string,
	linkKind: string | null = null,
	linkType: string | null = null,
): InterfaceClass {
	const rule = nameRules.find(candidate => candidate.pattern.test(name));
	const role = rule?.role ?? null;
	const fromLink = (linkKind ? kindByLinkKind[linkKind] : undefined) ?? (linkType ? kindByLinkType[linkType] : undefined);
	return {kind: fromLink ?? rule?.kind ?? 'other', role};
}

/** True for devices that carry traffic to another node encapsulated (IPIP, VXLAN, Geneve, WireGuard). */
export function isTunnel(name: string, linkKind: string | null = null): boolean {
	return classifyInterface(name, linkKind).kind === 'tunnel';
}
