/**
 * q when the debug pod's delete is denied (issue 8 item 5): the inspector runs in tmux against a lab in this
 * process, probes networking-worker2, then RBAC stops allowing deletes. q must not end with 0 and a pod that
 * runs for its whole time-to-live: it names the pod and the commands that remove it, and exits 1.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {managedByLabel} from '../../source/kube/debug-pod-spec.js';
import {startLab, type RunningLab} from '../../source/lab/index.js';
import {quitInspector, recordedCliCommand, repositoryRoot} from './helpers/lab-process.js';
import {createTmuxDriver} from './helpers/tmux-driver.js';
import {missingTools, skipReason} from '../helpers/system-tools.js';

const unavailable = skipReason('q when deleting the debug pod is denied', missingTools(['tmux']));

describe.skipIf(unavailable !== null)('q when deleting the debug pod is denied', () => {
	const tmux = createTmuxDriver('ni-denied');
	const directory = mkdtempSync(join(tmpdir(), 'ni-denied-'));
	let lab: RunningLab;
	beforeAll(async () => {
		lab = await startLab({kubeconfigPath: join(directory, 'lab.kubeconfig')});
	});
	afterAll(async () => {
		await tmux.close();
		await lab?.stop();
		rmSync(directory, {recursive: true, force: true});
	});

	it('names the pod left behind and how to remove it, and exits 1', {timeout: 60_000}, async () => {
		const statusFile = join(directory, 'status');
		await tmux.start('denied', repositoryRoot, recordedCliCommand(statusFile, ['--kubeconfig', lab.kubeconfigPath]));
		try {
			await tmux.waitForScreen('denied', text => text.includes('● live') && text.includes('networking-worker3'));
			await tmux.keys('denied', 'j', 'j');
			await tmux.waitForScreen('denied', text => /❯networking-worker2 /.test(text));
			await tmux.keys('denied', 'Enter');
			await tmux.waitForScreen('denied', text => /192\.168\.21\.128\/26 .*tunl0 +networking-worker3/.test(text), 30_000);
			const pods = lab.cluster.list('pods', 'default').items.filter(pod => pod.metadata.labels?.[managedByLabel] === 'netinspect');
			expect(pods).toHaveLength(1);
			const name = pods[0]!.metadata.name;

			lab.faults.denyVerb({verb: 'delete', resource: 'pods'});
			const {status, screen} = await quitInspector(tmux, 'denied', statusFile, 30_000);
			expect(status, screen).toBe('1');
			expect(screen).toContain(`netinspect: debug pod default/${name} was not deleted: pods "${name}" is forbidden`);
			expect(screen).toContain('remove it with: netinspect cleanup -n default --context netinspect-lab');
			expect(screen).toContain(`kubectl delete pod -n default ${name} --context netinspect-lab`);
			expect(lab.cluster.get('pods', 'default', name)).not.toBeNull();
		} finally {
			await tmux.killSession('denied');
			lab.faults.clearHttpFaults();
		}
	});
});
