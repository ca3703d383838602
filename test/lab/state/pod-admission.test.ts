import {describe, expect, it} from 'vitest';
import {admitPod, type AdmissionContext} from '../../../source/lab/state/pod-admission.js';

const context: AdmissionContext = {
	namespace: 'default',
	namespaceExists: true,
	level: 'privileged',
	nameTaken: (name) => name === 'taken',
	uid: 'uid-1',
	now: Date.UTC(2024, 0, 2, 3, 4, 5, 600),
	suffix: () => 'x7k2q',
};

const body = (metadata: object, spec: object = {containers: [{name: 'main', image: 'busybox'}]}) => ({apiVersion: 'v1', kind: 'Pod', metadata, spec});

describe('admitPod', () => {
	it('stores a Pending pod with apiserver defaults', () => {
		const result = admitPod(body({name: 'p', labels: {a: 'b'}}), context);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const pod = result.value;
		expect(pod.metadata).toMatchObject({name: 'p', namespace: 'default', uid: 'uid-1', creationTimestamp: '2024-01-02T03:04:05Z', labels: {a: 'b'}});
		expect(pod['status']).toEqual({phase: 'Pending', qosClass: 'BestEffort'});
		expect(pod['spec']).toMatchObject({restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst'});
		expect((pod['spec'] as {containers: {imagePullPolicy: string}[]}).containers[0]!.imagePullPolicy).toBe('Always');
	});

	it('generates a name from generateName', () => {
		const result = admitPod(body({generateName: 'node-debugger-'}), context);
		expect(result.ok && result.value.metadata.name).toBe('node-debugger-x7k2q');
	});

	it('answers the apiserver errors in its order and wording', () => {
		expect(admitPod('nope', context)).toMatchObject({ok: false, error: {code: 400, reason: 'BadRequest'}});
		expect(admitPod(body({name: 'p'}), {...context, namespaceExists: false, namespace: 'ghost'})).toEqual({
			ok: false,
			error: {code: 404, reason: 'NotFound', message: 'namespaces "ghost" not found', details: {name: 'ghost', kind: 'namespaces'}},
		});
		const missing = admitPod(body({}), context);
		expect(missing.ok ? null : missing.error.message).toBe('Pod "" is invalid: metadata.name: Required value: name or generateName is required');
		const empty = admitPod(body({name: 'p'}, {containers: []}), context);
		expect(empty.ok ? null : [empty.error.code, empty.error.reason, empty.error.message]).toEqual([422, 'Invalid', 'Pod "p" is invalid: spec.containers: Required value']);
		const badName = admitPod(body({name: 'Bad_Name'}), context);
		expect(badName.ok ? null : badName.error.message).toMatch(/^Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
		const taken = admitPod(body({name: 'taken'}), context);
		expect(taken.ok ? null : taken.error).toEqual({code: 409, reason: 'AlreadyExists', message: 'pods "taken" already exists', details: {name: 'taken', kind: 'pods'}});
		const forbidden = admitPod(body({name: 'taken'}, {hostNetwork: true, containers: [{name: 'a', image: 'x'}]}), {...context, level: 'baseline'});
		expect(forbidden.ok ? null : [forbidden.error.code, forbidden.error.message]).toEqual([
			403,
			'pods "taken" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true)',
		]);
	});
});

describe('admitPod spec.nodeName', () => {
	it('refuses a nodeName that is not a DNS subdomain (escape sequences included), as the apiserver does', () => {
		const result = admitPod(body({name: 'p'}, {nodeName: 'worker\u001B[2J\u001B]0;x\u0007', containers: [{name: 'main', image: 'busybox'}]}), context);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.error.code).toBe(422);
		expect(result.error.message).toMatch(/^Pod "p" is invalid: spec\.nodeName: Invalid value: "worker\\u001b\[2J\\u001b\]0;x\\u0007": a lowercase RFC 1123 subdomain/);
		expect(result.error.message).not.toMatch(/[\u0000-\u001F]/);
		for (const nodeName of ['Worker', 'a'.repeat(254), 7, '-a']) {
			expect(admitPod(body({name: 'p'}, {nodeName, containers: [{name: 'main', image: 'busybox'}]}), context).ok).toBe(false);
		}
		expect(admitPod(body({name: 'p'}, {nodeName: 'networking-worker2', containers: [{name: 'main', image: 'busybox'}]}), context).ok).toBe(true);
	});
});
