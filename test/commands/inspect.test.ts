import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {command} from '../../source/commands/inspect.js';
import {command as demo} from '../../source/commands/demo.js';
import type {Command} from '../../source/commands/command.js';

async function run(target: Command, argv: string[], env: Record<string, string> = {}) {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	stdout.on('data', chunk => (out += String(chunk)));
	stderr.on('data', chunk => (err += String(chunk)));
	const code = await target.run({argv, stdin: new PassThrough(), stdout, stderr, env});
	return {code, out, err};
}

describe('netinspect inspect', () => {
	it('refuses to run without a terminal and says what to use instead', async () => {
		const result = await run(command, ['--context', 'kind-networking']);
		expect(result.code).toBe(1);
		expect(result.err).toBe('netinspect: the inspector needs a terminal (stdin and stdout a TTY); for scripts use: netinspect routes NODE --json\n');
	});

	it('exits 2 with one line on a bad flag', async () => {
		const result = await run(command, ['--refresh', '-3']);
		expect(result.code).toBe(2);
		expect(result.err.trim().split('\n')).toHaveLength(1);
		expect(result.err).toContain('--refresh');
	});

	it('shows an unexpected argument with its control characters escaped, not obeyed', async () => {
		for (const target of [command, demo]) {
			const result = await run(target, ['\u001B]0;owned\u0007\u001B[2J']);
			expect(result.code).toBe(2);
			expect(result.err).toContain('unexpected argument "\\x1b]0;owned\\x07\\x1b[2J"');
			expect(result.err).not.toMatch(/[\u0000-\u0009\u000B-\u001F]/);
		}
	});

	it('prints its help with the kubectl-style flags', async () => {
		const result = await run(command, ['--help']);
		expect(result.code).toBe(0);
		for (const flag of ['--kubeconfig', '--context', '--namespace', '--all-namespaces', '--image', '--debug-namespace', '--refresh', '--no-color']) {
			expect(result.out).toContain(flag);
		}
	});
});

describe('netinspect demo', () => {
	it('refuses to run without a terminal before starting the lab', async () => {
		const result = await run(demo, []);
		expect(result.code).toBe(1);
		expect(result.err).toContain('needs a terminal');
	});

	it('exits 2 on an unknown flag', async () => {
		const result = await run(demo, ['--bogus']);
		expect(result).toMatchObject({code: 2});
		expect(result.err).toBe('netinspect demo: unknown flag --bogus (see netinspect demo --help)\n');
	});

	it('exits 2 on an unknown --cni, naming the layouts, before it needs a terminal', async () => {
		const result = await run(demo, ['--cni', 'weave']);
		expect(result.code).toBe(2);
		expect(result.err).toBe('netinspect demo: --cni is one of calico-ipip, calico-vxlan, calico-bgp, flannel, kindnet, aws-vpc\n');
	});
});
