/**
 * @kubernetes/client-node 1.4.0 against startLab over HTTPS + WebSocket v5: list, informers (ListWatch),
 * exec with exit codes, the RBAC preflight, and what a client sees when the lab misbehaves.
 */
import {Writable} from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startLab, type RunningLab} from '../../../source/lab/index.js';
import {createLabCluster} from '../../../source/lab/state/index.js';
import {seedTopology} from '../../../source/lab/state/topology-seed.js';

let lab: RunningLab;
let config: k8s.KubeConfig;
let core: k8s.CoreV1Api;

beforeAll(async () => {
	const cluster = createLabCluster({topology: seedTopology(), imagePullDelayMs: 20, schedulingDelayMs: 5, terminationDelayMs: 20});
	lab = await startLab({cluster});
	config = new k8s.KubeConfig();
	config.loadFromFile(lab.kubeconfigPath);
	core = config.makeApiClient(k8s.CoreV1Api);
});
afterAll(async () => lab.stop());

function sink(): {stream: Writable; text: () => string} {
	let text = '';
	const stream = new Writable({
		write(chunk: Buffer, _encoding, callback) {
			text += chunk.toString('utf8');
			callback();
		},
	});
	return {stream, text: () => text};
}

async function execIn(namespace: string, pod: string, command: string[]) {
	const stdout = sink();
	const stderr = sink();
	const status = await new Promise<k8s.V1Status>((resolve, reject) => {
		new k8s.Exec(config)
			.exec(namespace, pod, '', command, stdout.stream, stderr.stream, null, false, resolve)
			.catch(reject);
	});
	const exitCode = status.status === 'Success' ? 0 : Number(status.details?.causes?.find(cause => cause.reason === 'ExitCode')?.message ?? -1);
	return {status, exitCode, stdout: stdout.text(), stderr: stderr.text()};
}

async function calicoNode(node: string): Promise<string> {
	const list = await core.listNamespacedPod({namespace: 'kube-system', fieldSelector: `spec.nodeName=${node}`});
	const pod = list.items.find(item => item.metadata?.name?.startsWith('calico-node-'));
	return pod?.metadata?.name ?? '';
}

describe('client-node lists', () => {
	it('lists nodes and pods across namespaces, with field selectors', async () => {
		const nodes = await core.listNode();
		expect(nodes.items.map(node => node.metadata?.name).sort()).toEqual([
			'networking-control-plane',
			'networking-worker',
			'networking-worker2',
			'networking-worker3',
		]);
		const pods = await core.listPodForAllNamespaces({fieldSelector: 'spec.nodeName=networking-worker2'});
		const ips = pods.items.map(pod => pod.status?.podIP);
		expect(ips).toEqual(expect.arrayContaining(['192.168.175.5', '192.168.175.1', '172.20.0.5']));
		expect(Number(pods.metadata?.resourceVersion)).toBeGreaterThan(0);
	});
	it('gets a missing pod as a 404 ApiException', async () => {
		await expect(core.readNamespacedPod({namespace: 'default', name: 'nope'})).rejects.toMatchObject({code: 404});
	});
});

describe('client-node exec over v5', () => {
	it('runs route -n in a host-network pod and reports Success', async () => {
		const result = await execIn('kube-system', await calicoNode('networking-worker2'), ['route', '-n']);
		expect(result.status.status).toBe('Success');
		expect(result.stdout).toMatch(/^192\.168\.175\.5\s+0\.0\.0\.0\s+255\.255\.255\.255\s+UH/m);
	});
	it('reads exit codes from the ExitCode cause (false → 1, missing → 127)', async () => {
		const pod = await calicoNode('networking-worker2');
		expect((await execIn('kube-system', pod, ['false'])).exitCode).toBe(1);
		const missing = await execIn('kube-system', pod, ['no-such-tool']);
		expect(missing.exitCode).toBe(127);
		expect(missing.status.reason).toBe('NonZeroExitCode');
		expect(missing.stderr).toContain('no-such-tool');
	});
	it('a truncated exec reaches the client as an InternalError status after the partial output', async () => {
		lab.faults.setExecFault({mode: 'truncate'});
		try {
			const result = await execIn('kube-system', await calicoNode('networking-worker2'), ['route', '-n']);
			expect(result.status).toMatchObject({status: 'Failure', reason: 'InternalError', code: 500});
			expect(result.stdout.length).toBeGreaterThan(0);
			expect(result.stdout).not.toMatch(/192\.168\.175\.5\s/);
		} finally {
			lab.faults.setExecFault(null);
		}
	});
});

