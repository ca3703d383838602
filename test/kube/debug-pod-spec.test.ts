import {describe, expect, it} from 'vitest';
import {
	debugPodManifest,
	debugPodName,
	labelValue,
	newRunId,
	runSelector,
} from '../../source/kube/debug-pod-spec.js';
import {podSecurityViolation} from '../../source/lab/state/pod-security.js';

const input = {
	node: 'networking-worker2',
	runId: 'abc123xy',
	image: 'busybox:1.37.0',
	namespace: 'default',
	ttlSeconds: 600,
	host: 'laptop',
	pid: 4242,
	startedAt: Date.parse('2025-01-01T00:00:00Z'),
	context: 'kind-networking',
};

type Manifest = {
	metadata: {name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string>};
	spec: Record<string, unknown> & {containers: Record<string, unknown>[]};
};

describe('debugPodManifest', () => {
	const pod = debugPodManifest(input) as unknown as Manifest;

	it('pins the node, uses the host network and nothing else of the host', () => {
		expect(pod.spec).toMatchObject({
			nodeName: 'networking-worker2',
			hostNetwork: true,
			hostPID: false,
			hostIPC: false,
			automountServiceAccountToken: false,
			restartPolicy: 'Never',
			terminationGracePeriodSeconds: 0,
			activeDeadlineSeconds: 600,
			tolerations: [{operator: 'Exists'}],
		});
		expect(pod.spec['volumes']).toBeUndefined();
		expect(JSON.stringify(pod)).not.toContain('hostPath');
		expect(pod.spec['nodeSelector']).toBeUndefined();
	});

	it('runs one unprivileged, bounded container', () => {
		expect(pod.spec.containers).toHaveLength(1);
		const container = pod.spec.containers[0]!;
		expect(container).toMatchObject({
			image: 'busybox:1.37.0',
			command: ['sleep', '600'],
			securityContext: {privileged: false, allowPrivilegeEscalation: false, capabilities: {drop: ['ALL']}},
		});
		const resources = container['resources'] as {requests: unknown; limits: unknown};
		expect(resources.requests).toEqual(resources.limits);
		expect(JSON.stringify(container)).not.toMatch(/"add"|NET_ADMIN|SYS_ADMIN/);
	});

	it('runs as a fixed non-root user and group (route -n and ip addr need no root)', () => {
		expect(pod.spec['securityContext']).toEqual({
			runAsNonRoot: true,
			runAsUser: 65534,
			runAsGroup: 65534,
			seccompProfile: {type: 'RuntimeDefault'},
		});
		expect(JSON.stringify(pod.spec.containers)).not.toContain('runAsUser');
		// Under Pod Security "restricted" the host network it needs is then the only thing refused.
		expect(podSecurityViolation('restricted', pod.spec)).toBe('violates PodSecurity "restricted:latest": host namespaces (hostNetwork=true)');
	});

	it('marks the pod as ours and this run’s, with session annotations and expiry', () => {
		expect(pod.metadata.labels).toMatchObject({
			'app.kubernetes.io/managed-by': 'netinspect',
			'app.kubernetes.io/component': 'node-debug',
			'netinspect.io/run': 'abc123xy',
		});
		expect(pod.metadata.annotations).toEqual({
			'netinspect.io/host': 'laptop',
			'netinspect.io/pid': '4242',
			'netinspect.io/started-at': '2025-01-01T00:00:00.000Z',
			'netinspect.io/context': 'kind-networking',
			'netinspect.io/expires-at': '2025-01-01T00:10:00.000Z',
		});
		expect(pod.metadata.namespace).toBe('default');
		expect(runSelector('abc123xy')).toBe(
			'app.kubernetes.io/managed-by=netinspect,app.kubernetes.io/component=node-debug,netinspect.io/run=abc123xy',
		);
	});
});

describe('names and label values', () => {
	it('makes DNS-1123 names from any node name', () => {
		expect(debugPodName('networking-worker2', 'abc')).toBe('ni-debug-networking-worker2-abc');
		expect(debugPodName('Ip-10-0-0-1.EC2.internal', 'r1')).toBe('ni-debug-ip-10-0-0-1-ec2-internal-r1');
		const long = debugPodName('x'.repeat(300), 'run');
		expect(long.length).toBeLessThanOrEqual(63);
		expect(long).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
		expect(debugPodName('---', 'r')).toBe('ni-debug-node-r');
	});

	it('label values are at most 63 safe characters', () => {
		expect(labelValue('-a b/c-')).toBe('a-b-c');
		expect(labelValue('y'.repeat(100))).toHaveLength(63);
	});

	it('run ids are 8 lowercase alphanumerics and differ', () => {
		const a = newRunId();
		expect(a).toMatch(/^[a-z0-9]{8}$/);
		expect(new Set(Array.from({length: 20}, () => newRunId())).size).toBeGreaterThan(1);
	});
});
