import {CoreV1Api, type V1Pod} from '@kubernetes/client-node';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {command} from '../../source/commands/cleanup.js';
import {debugPodManifest} from '../../source/kube/debug-pod-spec.js';
import {captureIo} from '../e2e/io-capture.js';
import {startTestLab, type TestLab} from '../kube/lab-helper.js';

let testLab: TestLab;

beforeAll(async () => {
	testLab = await startTestLab();
	const api = testLab.config.kubeConfig.makeApiClient(CoreV1Api);
	for (const [runId, namespace] of [
		['left1', 'default'],
		['left2', 'kube-system'],
	] as const) {
		const body = debugPodManifest({
			node: 'networking-worker2',
			runId,
			image: 'busybox:1.37.0',
			namespace,
			ttlSeconds: 600,
			host: 'h',
			pid: 1,
			startedAt: Date.now(),
			context: 'netinspect-lab',
		}) as V1Pod;
		await api.createNamespacedPod({namespace, body});
	}
});

afterAll(async () => {
	await testLab?.stop();
});

const run = async (...argv: string[]) => {
	const io = captureIo([...argv, '--kubeconfig', testLab.lab.kubeconfigPath]);
	const code = await command.run(io);
	return {code, out: io.out(), err: io.err()};
};

describe('netinspect cleanup (lab)', () => {
	it('--dry-run lists, --expired skips fresh pods, -n scopes, -A deletes everything', async () => {
		const dry = await run('-A', '--dry-run');
		expect(dry.code).toBe(0);
		expect(dry.out.match(/^would delete /gm)).toHaveLength(2);
		expect(dry.out).toContain('node networking-worker2');

		// Two pods exist, neither expired: --expired deletes nothing and says they are there (issue 8 item 14).
		const expired = await run('-A', '--expired');
		expect(expired.code).toBe(0);
		expect(expired.out).not.toMatch(/^no netinspect debug pods/m);
		expect(expired.out).toMatch(/^no expired netinspect debug pods in any namespace .*2 not yet expired/m);
		expect(expired.out.match(/^kept .*expires in \d+m/gm)).toHaveLength(2);

		const scoped = await run('-n', 'default');
		expect(scoped.out).toMatch(/^deleted default\/ni-debug-networking-worker2-left1/m);
		expect(scoped.out).not.toContain('kube-system');

		const all = await run('-A');
		expect(all.out).toMatch(/^deleted kube-system\//m);
		expect((await run('-A')).out).toMatch(/^no netinspect debug pods/);
	});

	it('bad arguments exit 2', async () => {
		expect((await run('-A', '-n', 'x')).code).toBe(2);
		expect((await run('--bogus')).code).toBe(2);
		const timeout = await run('--request-timeout', 'soon');
		expect(timeout.code).toBe(2);
		expect(timeout.err).toMatch(/^netinspect cleanup: --request-timeout needs a duration/);
	});
});
