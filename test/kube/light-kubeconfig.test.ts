/**
 * light-kubeconfig.ts: the kubeconfig read without client-node for the store's first LIST. It picks the same
 * context, cluster and namespace as kubeconfig.ts, applies the token, CA and client certificate, and leaves
 * everything else (plugins, proxies, anything it cannot read) to client-node by returning null. Against the
 * lab, the store's API client lists nodes with it.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import type https from 'node:https';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {createApiClient} from '../../source/kube/api-client.js';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import {readLightKubeconfig} from '../../source/kube/light-kubeconfig.js';
import {startLab} from '../../source/lab/index.js';

const directory = mkdtempSync(path.join(tmpdir(), 'ni-light-kubeconfig-'));
afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

function write(name: string, body: string): string {
	const file = path.join(directory, name);
	writeFileSync(file, body);
	return file;
}

const caText = '-----BEGIN CERTIFICATE-----\nnot a real one\n-----END CERTIFICATE-----\n';
write('ca.crt', caText);

const first = write(
	'first.yaml',
	`apiVersion: v1
kind: Config
current-context: lab
clusters:
- name: lab
  cluster: {server: 'https://127.0.0.1:6443', certificate-authority: ca.crt, tls-server-name: api.lab}
- name: open
  cluster: {server: 'https://127.0.0.1:6444', insecure-skip-tls-verify: true}
contexts:
- name: lab
  context: {cluster: lab, user: admin, namespace: team-a}
- name: other
  context: {cluster: open, user: basic}
- name: plugin
  context: {cluster: lab, user: sso}
- name: proxied
  context: {cluster: behind-proxy, user: admin}
- name: broken
  context: {cluster: missing, user: admin}
users:
- name: admin
  user: {token: abc, client-certificate-data: ${Buffer.from('CERT').toString('base64')}, client-key-data: ${Buffer.from('KEY').toString('base64')}}
- name: basic
  user: {username: ann, password: secret}
- name: sso
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: get-token}
`,
);

const second = write(
	'second.yaml',
	`apiVersion: v1
kind: Config
current-context: lab2
clusters:
- name: lab
  cluster: {server: 'https://127.0.0.1:9999'}
- name: lab2
  cluster: {server: 'https://127.0.0.1:7443'}
- name: behind-proxy
  cluster: {server: 'https://10.0.0.1:6443', proxy-url: 'http://proxy:3128'}
contexts:
- name: lab2
  context: {cluster: lab2, user: admin}
- name: proxied
  context: {cluster: behind-proxy, user: admin}
users: []
`,
);

async function applied(config: NonNullable<Awaited<ReturnType<typeof readLightKubeconfig>>>['config']): Promise<https.RequestOptions> {
	const options: https.RequestOptions = {headers: {}};
	await config.applyToHTTPSOptions(options);
	return options;
}

describe('readLightKubeconfig', () => {
	it('reads the current context as kubeconfig.ts does: server, CA file beside it, token, client certificate', async () => {
		const light = await readLightKubeconfig({kubeconfig: first, env: {}});
		const full = loadKubeconfig({kubeconfig: first, env: {}});
		expect(light).not.toBeNull();
		expect({contextName: light!.contextName, clusterName: light!.clusterName, namespace: light!.namespace}).toEqual({
			contextName: full.contextName,
			clusterName: full.clusterName,
			namespace: full.namespace,
		});
		expect(light!.config.getCurrentCluster()).toEqual({server: 'https://127.0.0.1:6443'});
		const options = await applied(light!.config);
		expect(String(options.ca)).toBe(caText);
		expect(String(options.cert)).toBe('CERT');
		expect(String(options.key)).toBe('KEY');
		expect(options.servername).toBe('api.lab');
		expect(options.headers).toEqual({Authorization: 'Bearer abc'});
		expect(options.rejectUnauthorized).toBeUndefined();
	});

	it('takes --context and -n, basic auth and insecure-skip-tls-verify', async () => {
		const light = await readLightKubeconfig({kubeconfig: first, context: 'other', namespace: 'ns1', env: {}});
		expect(light).toMatchObject({contextName: 'other', clusterName: 'open', namespace: 'ns1'});
		const options = await applied(light!.config);
		expect(options).toMatchObject({auth: 'ann:secret', rejectUnauthorized: false});
		expect(options.headers).toEqual({});
		expect((await readLightKubeconfig({kubeconfig: first, context: 'other', env: {}}))?.namespace).toBe('default');
	});

	it('merges KUBECONFIG files as kubectl does: the first current context, the first definition of a name', async () => {
		const env = {KUBECONFIG: [second, first].join(path.delimiter)};
		const light = await readLightKubeconfig({env});
		const full = loadKubeconfig({env});
		expect(light).toMatchObject({contextName: full.contextName, clusterName: 'lab2'});
		expect(light!.config.getCurrentCluster()).toEqual({server: full.server});
		// "lab" is defined in both: the first file's (second.yaml) wins.
		expect((await readLightKubeconfig({env, context: 'lab'}))!.config.getCurrentCluster()).toEqual({server: 'https://127.0.0.1:9999'});
	});

	it('leaves to client-node what it does not do: exec plugins, proxies, missing entries, unreadable files', async () => {
		expect(await readLightKubeconfig({kubeconfig: first, context: 'plugin', env: {}})).toBeNull();
		expect(await readLightKubeconfig({env: {KUBECONFIG: [second, first].join(path.delimiter)}, context: 'proxied'})).toBeNull();
		expect(await readLightKubeconfig({kubeconfig: first, context: 'broken', env: {}})).toBeNull();
		expect(await readLightKubeconfig({kubeconfig: first, context: 'nope', env: {}})).toBeNull();
		expect(await readLightKubeconfig({kubeconfig: path.join(directory, 'absent.yaml'), env: {}})).toBeNull();
		expect(await readLightKubeconfig({kubeconfig: write('bad.yaml', 'clusters: [\n  - {'), env: {}})).toBeNull();
	});

	it("lists the lab's nodes through the store's API client", async () => {
		const lab = await startLab({kubeconfigPath: path.join(directory, 'lab.kubeconfig')});
		try {
			const light = await readLightKubeconfig({kubeconfig: lab.kubeconfigPath, env: {}});
			expect(light).not.toBeNull();
			const list = (await createApiClient(light!.config).getJson('/api/v1/nodes', {timeoutMs: 10_000})) as {items: unknown[]};
			expect(list.items).toHaveLength(4);
		} finally {
			await lab.stop();
		}
	});
});
