/**
 * The light path end to end against the lab: a kubeconfig read by light-kubeconfig.ts (no client-node), a debug
 * pod started and deleted through pod-api.ts, commands run in it by exec.ts's own channel protocol (stdout,
 * the Status on channel 3, its exit code), a refused upgrade worded from the lab's Status, and probeTables
 * reading the node's tables through it.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createPodTracker} from '../../source/kube/cleanup.js';
import {containerName} from '../../source/kube/debug-pod-spec.js';
import {startDebugPod} from '../../source/kube/debug-pod.js';
import {execInPod} from '../../source/kube/exec.js';
import {readLightKubeconfig, type LightKubeconfig} from '../../source/kube/light-kubeconfig.js';
import {podCommandRunner, probeTables} from '../../source/kube/probe.js';
import {liveDebugPods, startTestLab, type TestLab} from './lab-helper.js';

let testLab: TestLab;
let light: LightKubeconfig;

beforeAll(async () => {
	testLab = await startTestLab();
	light = (await readLightKubeconfig({kubeconfig: testLab.lab.kubeconfigPath, env: {}}))!;
});

afterAll(async () => {
	await testLab?.stop();
});

describe('exec over the light path (lab)', () => {
	it('runs commands in a debug pod made through plain requests, with their output and exit codes, then deletes it', async () => {
		expect(light).not.toBeNull();
		const tracker = createPodTracker(light.config);
		const started = await startDebugPod(
			{kubeConfig: light.config, namespace: 'default', image: 'busybox:1.37.0', runId: 'light1', context: light.contextName, tracker, timeoutMs: 10_000},
			'networking-worker2',
			() => undefined,
		);
		expect(started).toMatchObject({ok: true, reused: false});
		if (!started.ok) return;
		const run = async (command: readonly string[]) =>
			execInPod(light.config, {namespace: 'default', pod: started.pod.name, container: containerName, command, timeoutMs: 10_000});
		const routes = await run(['route', '-n']);
		expect(routes).toMatchObject({outcome: 'exited', exitCode: 0, error: null, httpStatus: null});
		expect(routes.stdout).toContain('Kernel IP routing table');
		expect(routes.stdout).toContain('tunl0');
		const missing = await run(['no-such-tool']);
		expect(missing.outcome).toBe('exited');
		expect(missing).toMatchObject({exitCode: 127});

		const tables = await probeTables(podCommandRunner(light.config, started.pod), {image: 'busybox:1.37.0'});
		expect(tables.ok && tables.tables.routes.some(route => route.interface === 'tunl0')).toBe(true);

		expect(await tracker.removeAll()).toEqual([]);
		expect(liveDebugPods(testLab.cluster)).toEqual([]);
	});

	it("a refused upgrade (no such pod) ends as an error with the lab's Status message and HTTP code", async () => {
		const result = await execInPod(light.config, {namespace: 'default', pod: 'ni-debug-gone', container: containerName, command: ['route', '-n'], timeoutMs: 10_000});
		expect(result).toMatchObject({outcome: 'error', exitCode: null, httpStatus: 404});
		expect(result.error).toMatch(/ni-debug-gone/);
	});
});
