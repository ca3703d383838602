/**
 * System tools some tests need (busybox, shellcheck, tmux, ip, ping, chromium). On a fresh machine that lacks
 * one, the README's `npm test` must still pass: such a test skips and prints why. `.ci/run` installs the tools
 * and sets NETINSPECT_REQUIRE_TOOLS=1, which turns every such skip into a failure, so CI still proves them.
 */
import {spawnSync} from 'node:child_process';

/** True when CI asked that no tool-dependent test may skip. */
export const toolsRequired = process.env['NETINSPECT_REQUIRE_TOOLS'] === '1';

const cache = new Map<string, boolean>();

/** Whether `tool` can be started (found on PATH and runs); `--version`-like probe args are per tool. */
export function toolRuns(tool: string, probeArgs: readonly string[] = ['--help']): boolean {
	const key = `${tool}\0${probeArgs.join('\0')}`;
	const known = cache.get(key);
	if (known !== undefined) return known;
	const result = spawnSync(tool, [...probeArgs], {stdio: 'ignore', timeout: 10_000});
	const runs = result.error === undefined;
	cache.set(key, runs);
	return runs;
}

const printed = new Set<string>();

/**
 * Why `what` cannot run here (a missing tool, or a missing condition such as root), or null when it can.
 * Prints the reason (once per reason) when the tests will skip. Under NETINSPECT_REQUIRE_TOOLS=1 it throws
 * instead, so the test (or the test file, when called at its top) fails with that reason.
 */
export function skipReason(what: string, missing: readonly string[]): string | null {
	if (missing.length === 0) return null;
	const reason = `${what}: ${missing.join(', ')}`;
	if (toolsRequired) throw new Error(`${reason} (NETINSPECT_REQUIRE_TOOLS=1: CI provides these, so this must not skip)`);
	if (!printed.has(reason)) {
		printed.add(reason);
		console.warn(`skipping ${reason} (.ci/run provides it)`);
	}
	return reason;
}

/** "tool is not installed" for each of `tools` that does not run here. */
export function missingTools(tools: readonly string[]): readonly string[] {
	return tools.filter(tool => !toolRuns(tool)).map(tool => `${tool} is not installed`);
}

/** ["not root (why)"] unless this process runs as root. */
export function notRoot(why: string): readonly string[] {
	return process.getuid?.() === 0 ? [] : [`not root (${why})`];
}

/** skipReason for a list of tools: null when all of them run. */
export function missingToolsReason(what: string, tools: readonly string[]): string | null {
	return skipReason(what, missingTools(tools));
}
