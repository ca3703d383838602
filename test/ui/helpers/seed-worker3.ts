/**
 * networking-worker3's `route -n` and interfaces as its debug pod would report them (the seed lab's layout:
 * Calico IPIP, its block 192.168.21.128/26, hello-world lmhxb on 192.168.21.132). Test data for traces.
 */
import type {ProbeState} from '../../../source/kube/types.js';
import {calicoVethName} from '../../../source/net/calico-veth-name.js';
import {parseRouteN} from '../../../source/net/parse-route-n.js';
import type {Interface} from '../../../source/net/types.js';
import {iface as buildInterface, type InterfaceOptions} from '../../net/helpers/routes.js';
import {helloWorker2Veth, readyProbe, worker2Interfaces} from './seed-data.js';

export const helloWorker3Veth = calicoVethName('default', 'hello-world-7c64bd9f6b-lmhxb');
const controllersWorker3Veth = calicoVethName('kube-system', 'calico-kube-controllers-6b7b9c649d-rq4zt');

const hostRoute = `192.168.21.132  0.0.0.0         255.255.255.255 UH    0      0        0 ${helloWorker3Veth}\n`;

/** worker3's table; without the destination pod's host route when `withHelloRoute` is false. */
export function worker3RouteN(withHelloRoute = true): string {
	return `Kernel IP routing table
Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
0.0.0.0         172.20.0.1      0.0.0.0         UG    0      0        0 eth0
172.20.0.0      0.0.0.0         255.255.0.0     U     0      0        0 eth0
192.168.175.0   172.20.0.5      255.255.255.192 UG    0      0        0 tunl0
192.168.78.128  172.20.0.3      255.255.255.192 UG    0      0        0 tunl0
192.168.223.128 172.20.0.2      255.255.255.192 UG    0      0        0 tunl0
192.168.21.128  0.0.0.0         255.255.255.192 U     0      0        0 *
192.168.21.129  0.0.0.0         255.255.255.255 UH    0      0        0 ${controllersWorker3Veth}
${withHelloRoute ? hostRoute : ''}`;
}

function iface(name: string, options: InterfaceOptions): Interface {
	return buildInterface(name, {linkType: 'ether', ...options});
}

export const worker3Interfaces: readonly Interface[] = [
	iface('lo', {index: 1, kind: 'loopback', role: 'loopback', state: 'UNKNOWN', mtu: 65536, linkType: 'loopback', addresses: ['127.0.0.1/8']}),
	iface('tunl0', {index: 2, kind: 'tunnel', role: 'calico-ipip', state: 'UNKNOWN', mtu: 1480, linkType: 'ipip', peer: 'NONE', addresses: ['192.168.21.128/32']}),
	iface(controllersWorker3Veth, {index: 4, kind: 'veth', role: 'calico-workload', mtu: 1480, peer: 'if3', peerIndex: 3, peerNetns: '1'}),
	iface(helloWorker3Veth, {index: 5, kind: 'veth', role: 'calico-workload', mtu: 1480, peer: 'if3', peerIndex: 3, peerNetns: '2'}),
	iface('eth0', {index: 9, kind: 'physical', role: 'uplink', peer: 'if10', peerIndex: 10, addresses: ['172.20.0.4/16']}),
];

export function worker3Probe(withHelloRoute = true): ProbeState {
	return readyProbe({
		node: 'networking-worker3',
		podName: 'ni-debug-networking-worker3-x7k2p',
		routes: parseRouteN(worker3RouteN(withHelloRoute)).routes,
		interfaces: worker3Interfaces,
	});
}

/**
 * worker2 as a trace's source: the seed probe with the hello-world veth at Calico IPIP's MTU (1480), so the
 * healthy path has no mtu-mismatch (the seed's 1500 is one: larger than tunl0 carries).
 */
export function worker2TraceProbe(): ProbeState {
	return readyProbe({interfaces: worker2Interfaces.map(entry => (entry.name === helloWorker2Veth ? {...entry, mtu: 1480} : entry))});
}
