/**
 * `netinspect routes` against the lab when things go wrong (issue 8 items 5, 14, 15): arguments that are not
 * a node or a usable timeout are usage errors; a wrong CA, a bad client key, a missing debug namespace and a
 * failing pod watch each say what is wrong instead of pointing at the network, "try again" or an image pull;
 * a debug pod whose delete is denied is named on exit with the commands that remove it, exit 1.
 */
import {readFileSync, writeFileSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import selfsigned from 'selfsigned';
import {parse, stringify} from 'yaml';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {command} from '../../source/commands/routes.js';
import {managedByLabel} from '../../source/kube/debug-pod-spec.js';
import {startTestLab, type TestLab} from '../kube/lab-helper.js';
import {captureIo} from './io-capture.js';

let testLab: TestLab;
const directory = mkdtempSync(join(tmpdir(), 'ni-routes-errors-'));

beforeAll(async () => {
	testLab = await startTestLab();
});

afterEach(() => {
	testLab.lab.faults.clearHttpFaults();
	for (const pod of ourPods()) testLab.cluster.deletePod('default', pod, {gracePeriodSeconds: 0});
});

afterAll(async () => {
	await testLab?.stop();
	rmSync(directory, {recursive: true, force: true});
});

function ourPods(): string[] {
	return testLab.cluster
		.list('pods', null)
		.items.filter(pod => pod.metadata.labels?.[managedByLabel] === 'netinspect' && !pod.metadata.deletionTimestamp)
		.map(pod => pod.metadata.name);
}

async function routes(...argv: string[]) {
	const io = captureIo(argv);
	const code = await command.run(io);
	return {code, out: io.out(), err: io.err()};
}

/** The lab's kubeconfig with its user or cluster changed, written next to it. */
function kubeconfigWith(name: string, change: (config: {clusters: {cluster: Record<string, unknown>}[]; users: {user: Record<string, unknown>}[]}) => void): string {
	const config = parse(readFileSync(testLab.lab.kubeconfigPath, 'utf8'));
	change(config);
	const file = join(directory, name);
	writeFileSync(file, stringify(config), {mode: 0o600});
	return file;
}

const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('routes: arguments (item 14)', () => {
	it.each([[''], ['..'], ['../nodes'], ['Worker2'], ['w2\u001B[2J']])('NODE %j is a usage error', async node => {
		const run = await routes(node, '--kubeconfig', testLab.lab.kubeconfigPath);
		expect(run.code).toBe(2);
		expect(run.err).toMatch(/^netinspect routes: ".*" is not a node name/);
		expect(run.err).not.toContain('\u001B');
		expect(run.err.split('\n')).toHaveLength(2);
	});

	it('--timeout past what a timer holds is refused in one line, not a TimeoutOverflowWarning', async () => {
		const run = await routes('networking-worker2', '--timeout', '99999999', '--kubeconfig', testLab.lab.kubeconfigPath);
		expect(run.code).toBe(2);
		expect(run.err).toBe('netinspect routes: --timeout needs a number of seconds above 0 and at most 86400 (a day)\n');
		expect(ourPods()).toEqual([]);
		expect((await routes('networking-worker2', '--request-timeout', '30 days')).code).toBe(2);
	});
});

describe('routes: messages that point the right way (item 15)', () => {
	it('a kubeconfig with another CA names TLS and the CA, not the network path', async () => {
		const other = await selfsigned.generate([{name: 'commonName', value: 'another-ca'}], {keySize: 2048});
		const file = kubeconfigWith('other-ca.yaml', config => {
			config.clusters[0]!.cluster['certificate-authority-data'] = base64(other.cert);
		});
		const run = await routes('networking-worker2', '--kubeconfig', file);
		expect(run.code).toBe(1);
		expect(run.err).toMatch(/TLS: the API server's certificate does not match the kubeconfig's CA/);
		expect(run.err).toMatch(/fix: check the cluster's certificate-authority/);
		expect(run.err).not.toMatch(/network path/);
	});

	it('a client key that does not match its certificate names the credentials, not the network path', async () => {
		const one = await selfsigned.generate([{name: 'commonName', value: 'one'}], {keySize: 2048});
		const two = await selfsigned.generate([{name: 'commonName', value: 'two'}], {keySize: 2048});
		const file = kubeconfigWith('bad-key.yaml', config => {
			config.users[0]!.user['client-certificate-data'] = base64(one.cert);
			config.users[0]!.user['client-key-data'] = base64(two.private);
		});
		const run = await routes('networking-worker2', '--kubeconfig', file);
		expect(run.code).toBe(1);
		expect(run.err).toMatch(/TLS: the kubeconfig's client certificate or key cannot be used/);
		expect(run.err).toMatch(/fix: check the user's client-certificate/);
		expect(run.err).not.toMatch(/network path/);
	});

	it('a --debug-namespace that does not exist says so, not "try again"', async () => {
		const run = await routes('networking-worker2', '--debug-namespace', 'nosuch', '--kubeconfig', testLab.lab.kubeconfigPath);
		expect(run.code).toBe(1);
		expect(run.err).toContain('netinspect routes: namespace "nosuch" does not exist');
		expect(run.err).toContain('kubectl create namespace nosuch');
		expect(run.err).not.toMatch(/try again/);
	});

	it('a pod watch failing with 500 reads as the API server failing, not a slow image pull', async () => {
		testLab.lab.faults.failNext({count: 10_000, code: 500, path: /fieldSelector=metadata.name/});
		const run = await routes('networking-worker2', '--timeout', '3', '--kubeconfig', testLab.lab.kubeconfigPath);
		expect(run.code).toBe(1);
		expect(run.err).toMatch(/watching it fails \(.*500/);
		expect(run.err).not.toMatch(/image pull/);
		expect(ourPods()).toEqual([]);
	});
});

describe('routes: a debug pod whose delete is denied (item 5)', () => {
	it('prints the verdicts, then names the pod and how to remove it, and exits 1', async () => {
		// The preflight reviews delete access too: deny deletes only once the pod exists (after the review).
		const unsubscribe = testLab.cluster.subscribe(() => {
			if (ourPods().length > 0) testLab.lab.faults.denyVerb({verb: 'delete', resource: 'pods'});
		});
		const run = await routes('networking-worker2', '--json', '--kubeconfig', testLab.lab.kubeconfigPath);
		unsubscribe();
		const [pod] = ourPods();
		expect(pod).toMatch(/^ni-debug-networking-worker2-/);
		expect(JSON.parse(run.out)).toMatchObject({node: 'networking-worker2'});
		expect(run.err).toContain(`debug pod default/${pod} was not deleted: `);
		expect(run.err).toContain('remove it with: netinspect cleanup -n default --context netinspect-lab');
		expect(run.err).toContain(`kubectl delete pod -n default ${pod} --context netinspect-lab`);
		expect(run.code).toBe(1);
	});
});
