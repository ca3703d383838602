/**
 * command-access.ts, the choice between the light path and client-node: a kubeconfig with a server, a CA and a
 * token (the lab's) is read without client-node; one whose user runs an `exec:` credential plugin goes to
 * client-node's KubeConfig, and `routes` works through it end to end (the plugin runs and hands over the
 * token); a context that is not there is worded by client-node's loader, as before.
 */
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {KubeConfig} from '@kubernetes/client-node';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {commandAccess} from '../../source/commands/command-access.js';
import {command as routes} from '../../source/commands/routes.js';
import {captureIo} from '../e2e/io-capture.js';
import {liveDebugPods, startTestLab, type TestLab} from '../kube/lab-helper.js';

const directory = mkdtempSync(path.join(tmpdir(), 'ni-command-access-'));
let testLab: TestLab;
let pluginKubeconfig: string;
const pluginRuns = path.join(directory, 'plugin-runs');

beforeAll(async () => {
	testLab = await startTestLab();
	// The lab's kubeconfig with its token handed out by an exec plugin (node printing an ExecCredential).
	const lab = parse(readFileSync(testLab.lab.kubeconfigPath, 'utf8')) as {users: {user: {token: string}}[]};
	const token = lab.users[0]!.user.token;
	const script = path.join(directory, 'plugin.cjs');
	writeFileSync(
		script,
		`require('node:fs').appendFileSync(${JSON.stringify(pluginRuns)}, 'ran\\n');
process.stdout.write(JSON.stringify({apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: {token: ${JSON.stringify(token)}}}));\n`,
	);
	const withPlugin = {
		...lab,
		users: [{name: (lab.users[0] as unknown as {name: string}).name, user: {exec: {apiVersion: 'client.authentication.k8s.io/v1beta1', command: process.execPath, args: [script], interactiveMode: 'Never'}}}],
	};
	pluginKubeconfig = path.join(directory, 'plugin.kubeconfig');
	writeFileSync(pluginKubeconfig, JSON.stringify(withPlugin), {mode: 0o600});
});

afterAll(async () => {
	await testLab?.stop();
	rmSync(directory, {recursive: true, force: true});
});

describe('commandAccess', () => {
	it("takes the light path for the lab's kubeconfig (token and CA): no client-node KubeConfig", async () => {
		const io = captureIo([]);
		const access = await commandAccess('routes', {kubeconfig: testLab.lab.kubeconfigPath, env: {}}, io);
		expect(access).toMatchObject({light: true, contextName: 'netinspect-lab'});
		expect(access?.kubeConfig).not.toBeInstanceOf(KubeConfig);
	});

	it("falls back to client-node for an exec plugin, and routes works through it (the plugin hands over the token)", async () => {
		const access = await commandAccess('routes', {kubeconfig: pluginKubeconfig, env: {}}, captureIo([]));
		expect(access).toMatchObject({light: false, contextName: 'netinspect-lab'});
		expect(access?.kubeConfig).toBeInstanceOf(KubeConfig);

		const io = captureIo(['networking-worker2', '--json', '--kubeconfig', pluginKubeconfig]);
		expect(await routes.run(io)).toBe(0);
		expect((JSON.parse(io.out()) as {node: string}).node).toBe('networking-worker2');
		expect(existsSync(pluginRuns) && readFileSync(pluginRuns, 'utf8')).toMatch(/ran/);
		expect(liveDebugPods(testLab.cluster)).toEqual([]);
	});

	it("a context that is not in the kubeconfig: client-node's loader words it, one usage line", async () => {
		const io = captureIo([]);
		expect(await commandAccess('routes', {kubeconfig: testLab.lab.kubeconfigPath, context: 'nope', env: {}}, io)).toBeNull();
		expect(io.err()).toMatch(/^netinspect routes: context "nope" not found in the kubeconfig/);
	});
});
