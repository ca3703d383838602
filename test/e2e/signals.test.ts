/**
 * No debug pod is left behind however the inspector goes (issue 4): for SIGTERM, SIGHUP, SIGINT (sent to its
 * node process), Ctrl-C and q (typed into its terminal) and an uncaught exception (thrown by a test-only
 * preload on SIGUSR2), `netinspect --kubeconfig <lab>` runs in tmux against the lab started in this process,
 * inspects networking-worker2 until its debug pod is Running, is told to go, and must exit with the status
 * exit-guard documents (128 + signal, 1 for an uncaught error, 0 for q and the Ctrl-C key) after deleting the pod.
 * Once more for SIGTERM while the pod is still Pending (a lab whose image pull takes a minute).
 */
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {KubeObject} from '../../source/lab/cluster-types.js';
import {startLab, type RunningLab} from '../../source/lab/index.js';
import {childPids, commandLineOf, hasProcfs, isRunning} from './helpers/process-tree.js';
import {createTmuxDriver, waitFor, type TmuxDriver} from './helpers/tmux-driver.js';
import {missingTools, skipReason} from '../helpers/system-tools.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const managedBy = 'app.kubernetes.io/managed-by';

const unavailable = skipReason('the inspector in tmux, told to go', [...missingTools(['tmux']), ...(hasProcfs ? [] : ['/proc is not mounted'])]);

type Ending = {
	readonly name: string;
	/** How the test tells the inspector to go. */
	readonly how: {readonly signal: NodeJS.Signals} | {readonly keys: string};
	/** What record-exit.ts writes: the exit code, or a signal name if the process died of one. */
	readonly status: string;
	/** Extra node flags for the inspector (the uncaught-error preload). */
	readonly nodeFlags?: readonly string[];
};

const endings: readonly Ending[] = [
	{name: 'SIGTERM', how: {signal: 'SIGTERM'}, status: '143'},
	{name: 'SIGHUP', how: {signal: 'SIGHUP'}, status: '129'},
	{name: 'SIGINT', how: {signal: 'SIGINT'}, status: '130'},
	// In raw mode Ctrl-C is a key, not a signal: the app's quit, as q.
	{name: 'the Ctrl-C key', how: {keys: 'C-c'}, status: '0'},
	{name: 'q', how: {keys: 'q'}, status: '0'},
	{
		name: 'an uncaught exception',
		how: {signal: 'SIGUSR2'},
		status: '1',
		nodeFlags: ['--import', './test/e2e/helpers/throw-on-sigusr2.ts'],
	},
];

const isManaged = (pod: KubeObject) => pod.metadata.labels?.[managedBy] === 'netinspect';
const phaseOf = (pod: KubeObject) => (pod.status as {phase?: unknown} | undefined)?.phase;
const nodeOf = (pod: KubeObject) => (pod.spec as {nodeName?: unknown} | undefined)?.nodeName;

type Lab = {readonly lab: RunningLab; readonly directory: string};

/** A lab for one describe block, in its own directory, stopped and removed after it; call the result inside tests. */
function labFixture(imagePullDelayMs?: number) {
	const fixture: {current: Lab | null} = {current: null};
	beforeAll(async () => {
		const directory = mkdtempSync(join(tmpdir(), 'ni-signals-'));
		const lab = await startLab({kubeconfigPath: join(directory, 'lab.kubeconfig'), ...(imagePullDelayMs === undefined ? {} : {imagePullDelayMs})});
		fixture.current = {lab, directory};
	});
	afterAll(async () => {
		await fixture.current?.lab.stop();
		if (fixture.current) rmSync(fixture.current.directory, {recursive: true, force: true});
	});
	return () => {
		if (!fixture.current) throw new Error('the lab did not start');
		return fixture.current;
	};
}

const managedPods = (lab: RunningLab) => lab.cluster.list('pods', null).items.filter(isManaged);
const describePods = (lab: RunningLab) =>
	JSON.stringify(managedPods(lab).map(pod => ({name: pod.metadata.name, phase: phaseOf(pod), deletionTimestamp: pod.metadata.deletionTimestamp ?? null})));

/**
 * Runs the inspector in tmux on `lab`, inspects networking-worker2, waits until `ready` (the debug pod in the
 * phase the case wants), ends it as `ending` says and checks the exit status and that no debug pod remains.
 */
