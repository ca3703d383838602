import {describe, expect, it} from 'vitest';
import {podStatusColumns} from '../../source/kube/pod-status.js';

type Pod = Record<string, unknown>;

function pod(status: Record<string, unknown>, spec: Record<string, unknown> = {}, metadata: Pod = {}): Pod {
	return {
		metadata: {name: 'p', namespace: 'default', ...metadata},
		spec: {containers: [{name: 'main'}], ...spec},
		status,
	};
}

const running = {running: {startedAt: '2024-01-01T00:00:00Z'}};

describe('podStatusColumns (kubectl printPod rules)', () => {
	it('Running with ready containers and summed restarts', () => {
		const columns = podStatusColumns(
			pod(
				{
					phase: 'Running',
					containerStatuses: [
						{name: 'a', ready: true, restartCount: 2, state: running},
						{name: 'b', ready: false, restartCount: 1, state: running},
					],
				},
				{containers: [{name: 'a'}, {name: 'b'}]},
			),
		);
		expect(columns).toEqual({status: 'Running', ready: '1/2', restarts: 3});
	});

	it('a waiting reason wins over the phase', () => {
		for (const reason of ['ContainerCreating', 'ImagePullBackOff', 'ErrImagePull', 'CrashLoopBackOff']) {
			const columns = podStatusColumns(
				pod({phase: 'Pending', containerStatuses: [{name: 'main', ready: false, state: {waiting: {reason}}}]}),
			);
			expect(columns.status).toBe(reason);
		}
	});

	it('Completed, and a terminated container without reason shows its exit code or signal', () => {
		expect(
			podStatusColumns(
				pod({phase: 'Succeeded', containerStatuses: [{name: 'main', state: {terminated: {exitCode: 0, reason: 'Completed'}}}]}),
			).status,
		).toBe('Completed');
		expect(
			podStatusColumns(pod({phase: 'Failed', containerStatuses: [{name: 'main', state: {terminated: {exitCode: 3}}}]}))
				.status,
		).toBe('ExitCode:3');
		expect(
			podStatusColumns(
				pod({phase: 'Failed', containerStatuses: [{name: 'main', state: {terminated: {exitCode: 137, signal: 9}}}]}),
			).status,
		).toBe('Signal:9');
	});

	it('Completed turns back into Running or NotReady while another container still runs', () => {
		const base = {
			phase: 'Running',
			containerStatuses: [
				{name: 'a', ready: true, state: running},
				{name: 'b', ready: false, state: {terminated: {exitCode: 0, reason: 'Completed'}}},
			],
		};
		const spec = {containers: [{name: 'a'}, {name: 'b'}]};
		expect(podStatusColumns(pod({...base, conditions: [{type: 'Ready', status: 'True'}]}, spec)).status).toBe('Running');
		expect(podStatusColumns(pod(base, spec)).status).toBe('NotReady');
	});

	it('Init: waiting reason, exit code, and progress count', () => {
		const spec = {initContainers: [{name: 'i1'}, {name: 'i2'}]};
		expect(
			podStatusColumns(
				pod(
					{
						phase: 'Pending',
						initContainerStatuses: [
							{name: 'i1', state: {terminated: {exitCode: 0}}},
							{name: 'i2', state: {waiting: {reason: 'ImagePullBackOff'}}},
						],
					},
					spec,
				),
			).status,
		).toBe('Init:ImagePullBackOff');
		expect(
			podStatusColumns(
				pod({phase: 'Pending', initContainerStatuses: [{name: 'i1', state: {terminated: {exitCode: 2}}}]}, spec),
			).status,
		).toBe('Init:ExitCode:2');
		expect(
			podStatusColumns(
				pod(
					{
						phase: 'Pending',
						initContainerStatuses: [
							{name: 'i1', state: {terminated: {exitCode: 0}}},
							{name: 'i2', state: {waiting: {reason: 'PodInitializing'}}},
						],
					},
					spec,
				),
			).status,
		).toBe('Init:1/2');
	});

	it('restartable init containers (sidecars) count towards READY', () => {
		const columns = podStatusColumns(
			pod(
				{
					phase: 'Running',
					conditions: [{type: 'Initialized', status: 'True'}],
					initContainerStatuses: [{name: 'side', started: true, ready: true, restartCount: 4, state: running}],
					containerStatuses: [{name: 'main', ready: true, restartCount: 1, state: running}],
				},
				{initContainers: [{name: 'side', restartPolicy: 'Always'}]},
			),
		);
		expect(columns).toEqual({status: 'Running', ready: '2/2', restarts: 5});
	});

	it('Terminating while deleting a live pod, but not a finished one; NodeLost is Unknown', () => {
		const deleting = {deletionTimestamp: '2024-01-01T00:00:00Z'};
		expect(podStatusColumns(pod({phase: 'Running'}, {}, deleting)).status).toBe('Terminating');
		expect(podStatusColumns(pod({phase: 'Succeeded'}, {}, deleting)).status).toBe('Succeeded');
		expect(podStatusColumns(pod({phase: 'Running', reason: 'NodeLost'}, {}, deleting)).status).toBe('Unknown');
	});

	it('status.reason (Evicted) and SchedulingGated', () => {
		expect(podStatusColumns(pod({phase: 'Failed', reason: 'Evicted'})).status).toBe('Evicted');
		expect(
			podStatusColumns(
				pod({phase: 'Pending', conditions: [{type: 'PodScheduled', status: 'False', reason: 'SchedulingGated'}]}),
			).status,
		).toBe('SchedulingGated');
	});

	it('reads explicit nulls (client-node objects, some servers) as absent', () => {
		const columns = podStatusColumns(
			pod({
				phase: 'Running',
				containerStatuses: [{name: 'main', ready: true, restartCount: 0, state: {running: {startedAt: 'x'}, waiting: null, terminated: null}}],
			}),
		);
		expect(columns).toEqual({status: 'Running', ready: '1/1', restarts: 0});
	});

	it('survives garbage and sanitizes reasons', () => {
		expect(podStatusColumns(null)).toEqual({status: 'Unknown', ready: '0/0', restarts: 0});
		expect(
			podStatusColumns(
				pod({phase: 'Pending', containerStatuses: [{name: 'm', state: {waiting: {reason: 'Bad\u001B[31m'}}}]}),
			).status,
		).toBe('Bad\\x1b[31m');
	});
});
