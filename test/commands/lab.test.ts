import {existsSync, mkdtempSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import {parseLabFlags, runLab} from '../../source/commands/lab.js';

const scratch = mkdtempSync(join(tmpdir(), 'ni-lab-command-'));
afterAll(() => rmSync(scratch, {recursive: true, force: true}));

function io(argv: string[]) {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	stdout.on('data', chunk => (out += String(chunk)));
	stderr.on('data', chunk => (err += String(chunk)));
	return {io: {argv, stdin: new PassThrough(), stdout, stderr, env: {}}, out: () => out, err: () => err};
}

describe('netinspect lab flags', () => {
	it('reads every flag into startLab options', () => {
		expect(parseLabFlags(['--port', '6443', '--kubeconfig', 'lab.yaml', '--topology', 'generated', '--nodes', '8', '--pods', '40', '--image-pull-delay', '50', '--pod-churn', '2000'])).toEqual({
			topology: 'generated',
			port: 6443,
			kubeconfigPath: 'lab.yaml',
			nodes: 8,
			pods: 40,
			imagePullDelayMs: 50,
			podChurn: 2000,
		});
		expect(parseLabFlags([])).toEqual({topology: 'seed'});
		expect(parseLabFlags(['--help'])).toBeNull();
		expect(parseLabFlags(['--cni', 'aws-vpc'])).toEqual({topology: 'seed', cni: 'aws-vpc'});
		expect(parseLabFlags(['--topology', 'generated', '--cni', 'calico-vxlan'])).toEqual({topology: 'generated', cni: 'calico-vxlan'});
	});
	it.each([
		[['--bogus'], /unknown flag --bogus/],
		[['--port', 'x'], /--port needs a whole number/],
		[['--port', '70000'], /--port needs a whole number from 0 to 65535/],
		[['--topology', 'mesh'], /--topology is seed or generated/],
		[['--nodes', '3'], /add --topology generated/],
		[['--topology', 'generated', '--pods', '-1'], /--pods needs a whole number/],
		[['extra'], /unexpected argument "extra"/],
		[['--pod-churn', '-5'], /--pod-churn needs a whole number from 0 to 100000/],
		[['--cni', 'cilium'], /--cni is one of calico-ipip, calico-vxlan, calico-bgp, flannel, kindnet, aws-vpc/],
	])('%j is a usage error (exit 2, one line)', async (argv, message) => {
		const run = io(argv);
		expect(await runLab(run.io, AbortSignal.abort())).toBe(2);
		expect(run.err()).toMatch(message);
		expect(run.err().trim().split('\n')).toHaveLength(1);
	});
	it('a generated cluster too small for its pods is a usage error', async () => {
		const run = io(['--topology', 'generated', '--nodes', '2', '--pods', '5000']);
		expect(await runLab(run.io, AbortSignal.abort())).toBe(2);
		expect(run.err()).toMatch(/^netinspect lab: generateTopology: at most \d+ pods fit 2 nodes/);
	});
	it('an aws-vpc cluster larger than its subnet holds is a usage error', async () => {
		const run = io(['--topology', 'generated', '--nodes', '600', '--pods', '600', '--cni', 'aws-vpc']);
		expect(await runLab(run.io, AbortSignal.abort())).toBe(2);
		expect(run.err()).toMatch(/^netinspect lab: --cni aws-vpc: at most 512 nodes/);
	});
	it('prints its help with exit 0', async () => {
		const run = io(['--help']);
		expect(await runLab(run.io, AbortSignal.abort())).toBe(0);
		expect(run.out()).toContain('--image-pull-delay MS');
	});
});

describe('netinspect lab running', () => {
	it('serves until stopped, says how to use kubectl, writes the kubeconfig 0600', async () => {
		const kubeconfig = join(scratch, 'named.kubeconfig');
		const run = io(['--kubeconfig', kubeconfig]);
		const controller = new AbortController();
		const done = runLab(run.io, controller.signal);
		await expect.poll(() => run.out(), {timeout: 10_000}).toContain('Ctrl-C stops the lab.');
		expect(run.out()).toMatch(/serving the Kubernetes API at https:\/\/127\.0\.0\.1:\d+ \(context netinspect-lab\)/);
		expect(run.out()).toContain(`export KUBECONFIG=${kubeconfig}`);
		expect(run.out()).toContain(`kubectl --kubeconfig ${kubeconfig} get nodes -o wide`);
		expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);
		controller.abort();
		expect(await done).toBe(0);
		// A kubeconfig the user named is theirs: it stays.
		expect(existsSync(kubeconfig)).toBe(true);
	});
	it('stops on SIGTERM through the real CLI and removes its own kubeconfig', async () => {
		const child = execa(process.execPath, ['--import', 'tsx', 'source/cli.ts', 'lab'], {reject: false, cwd: process.cwd()});
		let out = '';
		child.stdout?.on('data', chunk => (out += String(chunk)));
		try {
			await expect.poll(() => out, {timeout: 20_000}).toContain('Ctrl-C stops the lab.');
			const path = /kubeconfig: (\S+)/.exec(out)?.[1] ?? '';
			expect(existsSync(path)).toBe(true);
			child.kill('SIGTERM');
			const result = await child;
			expect(result.exitCode).toBe(0);
			expect(out).toContain('netinspect lab: stopped');
			expect(existsSync(path)).toBe(false);
		} finally {
			// Only ever the child this test started, by its own handle.
			if (child.exitCode === null) child.kill('SIGKILL');
		}
	});
});