async function endsCleanly(tmux: TmuxDriver, {lab, directory}: Lab, ending: Ending, ready: 'probed' | 'pending'): Promise<void> {
	const session = `ni-${ready}-${ending.name.replaceAll(/\W+/g, '-')}`;
	const statusFile = join(directory, `${session}.status`);
	expect(managedPods(lab), 'no debug pod before the run').toEqual([]);
	await tmux.start(session, root, [
		process.execPath,
		'--import',
		'tsx',
		'test/e2e/helpers/record-exit.ts',
		statusFile,
		process.execPath,
		'--import',
		'tsx',
		...(ending.nodeFlags ?? []),
		'source/cli.ts',
		'--kubeconfig',
		lab.kubeconfigPath,
	]);
	let inspectorPid: number | undefined;
	try {
		await tmux.waitForScreen(session, text => text.includes('● live') && text.includes('networking-worker3'));
		await tmux.keys(session, 'j');
		await tmux.waitForScreen(session, text => /❯networking-worker /.test(text));
		await tmux.keys(session, 'j');
		await tmux.waitForScreen(session, text => /❯networking-worker2 /.test(text));
		await tmux.keys(session, 'Enter');

		const phase = ready === 'probed' ? 'Running' : 'Pending';
		const debugPod = await waitFor(
			() => managedPods(lab).find(pod => phaseOf(pod) === phase),
			20_000,
			async () => `no ${phase} debug pod; pods: ${describePods(lab)}; screen:\n${await tmux.screen(session)}`,
		);
		expect(nodeOf(debugPod)).toBe('networking-worker2');
		if (ready === 'probed') {
			// Probing done: the routes of worker2 are on the screen, so the pod is in use, not just created.
			await tmux.waitForScreen(session, text => /192\.168\.21\.128\/26 .*tunl0 +networking-worker3/.test(text));
		}

		const wrapperPid = await tmux.panePid(session);
		// The wrapper runs under tsx, so esbuild's service process may be its child too: leave it out.
		const children = childPids(wrapperPid).filter(pid => !commandLineOf(pid).includes('esbuild'));
		expect(children, 'record-exit.ts runs exactly one inspector').toHaveLength(1);
		inspectorPid = children[0]!;

		if ('signal' in ending.how) {
			process.kill(inspectorPid, ending.how.signal);
		} else {
			await tmux.keys(session, ending.how.keys);
		}

		const status = await waitFor(
			() => (existsSync(statusFile) ? readFileSync(statusFile, 'utf8') : undefined),
			20_000,
			async () => `the inspector did not exit; pods: ${describePods(lab)}; screen:\n${await tmux.screen(session, true)}`,
		);
		expect(status, await tmux.screen(session, true)).toBe(ending.status);
		expect(isRunning(inspectorPid)).toBe(false);

		// The process is gone: every pod it made is already gone, or at most being deleted and then gone.
		const atExit = managedPods(lab);
		expect(atExit.filter(pod => pod.metadata.deletionTimestamp === undefined).map(pod => pod.metadata.name)).toEqual([]);
		await waitFor(() => (managedPods(lab).length === 0 ? true : undefined), 10_000, () => `debug pods stay: ${describePods(lab)}`);
		expect(lab.cluster.get('pods', debugPod.metadata.namespace ?? null, debugPod.metadata.name)).toBeNull();
	} finally {
		if (inspectorPid !== undefined && isRunning(inspectorPid)) process.kill(inspectorPid, 'SIGKILL');
		await tmux.killSession(session);
		// A failed case must not fail the next ones: remove what it left.
		for (const pod of managedPods(lab)) lab.cluster.deletePod(pod.metadata.namespace ?? '', pod.metadata.name, {gracePeriodSeconds: 0});
	}
}

describe.skipIf(unavailable !== null)('the inspector leaves no debug pod behind', () => {
	const tmux = createTmuxDriver('ni-signals');
	afterAll(async () => {
		await tmux.close();
	});

	describe('once its debug pod is running and probed', () => {
		const lab = labFixture();
		it.each(endings)('on $name', {timeout: 40_000}, async ending => {
			await endsCleanly(tmux, lab(), ending, 'probed');
		});
	});

	describe('while its debug pod is still pulling the image', () => {
		// The pull takes a minute here: the pod is Pending, created and tracked, not yet running.
		const lab = labFixture(60_000);
		it('on SIGTERM', {timeout: 40_000}, async () => {
			await endsCleanly(tmux, lab(), {name: 'SIGTERM', how: {signal: 'SIGTERM'}, status: '143'}, 'pending');
		});
	});
});
