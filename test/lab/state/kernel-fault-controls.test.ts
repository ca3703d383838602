/**
 * The path-breaking faults, seen the way a client sees them: the command a debug pod on the node runs
 * (`ip route`, `route -n`, `ip rule`, `ip addr`, `cat /proc/sys/...`) through the lab's exec, on the seed
 * cluster (Calico IPIP) and on the other layouts; and every bad argument refused with the argument named.
 */
import {afterEach, describe, expect, it} from 'vitest';
import type {LabCni} from '../../../source/lab/cni.js';
import {createLabCluster, seedTopology, withCni, type LabClusterHandle} from '../../../source/lab/state/index.js';
import {FaultArgumentError} from '../../../source/lab/state/kernel-fault-controls.js';
import {captureIo} from './cluster-test-helpers.js';

const clusters: LabClusterHandle[] = [];

function lab(cni: LabCni = 'calico-ipip'): LabClusterHandle {
	const cluster = createLabCluster({topology: withCni(seedTopology(), cni), imagePullDelayMs: 20, schedulingDelayMs: 5, terminationDelayMs: 20});
	clusters.push(cluster);
	return cluster;
}

afterEach(() => {
	for (const cluster of clusters.splice(0)) cluster.close();
});

const worker2 = 'networking-worker2';
const worker3 = 'networking-worker3';
const worker = 'networking-worker';

/** Runs a command in the host-network DaemonSet pod on `node` (what `kubectl exec` / a debug pod sees). */
async function onNode(cluster: LabClusterHandle, node: string, command: string): Promise<string> {
	const daemon = cluster.list('pods', null).items.find(pod => {
		const spec = pod['spec'] as {nodeName?: string; hostNetwork?: boolean};
		const owner = pod.metadata.ownerReferences?.[0] as {kind?: string} | undefined;
		return spec.nodeName === node && spec.hostNetwork === true && owner?.kind === 'DaemonSet';
	})!;
	const io = captureIo();
	const result = await cluster.exec({namespace: daemon.metadata.namespace!, pod: daemon.metadata.name, container: null, tty: false, command: ['sh', '-c', command]}, io);
	expect(io.err()).toBe('');
	expect(result).toEqual({ok: true, value: {exitCode: 0}});
	return io.out();
}

