/**
 * `netinspect trace` live told to go while its debug pods start: against a lab whose image pulls take ten
 * minutes both ends' pods stay Pending; SIGINT or SIGTERM then must stop the probe pool, delete both pods and
 * exit with 128 + the signal, without a stack trace.
 */
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {liveDebugPods, startTestLab, type TestLab} from '../kube/lab-helper.js';
import {runCli, type CliRun} from './helpers/lab-process.js';
import {waitFor} from './helpers/tmux-driver.js';

let testLab: TestLab;
const runs: CliRun[] = [];

beforeAll(async () => {
	testLab = await startTestLab({imagePullDelayMs: 600_000});
});

afterEach(() => {
	for (const run of runs.splice(0)) {
		if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
	}
	// A failed case leaves its pods: the next starts from none.
	for (const pod of liveDebugPods(testLab.cluster)) testLab.cluster.deletePod('default', pod, {gracePeriodSeconds: 0});
});

afterAll(async () => {
	await testLab?.stop();
});

describe('trace live and signals', () => {
	it.each([
		['SIGINT', 130],
		['SIGTERM', 143],
	] as const)('%s while both ends’ pods are Pending: both deleted, exit %i', {timeout: 60_000}, async (signal, status) => {
		const run = runCli(['trace', 'node/networking-worker2', 'node/networking-worker3', '--kubeconfig', testLab.lab.kubeconfigPath]);
		runs.push(run);
		const pods = await waitFor(
			() => {
				const live = liveDebugPods(testLab.cluster);
				return live.length === 2 ? live : undefined;
			},
			30_000,
			() => `the two debug pods were not created; stderr: ${run.stderr()}`,
		);
		expect(pods.map(pod => pod.replace(/^ni-debug-(networking-worker\d)-.*$/, '$1')).sort()).toEqual(['networking-worker2', 'networking-worker3']);
		run.child.kill(signal);
		expect(await run.ended, run.stderr()).toBe(status);
		expect(liveDebugPods(testLab.cluster)).toEqual([]);
		expect(run.stderr()).not.toMatch(/\n\s+at /);
		expect(run.stdout()).toBe('');
	});
});
