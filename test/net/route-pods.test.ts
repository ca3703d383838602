import {describe, expect, it} from 'vitest';
import {buildClusterIndex} from '../../source/net/cluster-index.js';
import {judgeAll, prepareNetwork} from '../../source/net/reachability.js';
import {podsByCalicoName, podsByInterface, podsByRoute, unusedInterfaces} from '../../source/net/route-pods.js';
import {clusterPod, iface} from './helpers/routes.js';
import {seedNodes, seedPods, worker2Interfaces, worker2Numeric} from './helpers/seed-cluster.js';

describe('route-pods on the seed worker2', () => {
	const network = prepareNetwork({node: 'networking-worker2', routes: worker2Numeric, interfaces: worker2Interfaces});
	const verdicts = judgeAll(network, buildClusterIndex(seedNodes, seedPods));

	it('groups pods by the route that carries them', () => {
		const groups = podsByRoute(verdicts);
		const byDestination = new Map([...groups].map(([route, pods]) => [route.destination, pods.map(pod => pod.name)]));
		expect(byDestination.get('192.168.21.128/26')).toEqual(['hello-world-7c64bd9f6b-lmhxb']);
		expect(byDestination.get('192.168.78.128/26')).toEqual(['hello-world-7c64bd9f6b-s5cfz']);
		expect(byDestination.get('192.168.175.5/32')).toEqual(['hello-world-7c64bd9f6b-tpnrz']);
		// The control plane's hostNetwork debugger pod leaves through the connected eth0 route.
		expect(byDestination.get('172.20.0.0/16')).toEqual(['node-debugger-networking-control-plane-j8zww']);
		// Local addresses carry no route; the blackhole serves no pod.
		expect(byDestination.has('192.168.175.0/26')).toBe(false);
		for (const route of groups.keys()) expect(worker2Numeric).toContain(route);
	});

	it('names the pod behind each cali device and the devices nobody uses', () => {
		const owners = podsByInterface(verdicts);
		expect(owners.get('cali52440ec1550')?.name).toBe('hello-world-7c64bd9f6b-tpnrz');
		expect(owners.get('cali7dac2757ae1')?.name).toBe('coredns-558bd4d5db-k4j7g');
		expect(owners.size).toBe(2);
		const unused = unusedInterfaces([...worker2Interfaces, iface('calistale000000')], verdicts).map(device => device.name);
		expect(unused).toEqual(['lo', 'calistale000000']);
	});
});

describe('podsByCalicoName', () => {
	it('names the pods behind cali devices by hash, also without routes', () => {
		const stale = clusterPod('default', 'gone-pod', 'networking-worker2', []);
		const owners = podsByCalicoName([...worker2Interfaces, iface('calie8120c5bd1d'), iface('cali8a1b1f5b0d1')], [...seedPods, stale]);
		expect(owners.get('cali52440ec1550')?.name).toBe('hello-world-7c64bd9f6b-tpnrz');
		expect(owners.get('cali7dac2757ae1')).toEqual({namespace: 'kube-system', name: 'coredns-558bd4d5db-k4j7g', node: 'networking-worker2'});
		expect(owners.get('calie8120c5bd1d')?.name).toBe('gone-pod');
		expect(owners.has('cali8a1b1f5b0d1')).toBe(false);
		expect(owners.size).toBe(3);
		expect(podsByCalicoName([iface('eth0')], seedPods).size).toBe(0);
	});
});
