/**
 * The inspector's trace in a real terminal (issue 9, "In the inspector"): tmux runs the inspector against a
 * lab in this process (127.0.0.1 only). On the hello-world pod on networking-worker2, t; Esc drops the pods
 * filter, `/` picks the one on networking-worker3, Enter: the Trace view shows the forward path through
 * tunl0 to networking-worker3, delivered, and the reverse. The lab then drops the destination's host route:
 * the picture follows (not delivered, missing-host-route). q leaves no debug pod in the lab.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {managedByLabel} from '../../source/kube/debug-pod-spec.js';
import {startLab, type RunningLab} from '../../source/lab/index.js';
import {quitInspector, recordedCliCommand, repositoryRoot} from './helpers/lab-process.js';
import {createTmuxDriver} from './helpers/tmux-driver.js';
import {missingToolsReason} from '../helpers/system-tools.js';

const skip = missingToolsReason('test/e2e/tmux-trace.test.ts (the inspector in a real terminal)', ['tmux']);

const source = 'hello-world-7c64bd9f6b-tpnrz';
const destination = 'hello-world-7c64bd9f6b-lmhxb';

describe.skipIf(skip !== null)('trace in the inspector (tmux)', () => {
	const tmux = createTmuxDriver('ni-trace');
	const directory = mkdtempSync(join(tmpdir(), 'ni-trace-'));
	let lab: RunningLab;
	beforeAll(async () => {
		lab = await startLab({kubeconfigPath: join(directory, 'lab.kubeconfig')});
	});
	afterAll(async () => {
		await tmux.close();
		await lab?.stop();
		rmSync(directory, {recursive: true, force: true});
	});

	const debugPods = () => lab.cluster.list('pods', null).items.filter(pod => pod.metadata.labels?.[managedByLabel] === 'netinspect');

	it('traces worker2 → worker3 both ways, follows a removed host route, and q leaves no debug pod', {timeout: 90_000}, async () => {
		const statusFile = join(directory, 'status');
		await tmux.start('trace', repositoryRoot, recordedCliCommand(statusFile, ['--kubeconfig', lab.kubeconfigPath, '--refresh', '1']));
		try {
			await tmux.waitForScreen('trace', text => text.includes('● live') && text.includes(source));
			await tmux.keys('trace', 'Tab', '/', 'tpnrz', 'Enter');
			await tmux.waitForScreen('trace', text => new RegExp(`❯${source}`).test(text) && !text.includes(destination));
			await tmux.keys('trace', 't');
			await tmux.waitForScreen('trace', text => text.includes(`pick the destination of the trace from default/${source}`));
			// Esc first drops the filter (the trace is still being picked), then the filter finds the destination.
			await tmux.keys('trace', 'Escape');
			await tmux.waitForScreen('trace', text => text.includes(destination) && text.includes('pick the destination'));
			await tmux.keys('trace', '/', 'lmhxb', 'Enter');
			await tmux.waitForScreen('trace', text => new RegExp(`❯${destination}`).test(text) && !text.includes(`❯${source}`));
			await tmux.keys('trace', 'Enter');

			const traced = await tmux.waitForScreen('trace', text => text.includes('delivered') && /tunl0 .*→ 172\.20\.0\.4 \(networking-worker3\)/.test(text), 45_000);
			expect(traced).toContain(`Trace default/${source} → default/${destination}`);
			expect(traced).toContain(`forward: default/${source} → default/${destination}`);
			expect(traced).toMatch(/192\.168\.21\.128\/26 via 172\.20\.0\.4 dev tunl0/);
			expect(traced).not.toContain('not delivered');
			// The routes pane is gone while the Trace view is up.
			expect(traced).not.toMatch(/ Routes /);
			const tracing = debugPods().map(pod => String((pod.spec as {nodeName?: unknown} | undefined)?.nodeName));
			expect(tracing.sort()).toEqual(['networking-worker2', 'networking-worker3']);

			// The destination's host route goes on worker3: the next refresh shows the broken path.
			lab.faults.removeRoute('networking-worker3', '192.168.21.132');
			const broken = await tmux.waitForScreen('trace', text => text.includes('not delivered') && text.includes('missing-host-route'), 30_000);
			expect(broken).toMatch(/not delivered: .*missing-host-route/);
			// The hop's own marks are a few lines further down: j scrolls the picture.
			await tmux.keys('trace', 'j', 'j', 'j', 'j', 'j');
			const scrolled = await tmux.waitForScreen('trace', text => text.includes('✗ missing-host-route'));
			expect(scrolled).toContain('│ node networking-worker3  (in tunl0)');

			const {status, screen} = await quitInspector(tmux, 'trace', statusFile, 30_000);
			expect(status, screen).toBe('0');
			expect(debugPods()).toEqual([]);
		} finally {
			await tmux.killSession('trace');
		}
	});
});
