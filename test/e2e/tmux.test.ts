/**
 * The inspector in a real terminal: tmux runs `netinspect demo` (lab in-process, 127.0.0.1 only), keys go in
 * with send-keys, capture-pane reads the screen. Navigates to networking-worker2, checks its routes, deletes a
 * hello-world pod through the lab's API with kubectl, sees the routes change, quits, and reads the demo's
 * own check that no debug pod was left in the lab.
 */
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {missingToolsReason} from '../helpers/system-tools.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const socket = `ni-e2e-${process.pid}-${Date.now()}`;
const session = 'ni-demo';
const directory = mkdtempSync(join(tmpdir(), 'ni-e2e-'));
const kubeconfig = join(directory, 'lab.kubeconfig');
const statusFile = join(directory, 'exit-status');

// tmux (the terminal) and kubectl (deletes a pod meanwhile) are system tools: without them this file skips, saying why.
const unavailable = missingToolsReason('netinspect demo in tmux', ['tmux', 'kubectl']);

async function tmux(...args: string[]): Promise<string> {
	const result = await execa('tmux', ['-L', socket, ...args]);
	return result.stdout;
}

async function screen(history = false): Promise<string> {
	return tmux('capture-pane', '-p', '-t', session, ...(history ? ['-S', '-'] : []));
}

/** Polls the screen until `predicate` holds; fails with the last screen after `timeout`. */
async function waitForScreen(predicate: (text: string) => boolean, timeout = 20_000, history = false): Promise<string> {
	const deadline = Date.now() + timeout;
	for (;;) {
		// eslint-disable-next-line no-await-in-loop
		const text = await screen(history);
		if (predicate(text)) {
			return text;
		}
		if (Date.now() > deadline) {
			throw new Error(`screen never matched; last screen:\n${text}`);
		}
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 100);
		});
	}
}

const line = (text: string, pattern: RegExp): string => text.split('\n').find(candidate => pattern.test(candidate)) ?? '';

async function kubectl(...args: string[]) {
	return execa('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(directory, 'cache'), ...args], {reject: false});
}

describe.skipIf(unavailable !== null)('netinspect demo in tmux', () => {
	beforeAll(async () => {
		await execa('tmux', [
			'-L',
			socket,
			'new-session',
			'-d',
			'-s',
			session,
			'-x',
			'160',
			'-y',
			'45',
			'-c',
			root,
			process.execPath,
			'--import',
			'tsx',
			'test/e2e/helpers/record-exit.ts',
			statusFile,
			process.execPath,
			'--import',
			'tsx',
			'source/cli.ts',
			'demo',
			'--refresh',
			'1',
			'--write-kubeconfig',
			kubeconfig,
		]);
		// Keep the pane after the demo exits, to read what it printed on the way out.
		await tmux('set-option', '-t', session, 'remain-on-exit', 'on');
	});

	afterAll(async () => {
		await execa('tmux', ['-L', socket, 'kill-server'], {reject: false});
		// tmux 3.3 may leave the socket file behind after kill-server.
		rmSync(join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), {force: true});
		rmSync(directory, {recursive: true, force: true});
	});

	it('inspects networking-worker2, follows a pod deletion, and leaves no debug pod', {timeout: 90_000}, async () => {
		await waitForScreen(text => text.includes('● live') && text.includes('networking-worker3'));

		await tmux('send-keys', '-t', session, 'j');
		await waitForScreen(text => /❯networking-worker /.test(text));
		await tmux('send-keys', '-t', session, 'j');
		await waitForScreen(text => /❯networking-worker2 /.test(text));
		await tmux('send-keys', '-t', session, 'Enter');

		const inspected = await waitForScreen(text => /192\.168\.21\.128\/26 .*tunl0 +networking-worker3/.test(text) && /192\.168\.175\.5\/32 .* cali[0-9a-f]{11} /.test(text));
		expect(line(inspected, /192\.168\.175\.5\/32/)).toMatch(/UH +0 cali[0-9a-f]{11} /);
		expect(line(inspected, /hello-world-7c64bd9f6b-lmhxb/)).toContain('tunl0 → networking-worker3');
		expect(line(inspected, /^▸.networking-worker2 /)).toMatch(/\d+ loaded/);

		const debugPods = await kubectl('get', 'pods', '-A', '-l', 'app.kubernetes.io/managed-by=netinspect', '-o', 'name');
		expect(debugPods.stdout).toMatch(/^pod\/ni-debug-networking-worker2-/m);

		const deleted = await kubectl('delete', 'pod', '-n', 'default', 'hello-world-7c64bd9f6b-tpnrz', '--wait=false');
		expect(deleted.exitCode, deleted.stderr).toBe(0);
		// The pod's host route goes: marked removed for a while, or already gone.
		const changed = await waitForScreen(text => !/^ .192\.168\.175\.5\/32 /m.test(text) && !text.includes('hello-world-7c64bd9f6b-tpnrz'));
		const removedRow = line(changed, /192\.168\.175\.5\/32/);
		expect(removedRow === '' || removedRow.startsWith('-')).toBe(true);

		await tmux('send-keys', '-t', session, 'q');
		const after = await waitForScreen(text => text.includes('netinspect demo:'), 30_000, true);
		expect(after).toContain('netinspect demo: no debug pod left in the lab');
		// Then the lab stops and the process ends with status 0.
		const deadline = Date.now() + 20_000;
		while (!existsSync(statusFile)) {
			if (Date.now() > deadline) throw new Error('netinspect demo did not exit after q');
			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => {
				setTimeout(resolve, 100);
			});
		}
		expect(readFileSync(statusFile, 'utf8')).toBe('0');
	});
});
