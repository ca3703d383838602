import {describe, expect, it} from 'vitest';
import {nodeCells, nodeColumns, nodeRoles} from '../../../source/lab/http/node-cells.js';

const now = Date.parse('2024-01-01T02:25:00Z');

function node(overrides: {labels?: Record<string, string>; ready?: string | null; unschedulable?: boolean; addresses?: unknown[]; nodeInfo?: object}) {
	return {
		metadata: {name: 'networking-worker2', creationTimestamp: '2024-01-01T00:00:00Z', labels: overrides.labels ?? {}},
		spec: {unschedulable: overrides.unschedulable ?? false},
		status: {
			conditions: overrides.ready === null ? [] : [{type: 'MemoryPressure', status: 'False'}, {type: 'Ready', status: overrides.ready ?? 'True'}],
			addresses: overrides.addresses ?? [{type: 'InternalIP', address: '172.20.0.5'}, {type: 'Hostname', address: 'networking-worker2'}],
			nodeInfo: overrides.nodeInfo ?? {kubeletVersion: 'v1.32.2', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.8.0-51-generic', containerRuntimeVersion: 'containerd://1.7.24'},
		},
	};
}

describe('node table cells (printNode)', () => {
	it('has the five default and five wide columns', () => {
		expect(nodeColumns.map(column => `${column.name}:${column.priority}`)).toEqual([
			'Name:0', 'Status:0', 'Roles:0', 'Age:0', 'Version:0',
			'Internal-IP:1', 'External-IP:1', 'OS-Image:1', 'Kernel-Version:1', 'Container-Runtime:1',
		]);
	});
	it('prints a ready worker', () => {
		expect(nodeCells(node({}), now)).toEqual([
			'networking-worker2', 'Ready', '<none>', '145m', 'v1.32.2',
			'172.20.0.5', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.8.0-51-generic', 'containerd://1.7.24',
		]);
	});
	it('NotReady, Unknown and SchedulingDisabled', () => {
		expect(nodeCells(node({ready: 'False'}), now)[1]).toBe('NotReady');
		expect(nodeCells(node({ready: 'Unknown'}), now)[1]).toBe('NotReady');
		expect(nodeCells(node({ready: null, unschedulable: true}), now)[1]).toBe('Unknown,SchedulingDisabled');
	});
	it('roles from node-role labels and kubernetes.io/role, sorted', () => {
		expect(nodeRoles({'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'master', 'node-role.kubernetes.io/': 'x'})).toEqual(['control-plane', 'master']);
	});
	it('fills missing wide values as kubectl does', () => {
		const cells = nodeCells(node({addresses: [], nodeInfo: {}}), now);
		expect(cells.slice(4)).toEqual(['', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
	});
});
