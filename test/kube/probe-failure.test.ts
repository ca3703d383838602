import {describe, expect, it} from 'vitest';
import {apiErrorInfo} from '../../source/kube/api-error.js';
import {failureFromApiError, podProgress} from '../../source/kube/probe-failure.js';

function apiException(code: number, status: Record<string, unknown>): Error & {code: number; body: string} {
	return Object.assign(new Error(`HTTP-Code: ${code}\nMessage: Unknown API Status Code!\nBody: …`), {
		code,
		body: JSON.stringify({kind: 'Status', apiVersion: 'v1', status: 'Failure', code, ...status}),
	});
}

const createPods = {verb: 'create', resource: 'pods', namespace: 'default'};

describe('apiErrorInfo', () => {
	it('reads the Status inside an ApiException, a watch error and a network error', () => {
		expect(apiErrorInfo(apiException(404, {reason: 'NotFound', message: 'pods "x" not found'}))).toEqual({
			status: 404,
			reason: 'NotFound',
			message: 'pods "x" not found',
		});
		expect(apiErrorInfo(Object.assign(new Error('Internal Server Error'), {statusCode: 500}))).toEqual({
			status: 500,
			reason: null,
			message: 'Internal Server Error',
		});
		expect(apiErrorInfo(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {code: 'ECONNREFUSED'}))).toMatchObject({
			status: null,
			reason: 'ECONNREFUSED',
		});
		expect(apiErrorInfo(apiException(500, {message: 'evil\u001B[2J'})).message).toBe('evil\\x1b[2J');
	});
});

describe('failureFromApiError', () => {
	it('Pod Security: names the enforce level and suggests a privileged --debug-namespace', () => {
		const failure = failureFromApiError(
			apiException(403, {
				reason: 'Forbidden',
				message: 'pods "ni-debug-w2-abc" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true)',
			}),
			createPods,
		);
		expect(failure.reason).toBe('admission');
		expect(failure.message).toContain('hostNetwork=true');
		expect(failure.fix).toContain('pod-security.kubernetes.io/enforce=baseline');
		expect(failure.fix).toContain('--debug-namespace');
		expect(failure.fix).toContain('enforce=privileged');
	});

	it('RBAC: the verb and a Role hint', () => {
		const failure = failureFromApiError(
			apiException(403, {
				reason: 'Forbidden',
				message: 'pods is forbidden: User "alice" cannot create resource "pods" in API group "" in the namespace "default"',
			}),
			createPods,
		);
		expect(failure.reason).toBe('forbidden');
		expect(failure.message).toMatch(/^not allowed to create pods in namespace "default"/);
		expect(failure.fix).toContain('kubectl create role netinspect -n default');
	});

	it('network errors and server errors', () => {
		expect(failureFromApiError(Object.assign(new Error('refused'), {code: 'ECONNREFUSED'}), createPods).message).toMatch(
			/nothing answers at the API server's address/,
		);
		expect(failureFromApiError(Object.assign(new Error('reset'), {code: 'ECONNRESET'}), createPods)).toMatchObject({
			message: expect.stringMatching(/cannot reach the API server/),
			fix: expect.stringMatching(/network path/),
		});
		expect(failureFromApiError(apiException(500, {message: 'boom'}), createPods).message).toContain('HTTP 500');
	});
});

describe('podProgress', () => {
	const base = {metadata: {name: 'p'}, spec: {nodeName: 'w2'}};

	it('follows creating → scheduled → pulling → running', () => {
		expect(podProgress({...base, status: {}}, 'img').phase).toBe('creating');
		expect(podProgress({...base, status: {phase: 'Pending', conditions: [{type: 'PodScheduled', status: 'True'}]}}, 'img').phase).toBe(
			'scheduled',
		);
		expect(
			podProgress({...base, status: {phase: 'Pending', containerStatuses: [{state: {waiting: {reason: 'ContainerCreating'}}}]}}, 'img'),
		).toMatchObject({phase: 'pulling', failure: null});
		expect(podProgress({...base, status: {phase: 'Running', containerStatuses: [{state: {running: {}}}]}}, 'img').phase).toBe('running');
		expect(
			podProgress({...base, status: {phase: 'Pending', containerStatuses: [{state: {running: null, terminated: null, waiting: {reason: 'ContainerCreating'}}}]}}, 'img').phase,
		).toBe('pulling');
	});

	it('fails fast on image pulls, kubelet rejections, deadline and exits', () => {
		for (const reason of ['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName']) {
			const progress = podProgress(
				{...base, status: {phase: 'Pending', containerStatuses: [{state: {waiting: {reason, message: 'not found'}}}]}},
				'busybox:nope',
			);
			expect(progress.failure?.reason).toBe('image-pull');
			expect(progress.failure?.fix).toContain('busybox:nope');
		}
		expect(podProgress({...base, status: {phase: 'Failed', reason: 'OutOfcpu', message: 'no cpu'}}, 'i').failure).toMatchObject({
			reason: 'pod-failed',
			message: 'debug pod failed on w2: OutOfcpu: no cpu',
		});
		expect(podProgress({...base, status: {phase: 'Failed', reason: 'DeadlineExceeded'}}, 'i').failure?.fix).toMatch(/time-to-live/);
		expect(
			podProgress({...base, status: {phase: 'Running', containerStatuses: [{state: {terminated: {exitCode: 127}}}]}}, 'i').failure
				?.message,
		).toContain('code 127');
	});
});