describe('client-node informers (ListWatch)', () => {
	it('sees adds, then the delete and the controller replacement of a hello-world pod', async () => {
		const informer = k8s.makeInformer(config, '/api/v1/namespaces/default/pods', async () => core.listNamespacedPod({namespace: 'default'}), 'app=hello-world');
		const added: string[] = [];
		const deleted: string[] = [];
		informer.on('add', pod => added.push(pod.metadata?.name ?? ''));
		informer.on('delete', pod => deleted.push(pod.metadata?.name ?? ''));
		const errors: unknown[] = [];
		informer.on('error', error => errors.push(error));
		await informer.start();
		try {
			await expect.poll(() => added.length).toBe(3);
			await core.deleteNamespacedPod({namespace: 'default', name: 'hello-world-7c64bd9f6b-s5cfz', gracePeriodSeconds: 0});
			await expect.poll(() => deleted, {timeout: 10_000}).toContain('hello-world-7c64bd9f6b-s5cfz');
			await expect.poll(() => informer.list().filter(pod => pod.status?.phase === 'Running').length, {timeout: 10_000}).toBe(3);
			expect(added.length).toBe(4);
			expect(errors).toEqual([]);
		} finally {
			await informer.stop();
		}
	});
	it('relists on 410 when its watch ends and the history is gone (resourceVersion jump), then sees changes', async () => {
		let lists = 0;
		const informer = k8s.makeInformer(config, '/api/v1/nodes', async () => {
			lists++;
			return core.listNode();
		});
		const errors: unknown[] = [];
		informer.on('error', error => errors.push(error));
		await informer.start();
		try {
			expect(lists).toBe(1);
			lab.faults.jumpResourceVersion(1000);
			// The watch ends cleanly; client-node re-watches from its old rv, gets ERROR 410, and relists.
			lab.faults.endWatches();
			await expect.poll(() => lists, {timeout: 10_000}).toBe(2);
			lab.faults.setNodeReady('networking-worker3', false);
			await expect
				.poll(() => informer.get('networking-worker3')?.status?.conditions?.find(condition => condition.type === 'Ready')?.status, {timeout: 10_000})
				.not.toBe('True');
			expect(errors).toEqual([]);
		} finally {
			lab.faults.setNodeReady('networking-worker3', true);
			await informer.stop();
		}
	});
	it('a restart (connections dropped) reaches a client-node informer as an error event, and it stops (W2)', async () => {
		let lists = 0;
		const informer = k8s.makeInformer(config, '/api/v1/nodes', async () => {
			lists++;
			return core.listNode();
		});
		const errors: unknown[] = [];
		informer.on('error', error => errors.push(error));
		await informer.start();
		try {
			lab.faults.restart({resourceVersionJump: 1000});
			await expect.poll(() => errors.length, {timeout: 10_000}).toBe(1);
			expect(String(errors[0])).toMatch(/Premature close|ECONNRESET|socket hang up/);
			expect(lists).toBe(1);
		} finally {
			await informer.stop();
		}
	});
	it('a 500 on the relist stops a client-node informer with an error event (what kube/ must guard)', async () => {
		const informer = k8s.makeInformer(config, '/api/v1/namespaces', async () => core.listNamespace());
		const errors: unknown[] = [];
		informer.on('error', error => errors.push(error));
		lab.faults.failNext({count: 1, code: 500, path: /\/api\/v1\/namespaces(\?|$)/});
		await informer.start().catch((error: unknown) => errors.push(error));
		try {
			await expect.poll(() => errors.length).toBeGreaterThan(0);
		} finally {
			await informer.stop();
		}
	});
});

describe('client-node RBAC preflight', () => {
	it('SelfSubjectAccessReview says no once the verb is denied, and the call gets the 403 message', async () => {
		const authorization = config.makeApiClient(k8s.AuthorizationV1Api);
		const review = async () =>
			authorization.createSelfSubjectAccessReview({
				body: {spec: {resourceAttributes: {namespace: 'default', verb: 'create', resource: 'pods', subresource: 'exec'}}},
			});
		expect((await review()).status?.allowed).toBe(true);
		lab.faults.denyVerb({verb: 'create', resource: 'pods/exec', namespace: 'default'});
		try {
			expect((await review()).status?.allowed).toBe(false);
		} finally {
			lab.faults.clearHttpFaults();
		}
	});
});
