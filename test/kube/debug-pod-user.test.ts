/**
 * The debug pod runs as UID/GID 65534 (debug-pod-spec.ts): the commands the probe runs must work for that
 * user on a real kernel. Runs them with `setpriv` as 65534, with no groups and no capabilities, in this
 * machine's network namespace (reading only: no traffic), and parses what they print.
 */
import {spawnSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {debugPodManifest, debugUserId} from '../../source/kube/debug-pod-spec.js';
import {parseIpAddr} from '../../source/net/parse-ip-addr.js';
import {parseRouteN} from '../../source/net/parse-route-n.js';
import {missingTools, notRoot, skipReason} from '../helpers/system-tools.js';

const unavailable = skipReason('debug-pod user', [...notRoot('setpriv needs root to become another user'), ...missingTools(['busybox', 'setpriv', 'ip'])]);

function asDebugUser(...argv: string[]): {readonly stdout: string; readonly status: number | null; readonly stderr: string} {
	const user = String(debugUserId);
	const result = spawnSync('setpriv', ['--reuid', user, '--regid', user, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', ...argv], {
		encoding: 'utf8',
		env: {...process.env, LC_ALL: 'C'},
		timeout: 10_000,
	});
	return {stdout: result.stdout, status: result.status, stderr: result.stderr};
}

describe.skipIf(unavailable !== null)('the debug pod user reads routes and interfaces without root', () => {
	it('is the user the manifest asks for', () => {
		const spec = debugPodManifest({
			node: 'n', runId: 'r', image: 'busybox:1.37.0', namespace: 'default', ttlSeconds: 60, host: 'h', pid: 1, startedAt: 0, context: 'c',
		})['spec'] as {securityContext: {runAsUser: number; runAsGroup: number}};
		expect(spec.securityContext).toMatchObject({runAsUser: debugUserId, runAsGroup: debugUserId});
		expect(asDebugUser('id', '-u').stdout.trim()).toBe(String(debugUserId));
	});

	it.each([
		[['busybox', 'route', '-n'], 'route'],
		[['busybox', 'ip', 'addr'], 'addr'],
		[['ip', 'addr'], 'addr'],
		[['ip', '-4', 'route', 'show', 'table', 'all'], 'ip-route'],
	] as const)('%j as UID 65534', (argv, kind) => {
		const result = asDebugUser(...argv);
		expect({status: result.status, stderr: result.stderr}).toEqual({status: 0, stderr: ''});
		if (kind === 'route') expect(parseRouteN(result.stdout).warnings).toEqual([]);
		if (kind === 'addr') expect(parseIpAddr(result.stdout).interfaces.map(iface => iface.name)).toContain('lo');
		if (kind === 'ip-route') expect(result.stdout).toMatch(/^local 127\.0\.0\.0\/8 dev lo /m);
	});
});
