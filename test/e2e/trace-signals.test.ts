/**
 * `netinspect trace` live told to go while its debug pods start: the lab runs in its own process with image
 * pulls that take ten minutes, so both ends' pods stay Pending; SIGINT or SIGTERM then must stop the probe
 * pool, delete both pods and exit with 128 + the signal, without a stack trace.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {CoreV1Api, type KubeConfig} from '@kubernetes/client-node';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {managedSelector} from '../../source/kube/debug-pod-spec.js';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import {runCli, startLabProcess, type CliRun, type LabProcess} from './helpers/lab-process.js';
import {waitFor} from './helpers/tmux-driver.js';

const directory = mkdtempSync(join(tmpdir(), 'ni-trace-signals-'));
let lab: LabProcess;
let kubeConfig: KubeConfig;
const runs: CliRun[] = [];

beforeAll(async () => {
	lab = await startLabProcess(directory, ['--image-pull-delay', '600000']);
	kubeConfig = loadKubeconfig({kubeconfig: lab.kubeconfigPath, env: {}}).kubeConfig;
});

afterEach(async () => {
	for (const run of runs.splice(0)) {
		if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
	}
	// A failed case leaves its pods: the next starts from none.
	const api = kubeConfig.makeApiClient(CoreV1Api);
	for (const pod of (await api.listPodForAllNamespaces({labelSelector: managedSelector})).items) {
		await api.deleteNamespacedPod({name: pod.metadata!.name!, namespace: pod.metadata!.namespace!, gracePeriodSeconds: 0});
	}
});

afterAll(async () => {
	await lab?.stop();
	rmSync(directory, {recursive: true, force: true});
});

/** Debug pods that exist and are not being deleted, by node. */
async function livePods(): Promise<string[]> {
	const api = kubeConfig.makeApiClient(CoreV1Api);
	const pods = await api.listPodForAllNamespaces({labelSelector: managedSelector});
	return pods.items.filter(pod => !pod.metadata?.deletionTimestamp).map(pod => `${pod.spec?.nodeName ?? '?'} ${pod.metadata?.name ?? '?'}`);
}

describe('trace live and signals', () => {
	it.each([
		['SIGINT', 130],
		['SIGTERM', 143],
	] as const)('%s while both ends’ pods are Pending: both deleted, exit %i', {timeout: 60_000}, async (signal, status) => {
		const run = runCli(['trace', 'node/networking-worker2', 'node/networking-worker3', '--kubeconfig', lab.kubeconfigPath]);
		runs.push(run);
		const pods = await waitFor(
			async () => {
				const live = await livePods();
				return live.length === 2 ? live : undefined;
			},
			30_000,
			() => `the two debug pods were not created; stderr: ${run.stderr()}`,
		);
		expect(pods.map(pod => pod.split(' ')[0]).sort()).toEqual(['networking-worker2', 'networking-worker3']);
		run.child.kill(signal);
		expect(await run.ended, run.stderr()).toBe(status);
		expect(await livePods()).toEqual([]);
		expect(run.stderr()).not.toMatch(/\n\s+at /);
		expect(run.stdout()).toBe('');
	});
});