describe('faults that break paths, on the seed (Calico IPIP)', () => {
	it('setMtu: the device shows the new MTU in ip addr and ip -j link; a prefix sets every pod veth', async () => {
		const cluster = lab();
		cluster.faults.setMtu(worker3, 'tunl0', 1400);
		expect(await onNode(cluster, worker3, 'ip addr')).toMatch(/^2: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1400 qdisc noqueue state UNKNOWN/m);
		expect(await onNode(cluster, worker2, 'ip addr')).toMatch(/^2: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1480 /m);
		cluster.faults.setMtu(worker2, 'cali*', 1500);
		const veths = (JSON.parse(await onNode(cluster, worker2, 'ip -j link')) as {ifname: string; mtu: number}[]).filter(device => device.ifname.startsWith('cali'));
		expect(veths.map(device => device.mtu)).toEqual([1500, 1500]);
	});

	it('routeBlockTo: worker2 sends worker3\'s block to worker instead (route -n and ip route)', async () => {
		const cluster = lab();
		cluster.faults.routeBlockTo(worker2, worker3, worker);
		expect(await onNode(cluster, worker2, 'route -n')).toContain('192.168.21.128  172.20.0.3      255.255.255.192 UG    0      0        0 tunl0\n');
		expect(await onNode(cluster, worker2, 'ip route')).toContain('192.168.21.128/26 via 172.20.0.3 dev tunl0 proto bird onlink \n');
		expect(await onNode(cluster, worker, 'ip route')).toContain('192.168.21.128/26 via 172.20.0.4 dev tunl0 proto bird onlink \n');
	});

	it('staleBlock: worker still blackholes worker3\'s block, which moved (route -n prints it like a blackhole)', async () => {
		const cluster = lab();
		cluster.faults.staleBlock(worker, worker3);
		const routes = await onNode(cluster, worker, 'ip route');
		expect(routes).toContain('blackhole 192.168.21.128/26 proto bird \n');
		expect(routes).not.toContain('192.168.21.128/26 via');
		expect(await onNode(cluster, worker, 'route -n')).toContain('192.168.21.128  0.0.0.0         255.255.255.192 U     0      0        0 *\n');
	});

	it('dropPodRoute: the destination pod\'s /32 is gone on its node; restoreRoutes brings it back', async () => {
		const cluster = lab();
		cluster.faults.dropPodRoute('default', 'hello-world-7c64bd9f6b-lmhxb');
		expect(await onNode(cluster, worker3, 'ip route')).not.toContain('192.168.21.132 dev');
		expect(await onNode(cluster, worker3, 'ip route')).toContain('192.168.21.129 dev');
		cluster.faults.restoreRoutes(worker3);
		expect(await onNode(cluster, worker3, 'ip route')).toContain('192.168.21.132 dev cali');
	});

	it('setRpFilter: /proc/sys/net/ipv4/conf/<dev>/rp_filter and grep -r show it', async () => {
		const cluster = lab();
		expect(await onNode(cluster, worker2, 'cat /proc/sys/net/ipv4/conf/eth0/rp_filter')).toBe('0\n');
		cluster.faults.setRpFilter(worker2, 'eth0', 1);
		cluster.faults.setRpFilter(worker2, 'all', 2);
		expect(await onNode(cluster, worker2, 'cat /proc/sys/net/ipv4/conf/eth0/rp_filter /proc/sys/net/ipv4/conf/all/rp_filter')).toBe('1\n2\n');
		const all = await onNode(cluster, worker2, 'grep -r . /proc/sys/net/ipv4/conf/');
		expect(all).toContain('/proc/sys/net/ipv4/conf/eth0/rp_filter:1\n');
		expect(all).toContain('/proc/sys/net/ipv4/conf/tunl0/rp_filter:0\n');
	});

	it('addRule: a pod\'s traffic goes into table 100, whose default route leaves through the gateway', async () => {
		const cluster = lab();
		cluster.faults.addRule(worker2, {priority: 100, from: '192.168.175.5', table: 100, route: {via: '172.20.0.1'}});
		expect(await onNode(cluster, worker2, 'ip rule')).toBe('0:\tfrom all lookup local\n100:\tfrom 192.168.175.5 lookup 100\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n');
		expect(JSON.parse(await onNode(cluster, worker2, 'ip -j rule'))).toContainEqual({priority: 100, src: '192.168.175.5', table: '100'});
		expect(await onNode(cluster, worker2, 'ip route show table 100')).toBe('default via 172.20.0.1 dev eth0 \n');
		expect(await onNode(cluster, worker2, 'ip route show table all')).toMatch(/^default via 172\.20\.0\.1 dev eth0 table 100 \n/);
		// route -n reads the main table only: the diversion is invisible there.
		expect(await onNode(cluster, worker2, 'route -n')).toBe(await onNode(lab(), worker2, 'route -n'));
	});

	it('setNodeLayout: worker still runs VXLAN among IPIP nodes (its own kernel only)', async () => {
		const cluster = lab();
		cluster.faults.setNodeLayout(worker, 'calico-vxlan');
		const routes = await onNode(cluster, worker, 'ip route');
		expect(routes).toContain('192.168.21.128/26 via 192.168.21.128 dev vxlan.calico proto 80 onlink \n');
		expect(await onNode(cluster, worker, 'ip addr')).toMatch(/: vxlan\.calico: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 /);
		expect(await onNode(cluster, worker2, 'ip route')).toContain('192.168.78.128/26 via 172.20.0.3 dev tunl0 proto bird onlink \n');
	});

	it('clearNodeFaults: the node is back to its healthy kernel', async () => {
		const cluster = lab();
		const healthy = await onNode(cluster, worker2, 'ip route show table all');
		cluster.faults.setMtu(worker2, 'eth0', 9000);
		cluster.faults.routeBlockTo(worker2, worker3, worker);
		cluster.faults.removeRoute(worker2, 'default');
		cluster.faults.addRule(worker2, {priority: 5, to: '192.168.21.0/24', table: 7, route: {type: 'blackhole'}});
		expect(await onNode(cluster, worker2, 'ip route show table all')).not.toBe(healthy);
		cluster.faults.clearNodeFaults(worker2);
		expect(await onNode(cluster, worker2, 'ip route show table all')).toBe(healthy);
		expect(await onNode(cluster, worker2, 'ip rule')).not.toContain('lookup 7');
	});
});

