/**
 * The node layouts the lab can imitate (`netinspect lab --cni …`) and what their kernels and API objects
 * share: device names, MTUs, tunnel parameters (route-and-addr-formats.md §5). Shared by lab/state/ (API
 * objects, IPAM) and lab/kernel/ (routes, devices). Pure.
 */
import {createHash} from 'node:crypto';

export const labCnis = ['calico-ipip', 'calico-vxlan', 'calico-bgp', 'flannel', 'kindnet', 'aws-vpc'] as const;

export type LabCni = (typeof labCnis)[number];

export const defaultCni: LabCni = 'calico-ipip';

export function isLabCni(text: string): text is LabCni {
	return (labCnis as readonly string[]).includes(text);
}

export function isCalico(cni: LabCni): boolean {
	return cni === 'calico-ipip' || cni === 'calico-vxlan' || cni === 'calico-bgp';
}

/** The MTU the CNI gives pod veths (and its tunnel): the uplink's 1500 minus the encapsulation. */
export const cniMtu: Readonly<Record<LabCni, number>> = {
	'calico-ipip': 1480,
	'calico-vxlan': 1450,
	'calico-bgp': 1500,
	flannel: 1450,
	kindnet: 1500,
	'aws-vpc': 9001,
};

/** Calico's VXLAN device (felix `vxlan_mgr.go`): VNI 4096, port 4789. */
export const calicoVxlan = {device: 'vxlan.calico', vni: 4096, port: 4789} as const;
/** Flannel's VXLAN backend: `flannel.<VNI>`, VNI 1, Linux's legacy port 8472. */
export const flannelVxlan = {device: 'flannel.1', vni: 1, port: 8472} as const;
/** The bridge of the CNI bridge plugin under Flannel. */
export const flannelBridge = 'cni0';

/** A locally administered unicast MAC from a text (VTEP and veth MACs: random on real nodes, stable here). */
export function stableMac(seed: string): string {
	const bytes = createHash('sha1').update(seed).digest().subarray(0, 6);
	const first = ((bytes[0] ?? 0) & 0xfc) | 0x02;
	return [first, ...bytes.subarray(1)].map(byte => byte.toString(16).padStart(2, '0')).join(':');
}

/** The VTEP MAC of a node's VXLAN device (Calico's `projectcalico.org/VXLANTunnelMACAddr`, Flannel's VtepMAC). */
export function vtepMac(nodeName: string, cni: LabCni): string {
	return stableMac(`${cni}/${nodeName}/vtep`);
}
