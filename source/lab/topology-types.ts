/**
 * The lab's topology as plain data: what the API serves (nodes, pods) and what the simulated kernels
 * derive their routes and interfaces from. Shared by lab/ modules; never imported outside lab/.
 */

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
	/** Calico IPAM block affine to this node, e.g. 192.168.175.0/26. */
	readonly block: string;
	/** projectcalico.org/IPv4IPIPTunnelAddr: the tunl0 address, the first address of the block. */
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
