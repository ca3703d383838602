import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {describeLoadError, KubeconfigError, loadKubeconfig} from '../../source/kube/kubeconfig.js';

const directory = mkdtempSync(path.join(tmpdir(), 'ni-kubeconfig-'));
afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

function write(name: string, body: string): string {
	const file = path.join(directory, name);
	writeFileSync(file, body);
	return file;
}

const first = write(
	'first.yaml',
	`apiVersion: v1
kind: Config
current-context: lab
clusters:
- name: lab
  cluster: {server: 'https://127.0.0.1:6443', insecure-skip-tls-verify: true}
contexts:
- name: lab
  context: {cluster: lab, user: admin, namespace: team-a}
- name: other
  context: {cluster: lab, user: admin}
- name: broken
  context: {cluster: missing, user: admin}
users:
- name: admin
  user: {token: abc}
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
contexts:
- name: lab2
  context: {cluster: lab2, user: admin}
users: []
`,
);

describe('loadKubeconfig', () => {
	it('uses --kubeconfig, its current context and the context namespace', () => {
		const loaded = loadKubeconfig({kubeconfig: first, env: {}});
		expect(loaded).toMatchObject({
			contextName: 'lab',
			clusterName: 'lab',
			server: 'https://127.0.0.1:6443',
			namespace: 'team-a',
			files: [first],
		});
	});

	it('honours --context and -n', () => {
		expect(loadKubeconfig({kubeconfig: first, context: 'other', env: {}}).namespace).toBe('default');
		expect(loadKubeconfig({kubeconfig: first, context: 'lab', namespace: 'x', env: {}}).namespace).toBe('x');
	});

	it('merges KUBECONFIG files, first definition and first current-context win, missing files skipped', () => {
		const loaded = loadKubeconfig({
			env: {KUBECONFIG: [path.join(directory, 'absent'), first, second].join(path.delimiter)},
		});
		expect(loaded.contextName).toBe('lab');
		expect(loaded.server).toBe('https://127.0.0.1:6443');
		expect(loadKubeconfig({env: {KUBECONFIG: [first, second].join(path.delimiter)}, context: 'lab2'}).server).toBe(
			'https://127.0.0.1:7443',
		);
	});

	it('says which contexts exist when the one asked for does not', () => {
		expect(() => loadKubeconfig({kubeconfig: first, context: 'nope', env: {}})).toThrow(
			/context "nope" not found in the kubeconfig \(known: lab, other, broken\)/,
		);
		expect(() => loadKubeconfig({kubeconfig: first, context: 'broken', env: {}})).toThrow(/cluster "missing"/);
	});

	it('reports missing files clearly', () => {
		expect(() => loadKubeconfig({kubeconfig: path.join(directory, 'nope.yaml'), env: {}})).toThrow(KubeconfigError);
		expect(() => loadKubeconfig({kubeconfig: path.join(directory, 'nope.yaml'), env: {}})).toThrow(/not found/);
		expect(() => loadKubeconfig({env: {KUBECONFIG: path.join(directory, 'gone')}})).toThrow(/none exists/);
		expect(() => loadKubeconfig({env: {HOME: path.join(directory, 'nohome')}})).toThrow(/no kubeconfig found/);
	});

	it('names the file, line and problem of a YAML error, never the lines around it (passwords, tokens)', () => {
		const secrets = ['hunter2-secret', 'abcdefghijklmnopqrstuvwxyz0123', 'LS0tLS1CRUdJTi'];
		const broken = write(
			'broken.yaml',
			`apiVersion: v1
users:
- name: admin
  user:
    password: ${secrets[0]}
    token: ${secrets[1]}456789
    client-key-data: ${secrets[2]}BFQyBQUklWQVRFIEtFWS0tLS0t
     oops: [indent
`,
		);
		const duplicate = write('duplicate.yaml', `users:\n- name: a\n  user: {token: ${secrets[1]}, token: ${secrets[0]}}\n`);
		const tagged = write('tagged.yaml', `users: !<${secrets[0]}> []\n`);
		const messages = [broken, duplicate, tagged].map(file => {
			try {
				loadKubeconfig({kubeconfig: file, env: {}});
			} catch (error) {
				expect(error).toBeInstanceOf(KubeconfigError);
				return (error as Error).message;
			}
			throw new Error(`${file} loaded`);
		});
		expect(messages[0]).toBe(`cannot read kubeconfig ${broken}: line 8, column 10: not valid YAML (bad indentation of a mapping entry)`);
		expect(messages[1]).toBe(`cannot read kubeconfig ${duplicate}: line 3, column 49: not valid YAML (duplicated mapping key)`);
		expect(messages[2]).toMatch(new RegExp(`^cannot read kubeconfig ${tagged}: line 1, column \\d+: not valid YAML \\(unknown tag …\\)$`));
		for (const message of messages) {
			expect(message.split('\n')).toHaveLength(1);
			for (const secret of secrets) expect(message).not.toContain(secret.slice(0, 8));
		}
	});

	it('words a file-system error by its code, and a missing field by its path', () => {
		expect(() => loadKubeconfig({kubeconfig: directory, env: {}})).toThrow(`cannot read kubeconfig ${directory}: illegal operation on a directory (EISDIR)`);
		const nameless = write('nameless.yaml', 'clusters:\n- cluster: {server: "https://127.0.0.1:1"}\n');
		expect(() => loadKubeconfig({kubeconfig: nameless, env: {}})).toThrow(`cannot read kubeconfig ${nameless}: clusters[0].name is missing`);
		expect(describeLoadError('text')).toBe('not a kubeconfig');
	});
});
