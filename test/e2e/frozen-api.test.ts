/**
 * An API server that stops answering (issue 8 item 1): the lab runs in its own process and is frozen with
 * SIGSTOP (the kernel still accepts connections, nothing answers). `routes` and `cleanup` must end on their
 * own, exit 1 and say why in one line, whatever point the freeze hits: before anything, or while the debug
 * pod is being created (then the pod it cannot delete is named, with the command that removes it). The
 * inspector in a real terminal (tmux), frozen under it with its debug pod probed: q gives the terminal back,
 * names the pod left behind and exits 1.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {CoreV1Api, type KubeConfig} from '@kubernetes/client-node';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {managedSelector} from '../../source/kube/debug-pod-spec.js';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import {quitInspector, recordedCliCommand, repositoryRoot, runCli, startLabProcess, type CliRun, type LabProcess} from './helpers/lab-process.js';
import {createTmuxDriver, waitFor} from './helpers/tmux-driver.js';
import {missingTools, skipReason} from '../helpers/system-tools.js';

const unavailable = skipReason('the frozen-API inspector case', missingTools(['tmux']));

const directory = mkdtempSync(join(tmpdir(), 'ni-frozen-'));
let lab: LabProcess;
let kubeConfig: KubeConfig;
const runs: CliRun[] = [];

beforeAll(async () => {
	// Image pulls take ten minutes here: a debug pod stays Pending, created but not running.
	lab = await startLabProcess(directory, ['--image-pull-delay', '600000']);
	kubeConfig = loadKubeconfig({kubeconfig: lab.kubeconfigPath, env: {}}).kubeConfig;
});

afterEach(async () => {
	for (const run of runs.splice(0)) {
		if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
	}
	lab.thaw();
	const api = kubeConfig.makeApiClient(CoreV1Api);
	const pods = await api.listPodForAllNamespaces({labelSelector: managedSelector});
	for (const pod of pods.items) {
		await api.deleteNamespacedPod({name: pod.metadata!.name!, namespace: pod.metadata!.namespace!, gracePeriodSeconds: 0});
	}
});

afterAll(async () => {
	await lab?.stop();
	rmSync(directory, {recursive: true, force: true});
});

const start = (...args: string[]) => {
	const run = runCli([...args, '--kubeconfig', lab.kubeconfigPath]);
	runs.push(run);
	return run;
};

/** The lines of stderr that are not progress ("checking…", "creating…"). */
const problems = (stderr: string) => stderr.split('\n').filter(line => line !== '' && !/: (checking|creating) /.test(line));

describe('a frozen API server (SIGSTOP)', () => {
	it('routes NODE ends with exit 1 and the cause when the server never answers', {timeout: 60_000}, async () => {
		lab.freeze();
		const run = start('routes', 'networking-worker2', '--request-timeout', '2s');
		expect(await run.ended, run.stderr()).toBe(1);
		const [cause, fix, ...rest] = problems(run.stderr());
		expect(cause).toMatch(/^netinspect routes: the API server did not answer in time/);
		expect(fix).toMatch(/^ {2}fix: check that the API server is up/);
		expect(rest).toEqual([]);
	});

	it('cleanup ends with exit 1 and the cause when the server never answers', {timeout: 60_000}, async () => {
		lab.freeze();
		const run = start('cleanup', '-A', '--request-timeout', '2s');
		expect(await run.ended, run.stderr()).toBe(1);
		expect(run.stderr()).toBe('netinspect cleanup: cannot list pods: no answer from the API server in time (request timeout)\n');
	});

	it('routes NODE frozen while its debug pod starts: ends, names the pod left behind and how to remove it', {timeout: 90_000}, async () => {
		const run = start('routes', 'networking-worker2', '--timeout', '5', '--request-timeout', '2s');
		const api = kubeConfig.makeApiClient(CoreV1Api);
		const pod = await waitFor(
			async () => (await api.listNamespacedPod({namespace: 'default', labelSelector: managedSelector})).items[0]?.metadata?.name,
			30_000,
			() => `no debug pod was created; stderr: ${run.stderr()}`,
		);
		lab.freeze();
		expect(await run.ended, run.stderr()).toBe(1);
		const stderr = run.stderr();
		expect(stderr).toContain(`debug pod default/${pod} was not deleted`);
		expect(stderr).toContain(`netinspect cleanup -n default --context netinspect-lab`);
		expect(stderr).toContain(`kubectl delete pod -n default ${pod} --context netinspect-lab`);
	});

	describe.skipIf(unavailable !== null)('the inspector in a terminal', () => {
		const tmux = createTmuxDriver('ni-frozen');
		afterAll(async () => {
			await tmux.close();
		});

		it('q with the API server frozen under a probed node: the terminal comes back, the pod is named, exit 1', {timeout: 90_000}, async () => {
			// Image pulls are instant in this lab: a pod that starts at once, probed before the freeze.
			const fast = await startLabProcess(mkdtempSync(join(directory, 'fast-')));
			const statusFile = join(directory, 'inspector.status');
			try {
				await tmux.start('q', repositoryRoot, recordedCliCommand(statusFile, ['--kubeconfig', fast.kubeconfigPath, '--request-timeout', '3s']));
				await tmux.waitForScreen('q', text => text.includes('● live') && text.includes('networking-worker3'));
				await tmux.keys('q', 'j', 'j');
				await tmux.waitForScreen('q', text => /❯networking-worker2 /.test(text));
				await tmux.keys('q', 'Enter');
				await tmux.waitForScreen('q', text => /192\.168\.21\.128\/26 .*tunl0 +networking-worker3/.test(text), 30_000);
				const api = loadKubeconfig({kubeconfig: fast.kubeconfigPath, env: {}}).kubeConfig.makeApiClient(CoreV1Api);
				const [pod] = (await api.listNamespacedPod({namespace: 'default', labelSelector: managedSelector})).items;
				const name = pod?.metadata?.name ?? '';
				expect(name).toMatch(/^ni-debug-networking-worker2-/);

				fast.freeze();
				const {status, screen} = await quitInspector(tmux, 'q', statusFile, 60_000);
				expect(status, screen).toBe('1');
				expect(screen).toContain(`netinspect: debug pod default/${name} was not deleted`);
				expect(screen).toContain('remove it with: netinspect cleanup -n default --context netinspect-lab');
			} finally {
				await tmux.killSession('q');
				fast.thaw();
				await fast.stop();
			}
		});
	});
});
