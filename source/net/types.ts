/**
 * The domain vocabulary of netinspect's network core (see ../../../shared/design/ARCHITECTURE.md).
 * Plain readonly data: parsers produce it, the route table and the verdicts read it, the lab renders it.
 * Nothing here knows of Kubernetes or Ink.
 */
import type {Family} from './ip.js';

/** Which text a route or interface was read from. */
export type SourceFormat =
	| 'route-n' // net-tools `route -n`
	| 'route-n-busybox' // BusyBox `route -n`
	| 'route-n-inet6' // net-tools or BusyBox `route -n -A inet6`
	| 'proc-net-route' // raw /proc/net/route
	| 'ip-route' // iproute2 `ip route` text
	| 'ip-route-busybox' // BusyBox `ip route` text
	| 'ip-route-json' // `ip -j route`
	| 'ip-addr' // iproute2 `ip addr` text
	| 'ip-addr-busybox' // BusyBox `ip addr` text
	| 'ip-addr-json' // `ip -j addr`
	| 'ip-addr-oneline' // `ip -o addr` (iproute2 and BusyBox; also `ip -o link`)
	| 'ip-addr-brief' // iproute2 `ip -br addr` / `ip -br link`
	| 'ifconfig' // net-tools 2.x `ifconfig` (`eth0: flags=4163<UP,…>  mtu 1500`)
	| 'ifconfig-busybox' // BusyBox (and net-tools ≤ 1.60) `ifconfig` (`eth0      Link encap:Ethernet`)
	| 'ip-link-json'; // `ip -d -j link`

/**
 * Route types the kernel knows. Only the first five reach the route table and the JSON contract;
 * `local`, `broadcast`, `multicast` and `anycast` come from `table all` and tell local addresses.
 */
export type RouteKind =
	| 'unicast'
	| 'blackhole'
	| 'unreachable'
	| 'prohibit'
	| 'throw'
	| 'local'
	| 'broadcast'
	| 'multicast'
	| 'anycast';

export type NextHop = {
	readonly gateway: string | null;
	readonly interface: string | null;
	readonly weight: number | null;
	readonly onlink: boolean;
	readonly linkdown: boolean;
};

export type Route = {
	readonly family: Family;
	/** Canonical CIDR of the destination (`0.0.0.0/0` for default; host routes carry /32 or /128). */
	readonly destination: string;
	/** IP literal; a host name only when the input was `route` without `-n` (then `gatewayIsName`). */
	readonly gateway: string | null;
	readonly gatewayIsName: boolean;
	/** Device; null for routes without one (blackhole, reject, or Iface `*`). */
	readonly interface: string | null;
	readonly kind: RouteKind;
	/**
	 * `route -n` prints blackhole and throw alike (flag U, Iface `*`): such routes are `blackhole` with
	 * `kindUncertain: true`. Likewise `!` covers unreachable and prohibit (read as `unreachable`).
	 */
	readonly kindUncertain: boolean;
	readonly metric: number;
	/** The `route -n` flags text (`UG`, `UH`, `!`), else null. */
	readonly flags: string | null;
	/** Routing table name or number; null for main (or when the format cannot tell). */
	readonly table: string | null;
	readonly protocol: string | null;
	readonly scope: string | null;
	readonly preferredSource: string | null;
	readonly onlink: boolean;
	readonly linkdown: boolean;
	readonly mtu: number | null;
	/** All nexthops of a multipath route (gateway/interface above are the first); empty otherwise. */
	readonly nexthops: readonly NextHop[];
	readonly source: SourceFormat;
	/** 1-based line in the input it came from, when known. */
	readonly line: number | null;
};

export type InterfaceKind = 'veth' | 'bridge' | 'tunnel' | 'physical' | 'loopback' | 'other';

/** What a device is for, by CNI convention; null when its name and kind say nothing. */
export type InterfaceRole =
	| 'calico-workload' // cali*
	| 'calico-ipip' // tunl0
	| 'calico-vxlan' // vxlan.calico, vxlan-v6.calico
	| 'calico-wireguard' // wireguard.cali
	| 'flannel-vxlan' // flannel.N, flannel-v6.N
	| 'flannel-bridge' // cni0
	| 'cilium-host' // cilium_host, cilium_net
	| 'cilium-tunnel' // cilium_vxlan, cilium_geneve
	| 'cilium-workload' // lxc*
	| 'kindnet-workload' // veth* (ptp)
	| 'kubenet-bridge' // cbr0
	| 'aws-workload' // eni*
	| 'docker-bridge' // docker0
	| 'uplink' // eth*, ens*, enp*, eno*, bond*
	| 'loopback'; // lo

