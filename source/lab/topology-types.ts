/**
 * The lab's topology as plain data: what the API serves (nodes, pods) and what the simulated kernels
 * derive their routes and interfaces from. Shared by lab/ modules; never imported outside lab/.
 */
import type {LabCni} from './cni.js';

export type LabNode = {
	readonly name: string;
	readonly role: 'control-plane' | 'worker';
	/** InternalIP on the node network, e.g. 172.20.0.5. */
	readonly internalIp: string;
	/** The node network, e.g. 172.20.0.0/16 (route on eth0). */
	readonly nodeNetwork: string;
	/** Default gateway of the node network, e.g. 172.20.0.1 (the seed's `home`). */
	readonly gateway: string;
	/** spec.podCIDR(s): 192.168.N.0/24 (what kube-controller-manager assigns; Calico ignores it). */
	readonly podCidrs: readonly string[];
	/**
	 * Where this node's pods get their IPs: Calico's IPAM block affine to the node (192.168.175.0/26), the
	 * podCIDR (flannel, kindnet), or the secondary IPs of the node's ENIs (aws-vpc).
	 */
	readonly block: string;
	/**
	 * The block's first address, never a pod's: tunl0's / vxlan.calico's (Calico's IPv4IPIPTunnelAddr or
	 * IPv4VXLANTunnelAddr), flannel.1's, the secondary ENI's own IP (aws-vpc); unused by kindnet.
	 */
	readonly tunnelAddress: string;
	/** eth0 MAC address, deterministic. */
	readonly mac: string;
	readonly ready: boolean;
	readonly kubeletVersion: string;
};

/** What the kernel of a node needs to know of a pod. */
export type LabPodNetwork = {
	readonly namespace: string;
	readonly name: string;
	readonly node: string;
	readonly ip: string;
	readonly hostNetwork: boolean;
};

/** A policy-routing rule as `ip rule` lists it; null selectors match all. */
export type LabRule = {
	readonly priority: number;
	readonly from: string | null;
	readonly to: string | null;
	readonly iif: string | null;
	/** `0x80/0x80` (value/mask) or `0x80`. */
	readonly fwmark: string | null;
	/** `main`, `local`, `default` or a number (`2`, `100`). */
	readonly table: string;
};

/** A route a fault adds to a numbered table (what a diverting rule sends traffic into). */
export type LabTableRoute = {
	readonly table: string;
	/** A CIDR or `default`. */
	readonly destination: string;
	readonly kind: 'unicast' | 'blackhole' | 'unreachable' | 'prohibit';
	readonly gateway: string | null;
	readonly device: string | null;
};

/** rp_filter: 0 off, 1 strict, 2 loose. */
export type RpFilter = 0 | 1 | 2;

/** What faults changed in one node's kernel (lab/state/fault-controls.ts keeps them; the kernel applies them). */
export type NodeKernelFaults = {
	/** Destinations removed (any family or table; `default` allowed). */
	readonly removedRoutes?: readonly string[];
	/** MTU per device name, or per name prefix ending in `*` (`cali*`). */
	readonly mtus?: Readonly<Record<string, number>>;
	/** rp_filter per `all`, `default` or device name. */
	readonly rpFilter?: Readonly<Record<string, RpFilter>>;
	readonly rules?: readonly LabRule[];
	readonly tableRoutes?: readonly LabTableRoute[];
	/** Block owner node → the node this node routes that block to instead. */
	readonly misroutedBlocks?: Readonly<Record<string, string>>;
	/** Nodes whose blocks this node still blackholes (it owned them once; the block moved). */
	readonly staleBlocks?: readonly string[];
	/** This node still runs another layout (e.g. calico-vxlan among calico-ipip nodes). */
	readonly layout?: LabCni;
};
