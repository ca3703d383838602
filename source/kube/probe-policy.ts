/**
 * What a trace reads beyond probe.ts's routes and interfaces, when the image has it: the policy rules
 * (`ip -j rule` with iproute2, else `ip rule` text, both families) and the rp_filter / forwarding sysctls
 * (`grep -r . /proc/sys/net/ipv4/conf`, readable from a host-network pod; BusyBox has grep). Every command is
 * an argument array with its own timeout. What is missing is said once as a warning, never a failure:
 * the trace then assumes the default rules and skips the rp_filter check.
 */
import {parseIpRule, parseIpRuleJson, type Rule} from '../net/parse-ip-rule.js';
import {parseSysctl, type SysctlEntry} from '../net/parse-sysctl.js';
import type {ParseWarning} from '../net/types.js';
import {sanitizeLine} from '../text/sanitize.js';
import type {CommandRunner, ProbeTools} from './probe.js';

export type PolicyTables = {
	readonly rules: readonly Rule[] | null;
	readonly sysctls: readonly SysctlEntry[] | null;
	readonly warnings: readonly ParseWarning[];
};

const sysctlCommand = ['grep', '-r', '.', '/proc/sys/net/ipv4/conf'] as const;

/** Reads rules and sysctls through `run`; `tools` says whether `ip` is iproute2 (JSON) or BusyBox (text). */
export async function probePolicy(run: CommandRunner, tools: ProbeTools, timeoutMs: number, signal?: AbortSignal): Promise<PolicyTables> {
	const json = tools === 'iproute2';
	const [rules4, rules6, sysctls] = await Promise.all([
		run(json ? ['ip', '-j', 'rule'] : ['ip', 'rule'], timeoutMs, signal),
		run(json ? ['ip', '-6', '-j', 'rule'] : ['ip', '-6', 'rule'], timeoutMs, signal),
		run(sysctlCommand, timeoutMs, signal),
	]);
	const warnings: ParseWarning[] = [];
	let rules: Rule[] | null = null;
	if (rules4.outcome === 'exited' && rules4.exitCode === 0) {
		const parsed4 = json ? parseIpRuleJson(rules4.stdout, 4) : parseIpRule(rules4.stdout, 4);
		rules = [...parsed4.rules];
		warnings.push(...parsed4.warnings);
		if (rules6.outcome === 'exited' && rules6.exitCode === 0 && rules6.stdout.trim() !== '') {
			const parsed6 = json ? parseIpRuleJson(rules6.stdout, 6) : parseIpRule(rules6.stdout, 6);
			rules.push(...parsed6.rules);
			warnings.push(...parsed6.warnings);
		}
	} else {
		const cause = rules4.outcome === 'exited' ? `exit ${rules4.exitCode ?? '?'}` : (rules4.error ?? rules4.outcome);
		warnings.push({line: null, text: 'ip rule', reason: `policy rules not read (${sanitizeLine(cause, 120)}): default rules assumed`});
	}
	// grep exits 2 when some files cannot be read (stable_secret), with the rest printed: keep what came.
	const sysctlRead = sysctls.outcome === 'exited' && sysctls.stdout.includes('/proc/sys/net/');
	if (!sysctlRead) {
		const cause = sysctls.outcome === 'exited' ? `exit ${sysctls.exitCode ?? '?'}` : (sysctls.error ?? sysctls.outcome);
		warnings.push({line: null, text: 'grep -r . /proc/sys/net/ipv4/conf', reason: `rp_filter not read (${sanitizeLine(cause, 120)}): not checked`});
	}
	const parsedSysctls = sysctlRead ? parseSysctl(sysctls.stdout) : null;
	return {rules, sysctls: parsedSysctls ? parsedSysctls.entries : null, warnings};
}
