/**
 * Closing the terminal (issue 8 item 6): the pty goes away, the kernel sends SIGHUP, and every later read or
 * write of the terminal fails. `netinspect demo` runs in tmux; the test kills the tmux session (a real hang-up,
 * not a signal sent by hand). The run must end with 129 (128 + SIGHUP), not abort in Node's ResetStdio
 * (nodejs/node#51519: SIGABRT and a native stack), and leave nothing behind: no temporary kubeconfig (it
 * holds the lab's token) in its temp directory.
 */
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {spawn} from 'node:child_process';
import {cliCommand, recordedCliCommand, recordedStatus, repositoryRoot} from './helpers/lab-process.js';
import {hasProcfs} from './helpers/process-tree.js';
import {createTmuxDriver, waitFor} from './helpers/tmux-driver.js';
import {missingTools, skipReason} from '../helpers/system-tools.js';

const unavailable = skipReason('closing the terminal (SIGHUP)', [...missingTools(['tmux']), ...(hasProcfs ? [] : ['/proc is not mounted'])]);

const scratch = mkdtempSync(join(tmpdir(), 'ni-hangup-'));

describe.skipIf(unavailable !== null)('closing the terminal (SIGHUP)', () => {
	const tmux = createTmuxDriver('ni-hangup');
	afterAll(async () => {
		await tmux.close();
		rmSync(scratch, {recursive: true, force: true});
	});

	it('demo exits 129 without a native abort and removes its temporary kubeconfig', {timeout: 60_000}, async () => {
		const temp = mkdtempSync(join(scratch, 'tmp-'));
		const statusFile = join(scratch, 'demo.status');
		await tmux.start('demo', repositoryRoot, ['env', `TMPDIR=${temp}`, ...recordedCliCommand(statusFile, ['demo'])]);
		await tmux.waitForScreen('demo', text => text.includes('● live') && text.includes('networking-worker3'));
		const kubeconfigs = () => readdirSync(temp).filter(name => name.endsWith('.kubeconfig'));
		expect(kubeconfigs(), 'the demo wrote its kubeconfig in TMPDIR').toHaveLength(1);

		await tmux.killSession('demo');

		const status = await waitFor(
			() => recordedStatus(statusFile),
			30_000,
			() => 'the demo did not exit after its terminal closed',
		);
		expect(status).toBe('129');
		expect(kubeconfigs()).toEqual([]);
	});

	it('lab stops on SIGHUP and removes the kubeconfig it chose', {timeout: 30_000}, async () => {
		const temp = mkdtempSync(join(scratch, 'lab-'));
		const [command, ...args] = cliCommand(['lab']);
		const child = spawn(command!, args, {cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'inherit'], env: {...process.env, TMPDIR: temp}});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
		const ended = new Promise<number | string>(resolve => child.once('close', (code, signal) => resolve(signal ?? code ?? -1)));
		const kubeconfigs = () => readdirSync(temp).filter(name => name.endsWith('.kubeconfig'));
		await waitFor(() => (output.includes('Ctrl-C stops the lab') ? true : undefined), 20_000, () => `the lab did not start: ${output}`);
		expect(kubeconfigs()).toHaveLength(1);
		child.kill('SIGHUP');
		expect(await ended).toBe(0);
		expect(kubeconfigs()).toEqual([]);
	});
});
