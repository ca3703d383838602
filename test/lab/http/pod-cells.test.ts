import {describe, expect, it} from 'vitest';
import {podCells, podColumns} from '../../../source/lab/http/pod-cells.js';

const now = Date.parse('2024-01-01T01:03:00Z');

function pod(status: object, extra: {deletionTimestamp?: string; spec?: object} = {}) {
	return {
		metadata: {name: 'hello-world-7c64bd9f6b-tpnrz', creationTimestamp: '2024-01-01T00:00:00Z', ...(extra.deletionTimestamp ? {deletionTimestamp: extra.deletionTimestamp} : {})},
		spec: {nodeName: 'networking-worker2', containers: [{name: 'hello-world'}], ...extra.spec},
		status,
	};
}

const running = {running: {startedAt: '2024-01-01T00:00:05Z'}};

describe('pod table cells (printPod)', () => {
	it('has the five default and four wide columns', () => {
		expect(podColumns.map(column => `${column.name}:${column.priority}`)).toEqual([
			'Name:0', 'Ready:0', 'Status:0', 'Restarts:0', 'Age:0', 'IP:1', 'Node:1', 'Nominated Node:1', 'Readiness Gates:1',
		]);
	});
	it('prints the seed row of a running pod', () => {
		const cells = podCells(pod({phase: 'Running', podIPs: [{ip: '192.168.175.5'}], containerStatuses: [{name: 'hello-world', ready: true, restartCount: 0, state: running}]}), now);
		expect(cells).toEqual(['hello-world-7c64bd9f6b-tpnrz', '1/1', 'Running', '0', '63m', '192.168.175.5', 'networking-worker2', '<none>', '<none>']);
	});
	it('shows waiting reasons (ContainerCreating, ImagePullBackOff) and no IP yet', () => {
		const cells = podCells(pod({phase: 'Pending', containerStatuses: [{name: 'hello-world', ready: false, restartCount: 0, state: {waiting: {reason: 'ImagePullBackOff'}}}]}), now);
		expect(cells.slice(1, 3)).toEqual(['0/1', 'ImagePullBackOff']);
		expect(cells[5]).toBe('<none>');
	});
	it('Completed for a finished debug pod; ExitCode:N without a reason', () => {
		expect(podCells(pod({phase: 'Succeeded', containerStatuses: [{name: 'd', state: {terminated: {exitCode: 0, reason: 'Completed'}}}]}), now)[2]).toBe('Completed');
		expect(podCells(pod({phase: 'Failed', containerStatuses: [{name: 'd', state: {terminated: {exitCode: 2}}}]}), now)[2]).toBe('ExitCode:2');
	});
	it('Terminating when deleting a running pod, not a finished one', () => {
		const status = {phase: 'Running', containerStatuses: [{name: 'hello-world', ready: true, state: running}]};
		expect(podCells(pod(status, {deletionTimestamp: '2024-01-01T01:02:00Z'}), now)[2]).toBe('Terminating');
		expect(podCells(pod({phase: 'Succeeded'}, {deletionTimestamp: '2024-01-01T01:02:00Z'}), now)[2]).toBe('Succeeded');
	});
	it('status.reason wins over the phase, and Pending without statuses is Pending', () => {
		expect(podCells(pod({phase: 'Failed', reason: 'DeadlineExceeded'}), now)[2]).toBe('DeadlineExceeded');
		expect(podCells(pod({phase: 'Pending'}), now).slice(1, 4)).toEqual(['0/1', 'Pending', '0']);
	});
	it('restarts with the time of the last one', () => {
		const status = {
			phase: 'Running',
			containerStatuses: [{name: 'a', ready: true, restartCount: 2, state: running, lastState: {terminated: {exitCode: 1, finishedAt: '2024-01-01T01:00:00Z'}}}],
		};
		expect(podCells(pod(status), now)[3]).toBe('2 (3m ago)');
	});
	it('init containers: Init:N/M and Init:<reason>', () => {
		const spec = {initContainers: [{name: 'install'}, {name: 'setup'}]};
		const first = {phase: 'Pending', initContainerStatuses: [{name: 'install', state: {terminated: {exitCode: 0}}}, {name: 'setup', state: {running: {}}}]};
		expect(podCells(pod(first, {spec}), now)[2]).toBe('Init:1/2');
		const crash = {phase: 'Pending', initContainerStatuses: [{name: 'install', state: {waiting: {reason: 'CrashLoopBackOff'}}}]};
		expect(podCells(pod(crash, {spec}), now)[2]).toBe('Init:CrashLoopBackOff');
	});
	it('readiness gates count true conditions', () => {
		const spec = {readinessGates: [{conditionType: 'a'}, {conditionType: 'b'}]};
		const status = {phase: 'Running', conditions: [{type: 'a', status: 'True'}, {type: 'b', status: 'False'}]};
		expect(podCells(pod(status, {spec}), now)[8]).toBe('1/2');
	});
});
