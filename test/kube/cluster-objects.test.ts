import {describe, expect, it} from 'vitest';
import {
	clusterNodesFromList,
	clusterPodsFromList,
	nodeRoles,
	nodeStatusText,
	nodeToRow,
	nodeTunnels,
	nodesFromPods,
	podToRow,
} from '../../source/kube/cluster-objects.js';

const worker2 = {
	apiVersion: 'v1',
	kind: 'Node',
	metadata: {
		name: 'networking-worker2',
		labels: {'kubernetes.io/hostname': 'networking-worker2'},
		annotations: {
			'projectcalico.org/IPv4Address': '172.20.0.5/16',
			'projectcalico.org/IPv4IPIPTunnelAddr': '192.168.175.0',
		},
	},
	spec: {podCIDR: '192.168.3.0/24', podCIDRs: ['192.168.3.0/24']},
	status: {
		addresses: [
			{type: 'InternalIP', address: '172.20.0.5'},
			{type: 'Hostname', address: 'networking-worker2'},
		],
		conditions: [{type: 'Ready', status: 'True'}],
	},
};

describe('nodeToRow', () => {
	it('maps the seed worker2 with its IPIP tunnel', () => {
		const row = nodeToRow(worker2);
		expect(row).toMatchObject({
			name: 'networking-worker2',
			ready: true,
			unschedulable: false,
			roles: [],
			internalIp: '172.20.0.5',
			externalIp: null,
			podCidrs: ['192.168.3.0/24'],
			tunnels: [{kind: 'ipip', address: '192.168.175.0'}],
		});
		expect(row?.cluster.annotations['projectcalico.org/IPv4Address']).toBe('172.20.0.5/16');
		expect(nodeStatusText(row!)).toBe('Ready');
	});

	it('reads roles, NotReady, cordon, podCIDR fallback and drops invalid IPs', () => {
		const row = nodeToRow({
			metadata: {name: 'cp', labels: {'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'master'}},
			spec: {podCIDR: '10.244.0.7/24', unschedulable: true},
			status: {
				addresses: [
					{type: 'InternalIP', address: 'not-an-ip'},
					{type: 'InternalIP', address: '10.0.0.2'},
					{type: 'ExternalIP', address: '2001:DB8::1'},
				],
				conditions: [{type: 'Ready', status: 'False'}],
			},
		});
		expect(row).toMatchObject({
			roles: ['control-plane', 'master'],
			ready: false,
			unschedulable: true,
			podCidrs: ['10.244.0.0/24'],
			internalIp: '10.0.0.2',
			externalIp: '2001:db8::1',
		});
		expect(nodeStatusText(row!)).toBe('NotReady,SchedulingDisabled');
	});

	it('prints a lost node (Ready Unknown) as NotReady and a node without a Ready condition as Unknown, as kubectl', () => {
		const lost = nodeToRow({metadata: {name: 'w'}, status: {conditions: [{type: 'Ready', status: 'Unknown'}]}});
		expect(nodeStatusText(lost!)).toBe('NotReady');
		const fresh = nodeToRow({metadata: {name: 'w'}, status: {conditions: []}});
		expect(nodeStatusText(fresh!)).toBe('Unknown');
	});

	it('returns null without a name and sanitizes names', () => {
		expect(nodeToRow({metadata: {}})).toBeNull();
		expect(nodeToRow('garbage')).toBeNull();
		expect(nodeToRow({metadata: {name: 'evil\u001B[2J'}})?.name).toBe('evil\\x1b[2J');
	});
});

describe('nodeTunnels', () => {
	it('reads Calico VXLAN and WireGuard and Flannel', () => {
		expect(
			nodeTunnels(
				{
					'projectcalico.org/IPv4VXLANTunnelAddr': '192.168.1.64',
					'projectcalico.org/IPv4WireguardInterfaceAddr': '192.168.1.65',
					'projectcalico.org/IPv4IPIPTunnelAddr': 'bogus',
				},
				[],
			),
		).toEqual([
			{kind: 'vxlan', address: '192.168.1.64'},
			{kind: 'wireguard', address: '192.168.1.65'},
		]);
		expect(nodeTunnels({'flannel.alpha.coreos.com/backend-type': 'vxlan'}, ['10.244.2.0/24'])).toEqual([
			{kind: 'flannel', address: '10.244.2.0'},
		]);
		expect(nodeTunnels({}, ['10.244.2.0/24'])).toEqual([]);
	});

	it('nodeRoles ignores unrelated labels', () => {
		expect(nodeRoles({'kubernetes.io/os': 'linux'})).toEqual([]);
	});
});

describe('nodesFromPods', () => {
	const pod = (name: string, nodeName: string | undefined, hostIP: string | undefined) =>
		podToRow({metadata: {name, namespace: 'default'}, spec: nodeName ? {nodeName} : {}, status: hostIP ? {hostIP} : {}})!;

	it('one row per nodeName, with the hostIP some pod reports, sorted; pending pods add nothing', () => {
		const rows = nodesFromPods([
			pod('a', 'worker2', undefined),
			pod('b', 'worker2', '172.20.0.5'),
			pod('c', 'control-plane', '172.20.0.2'),
			pod('d', undefined, undefined),
			pod('e', 'worker3', 'not-an-ip'),
		]);
		expect(rows.map(row => [row.name, row.internalIp])).toEqual([
			['control-plane', '172.20.0.2'],
			['worker2', '172.20.0.5'],
			['worker3', null],
		]);
		expect(rows[1]).toMatchObject({ready: null, roles: [], podCidrs: [], tunnels: [], cluster: {name: 'worker2', internalIps: ['172.20.0.5'], podCidrs: []}});
	});
});

describe('podToRow', () => {
	it('maps a running hello-world pod', () => {
		const row = podToRow({
			metadata: {name: 'hello-world-7c64bd9f6b-tpnrz', namespace: 'default', uid: 'u1', creationTimestamp: '2024-05-01T10:00:00Z'},
			spec: {nodeName: 'networking-worker2', containers: [{name: 'hello'}]},
			status: {
				phase: 'Running',
				podIP: '192.168.175.5',
				podIPs: [{ip: '192.168.175.5'}],
				containerStatuses: [{name: 'hello', ready: true, restartCount: 0, state: {running: {}}}],
			},
		});
		expect(row).toMatchObject({
			namespace: 'default',
			name: 'hello-world-7c64bd9f6b-tpnrz',
			uid: 'u1',
			ips: ['192.168.175.5'],
			node: 'networking-worker2',
			phase: 'Running',
			status: 'Running',
			ready: '1/1',
			restarts: 0,
			hostNetwork: false,
			createdAt: Date.parse('2024-05-01T10:00:00Z'),
		});
		expect(row?.cluster).toEqual({
			namespace: 'default',
			name: 'hello-world-7c64bd9f6b-tpnrz',
			node: 'networking-worker2',
			ips: ['192.168.175.5'],
			hostNetwork: false,
			phase: 'Running',
		});
	});

	it('accepts Dates (client-node lists), falls back to podIP, keeps dual-stack order, no node when pending', () => {
		const created = new Date('2024-05-01T10:00:00Z');
		const row = podToRow({
			metadata: {name: 'p', creationTimestamp: created},
			spec: {hostNetwork: true},
			status: {phase: 'Pending', podIP: '10.0.0.9'},
		});
		expect(row).toMatchObject({namespace: 'default', node: null, ips: ['10.0.0.9'], hostNetwork: true, createdAt: created.getTime()});
		const dual = podToRow({metadata: {name: 'd'}, status: {podIPs: [{ip: 'fd00::0:5'}, {ip: '10.1.0.5'}, {ip: 'junk'}]}});
		expect(dual?.ips).toEqual(['fd00::5', '10.1.0.5']);
	});
});

describe('clusterNodesFromList / clusterPodsFromList', () => {
	it('reads a List, an array or a single object, skipping nameless items', () => {
		expect(clusterNodesFromList({kind: 'List', items: [worker2, {metadata: {}}]}).map(node => node.name)).toEqual([
			'networking-worker2',
		]);
		expect(clusterNodesFromList(worker2)).toHaveLength(1);
		expect(clusterPodsFromList([{metadata: {name: 'a', namespace: 'x'}}, 7])).toEqual([
			{namespace: 'x', name: 'a', node: null, ips: [], hostNetwork: false, phase: null},
		]);
		expect(clusterPodsFromList('nonsense')).toEqual([]);
	});
});
