import {describe, expect, it} from 'vitest';
import type {ExecResult} from '../../source/kube/exec.js';
import type {CommandRunner} from '../../source/kube/probe.js';
import {probePolicy} from '../../source/kube/probe-policy.js';

const exited = (stdout: string, exitCode = 0): ExecResult => ({outcome: 'exited', exitCode, stdout, stderr: '', truncated: false, error: null, httpStatus: null});
const timedOut: ExecResult = {outcome: 'timeout', exitCode: null, stdout: '', stderr: '', truncated: false, error: 'no answer in 10 s', httpStatus: null};

/** A runner answering from a table of command lines; anything else is "not found" (127), as in an image. */
function runner(answers: Readonly<Record<string, ExecResult>>, seen: string[] = []): CommandRunner {
	return async command => {
		seen.push(command.join(' '));
		return answers[command.join(' ')] ?? exited('', 127);
	};
}

const grepOutput = '/proc/sys/net/ipv4/conf/all/rp_filter:1\n/proc/sys/net/ipv4/conf/all/forwarding:1\n/proc/sys/net/ipv4/conf/eth0/rp_filter:0\n';

describe('probePolicy', () => {
	it('reads `ip -j rule` for both families and the sysctls with an iproute2 image', async () => {
		const seen: string[] = [];
		const result = await probePolicy(
			runner(
				{
					'ip -j rule': exited('[{"priority":0,"src":"all","table":"local"},{"priority":1536,"src":"10.0.1.60","table":"2"},{"priority":32766,"src":"all","table":"main"}]'),
					'ip -6 -j rule': exited('[{"priority":0,"src":"all","table":"local"},{"priority":32766,"src":"all","table":"main"}]'),
					// grep exits 2 when a file cannot be read, and prints the rest.
					'grep -r . /proc/sys/net/ipv4/conf': exited(grepOutput, 2),
				},
				seen,
			),
			'iproute2',
			1000,
		);
		expect(seen.sort()).toEqual(['grep -r . /proc/sys/net/ipv4/conf', 'ip -6 -j rule', 'ip -j rule']);
		expect(result.rules?.map(rule => [rule.family, rule.priority, rule.table])).toEqual([
			[4, 0, 'local'],
			[4, 1536, '2'],
			[4, 32_766, 'main'],
			[6, 0, 'local'],
			[6, 32_766, 'main'],
		]);
		expect(result.sysctls).toHaveLength(3);
		expect(result.warnings).toEqual([]);
	});

	it('reads BusyBox `ip rule` text', async () => {
		const result = await probePolicy(runner({'ip rule': exited('0:\tfrom all lookup local\n32766:\tfrom all lookup main\n'), 'grep -r . /proc/sys/net/ipv4/conf': exited(grepOutput)}), 'basic', 1000);
		expect(result.rules?.map(rule => rule.priority)).toEqual([0, 32_766]);
		expect(result.sysctls).not.toBeNull();
	});

	it('says what it could not read and why, and returns null for it (never a failure)', async () => {
		const result = await probePolicy(runner({'ip -j rule': timedOut}), 'iproute2', 1000);
		expect(result.rules).toBeNull();
		expect(result.sysctls).toBeNull();
		expect(result.warnings.map(warning => warning.reason)).toEqual([
			'policy rules not read (no answer in 10 s): default rules assumed',
			'rp_filter not read (exit 127): not checked',
		]);
	});
});