export type InterfaceAddress = {
	readonly family: Family;
	readonly address: string;
	readonly prefixLength: number;
	/** `address/prefixLength` as printed (the interface address, not the network). */
	readonly cidr: string;
	readonly peer: string | null;
	readonly scope: string | null;
	readonly flags: readonly string[];
};

export type Interface = {
	/** Name without the `@peer` suffix. */
	readonly name: string;
	readonly index: number | null;
	/** The `@` suffix as printed (`if3`, `NONE`, `eth0`), or null. */
	readonly peer: string | null;
	/** Peer ifindex from `@ifN` or `link_index`. */
	readonly peerIndex: number | null;
	/** `link-netns NAME` or `link-netnsid N` (as text), or null when the peer is local / unknown. */
	readonly peerNetns: string | null;
	readonly flags: readonly string[];
	readonly state: string | null;
	readonly mtu: number | null;
	readonly master: string | null;
	/** `link/ether`, `link/ipip`, `link/loopback`, `link/none` → `ether`, `ipip`, … */
	readonly linkType: string | null;
	/** `linkinfo.info_kind` from `ip -d -j link` (`veth`, `vxlan`, `ipip`, …) when known. */
	readonly linkKind: string | null;
	readonly kind: InterfaceKind;
	readonly role: InterfaceRole | null;
	readonly altnames: readonly string[];
	readonly addresses: readonly InterfaceAddress[];
	readonly source: SourceFormat;
};

export type ParseWarning = {
	/** 1-based line number in the input, or null when the warning is about the whole input. */
	readonly line: number | null;
	readonly text: string;
	readonly reason: string;
};

export type RouteParseResult = {
	readonly format: SourceFormat;
	readonly routes: readonly Route[];
	readonly warnings: readonly ParseWarning[];
};

export type AddrParseResult = {
	readonly format: SourceFormat;
	readonly interfaces: readonly Interface[];
	readonly warnings: readonly ParseWarning[];
};

/** Outcomes of a verdict, as named in ARCHITECTURE.md. */
export type Outcome =
	| 'local-address'
	| 'local-pod'
	| 'tunnel-to-node'
	| 'direct-to-node'
	| 'via-gateway'
	| 'on-link'
	| 'cni-datapath'
	| 'blackhole'
	| 'unreachable'
	| 'prohibit'
	| 'via-default'
	| 'no-route';

/**
 * Problems are data on a verdict (strings in the JSON contract). Known ones:
 * `pod-on-other-node` (the route leads to another node than the API says the pod runs on),
 * `pod-missing-on-node` (the IP falls into this node's own blackhole block: no pod route exists),
 * `only-default-route`, `link-down`, `degraded-input`, `main-table-only`, `blackhole-or-throw`,
 * `ecmp`, `veth-name-mismatch`, `next-hop-unknown`.
 */
export type Problem = string;

/** The cluster as the network core needs it: plain data, mapped from the API by kube/ or commands/. */
export type ClusterNode = {
	readonly name: string;
	readonly internalIps: readonly string[];
	readonly externalIps: readonly string[];
	/** spec.podCIDRs (or spec.podCIDR). */
	readonly podCidrs: readonly string[];
	readonly annotations: Readonly<Record<string, string>>;
};

export type ClusterPod = {
	readonly namespace: string;
	readonly name: string;
	readonly node: string | null;
	/** status.podIPs (or status.podIP). */
	readonly ips: readonly string[];
	readonly hostNetwork: boolean;
	readonly phase: string | null;
};

export type PodRef = {
	readonly namespace: string;
	readonly name: string;
	readonly node: string | null;
};

export type Verdict = {
	readonly ip: string;
	readonly outcome: Outcome;
	/** The matched route, or null (no-route, local-address through `ip addr`). */
	readonly route: Route | null;
	readonly interface: string | null;
	readonly gateway: string | null;
	readonly nextHopNode: string | null;
	/** The pod that owns this IP according to the API (from `--pods` / the watch), if any. */
	readonly pod: PodRef | null;
	/** The pod behind the interface the route leads into (local-pod), if known. */
	readonly interfacePod: PodRef | null;
	readonly problems: readonly Problem[];
};