describe('the same faults on other layouts', () => {
	it('flannel: a podCIDR routed to the wrong node goes via that node\'s flannel.1 network address', async () => {
		const cluster = lab('flannel');
		cluster.faults.routeBlockTo(worker2, worker3, worker);
		expect(await onNode(cluster, worker2, 'ip route')).toContain('192.168.3.0/24 via 192.168.1.0 dev flannel.1 onlink \n');
	});

	it('aws-vpc: a misrouted pod range gets a route via the wrong node; setMtu on an eni veth', async () => {
		const cluster = lab('aws-vpc');
		cluster.faults.routeBlockTo(worker2, worker3, worker);
		expect(await onNode(cluster, worker2, 'ip route')).toContain('172.20.128.192/26 via 172.20.0.3 dev eth0 \n');
		cluster.faults.setMtu(worker2, 'eni*', 1500);
		expect(await onNode(cluster, worker2, 'ip addr')).toMatch(/: eni[0-9a-f]{11}@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 /);
	});

	it('kindnet: dropPodRoute removes the pod\'s scope-host route', async () => {
		const cluster = lab('kindnet');
		const before = await onNode(cluster, worker3, 'ip route');
		const ip = (cluster.get('pods', 'default', 'hello-world-7c64bd9f6b-lmhxb')!['status'] as {podIP: string}).podIP;
		expect(ip).toBe('192.168.3.5');
		expect(before).toMatch(/^192\.168\.3\.5 dev veth[0-9a-f]{8} scope host $/m);
		cluster.faults.dropPodRoute('default', 'hello-world-7c64bd9f6b-lmhxb');
		expect(await onNode(cluster, worker3, 'ip route')).not.toContain('192.168.3.5 dev');
	});
});

describe('fault arguments', () => {
	const cases: readonly [string, (cluster: LabClusterHandle) => void, string][] = [
		['setMtu: no such node', cluster => cluster.faults.setMtu('nope', 'eth0', 1400), 'args[0]'],
		['setMtu: MTU out of range', cluster => cluster.faults.setMtu(worker2, 'eth0', 20), 'args[2]'],
		['setMtu: not a device name', cluster => cluster.faults.setMtu(worker2, 'eth0; reboot', 1400), 'args[1]'],
		['routeBlockTo: the node\'s own block', cluster => cluster.faults.routeBlockTo(worker2, worker2, worker), 'args[1]'],
		['routeBlockTo: to the owner itself', cluster => cluster.faults.routeBlockTo(worker2, worker3, worker3), 'args[2]'],
		['staleBlock: unknown owner', cluster => cluster.faults.staleBlock(worker2, 'ghost'), 'args[1]'],
		['setRpFilter: 3', cluster => cluster.faults.setRpFilter(worker2, 'eth0', 3 as 0), 'args[2]'],
		['addRule: no table', cluster => cluster.faults.addRule(worker2, {priority: 10} as never), 'args[1].table'],
		['addRule: priority 0', cluster => cluster.faults.addRule(worker2, {priority: 0, table: 5}), 'args[1].priority'],
		['addRule: bad from', cluster => cluster.faults.addRule(worker2, {priority: 10, table: 5, from: '300.1.1.1'}), 'args[1].from'],
		['addRule: unknown field', cluster => cluster.faults.addRule(worker2, {priority: 10, table: 5, lookup: 5} as never), 'args[1].lookup'],
		['addRule: unicast route without via or dev', cluster => cluster.faults.addRule(worker2, {priority: 10, table: 5, route: {}}), 'args[1].route'],
		['dropPodRoute: no such pod', cluster => cluster.faults.dropPodRoute('default', 'ghost'), 'args[1]'],
		['dropPodRoute: host-network pod', cluster => cluster.faults.dropPodRoute('kube-system', 'calico-node-wf5n6'), 'args[1]'],
		['setNodeLayout: unknown CNI', cluster => cluster.faults.setNodeLayout(worker2, 'cilium' as LabCni), 'args[1]'],
		['clearNodeFaults: no such node', cluster => cluster.faults.clearNodeFaults('ghost'), 'args[0]'],
	];
	for (const [label, call, field] of cases) {
		it(`${label}: refused, naming ${field}, and nothing changes`, async () => {
			const cluster = lab();
			const before = await onNode(cluster, worker2, 'ip route show table all');
			let caught: unknown = null;
			try {
				call(cluster);
			} catch (error) {
				caught = error;
			}
			expect(caught).toBeInstanceOf(FaultArgumentError);
			expect((caught as FaultArgumentError).field).toBe(field);
			expect(await onNode(cluster, worker2, 'ip route show table all')).toBe(before);
		});
	}
});
