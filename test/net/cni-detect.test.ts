import {describe, expect, it} from 'vitest';
import {detectCni, detectCniWithEvidence} from '../../source/net/cni-detect.js';
import {clusterNode, iface, route} from './helpers/routes.js';
import {seedNodes, worker2Interfaces, worker2Named, worker2Numeric} from './helpers/seed-cluster.js';

describe('detectCni', () => {
	it('the seed is Calico IPIP, from routes alone or with devices and annotations', () => {
		expect(detectCni([], worker2Named)).toBe('calico-ipip');
		expect(detectCniWithEvidence(worker2Interfaces, worker2Numeric, seedNodes).evidence[0]).toBe('route via tunl0');
	});

	it('tells Calico modes apart by the tunnel the routes use', () => {
		const cali = route('10.0.0.5', {interface: 'cali0123456789a'});
		expect(detectCni([], [cali, route('10.1.0.0/26', {gateway: '10.1.0.0', interface: 'vxlan.calico'})])).toBe('calico-vxlan');
		expect(detectCni([], [cali, route('10.1.0.0/26', {interface: 'wireguard.cali'})])).toBe('calico-wireguard');
		// tunl0 exists whenever the ipip module is loaded: without routes through it, this is BGP.
		expect(detectCni([iface('tunl0')], [cali, route('10.1.0.0/26', {gateway: '10.0.0.2', interface: 'eth0'})])).toBe('calico-bgp');
		expect(detectCni([], [], [clusterNode('n', {annotations: {'projectcalico.org/IPv4VXLANTunnelAddr': '10.1.0.0'}})])).toBe('calico-vxlan');
	});

	it('recognises Flannel, Cilium, kindnet, kubenet and AWS VPC', () => {
		expect(detectCni([iface('flannel.1'), iface('cni0')], [route('10.244.2.0/24', {gateway: '10.244.2.0', interface: 'flannel.1'})])).toBe('flannel');
		expect(detectCni([], [route('10.240.2.0/24', {gateway: '10.240.2.230', interface: 'cilium_host'})])).toBe('cilium');
		expect(detectCni([iface('eth0')], [route('10.244.0.4', {interface: 'veth12345678'}), route('10.244.1.0/24', {gateway: '172.18.0.3', interface: 'eth0'})])).toBe('kindnet');
		expect(detectCni([iface('cbr0')], [route('10.20.2.0/24', {interface: 'cbr0'})])).toBe('kubenet');
		expect(detectCni([], [route('192.168.40.12', {interface: 'eni0a1b2c3d4e5'})])).toBe('aws-vpc');
		expect(detectCni([iface('eth0')], [route('default', {gateway: '10.0.0.1', interface: 'eth0'})])).toBe('unknown');
	});
});
