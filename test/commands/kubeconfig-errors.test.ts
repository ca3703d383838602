/** A broken kubeconfig reaches stderr as one line naming the file, line and problem, and none of its secrets. */
import {Console} from 'node:console';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {command as inspect} from '../../source/commands/inspect.js';
import {command as routes} from '../../source/commands/routes.js';
import {captureIo} from '../e2e/io-capture.js';

// Ink's patchConsole builds a console.Console, which vitest's worker console lacks.
Object.assign(console, {Console});

const directory = mkdtempSync(path.join(tmpdir(), 'ni-kubeconfig-errors-'));
afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

const password = 'correct-horse-battery-staple';
const token = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.payload-of-the-token';
const file = path.join(directory, 'config');
writeFileSync(
	file,
	`apiVersion: v1
kind: Config
users:
- name: admin
  user:
    username: admin
    password: ${password}
    token: ${token}
   client-certificate-data: [broken
`,
);
const expected = `cannot read kubeconfig ${file}: line 9, column 4: not valid YAML (bad indentation of a mapping entry)`;

function withoutSecrets(stderr: string): void {
	expect(stderr.trim().split('\n')).toHaveLength(1);
	for (const secret of [password, token]) expect(stderr).not.toContain(secret.slice(0, 10));
	expect(stderr).not.toContain('password');
}

describe('a kubeconfig with a YAML error', () => {
	it('netinspect routes NODE: exit 2, file, line and problem, no secret', async () => {
		const io = captureIo(['networking-worker2', '--kubeconfig', file]);
		expect(await routes.run(io)).toBe(2);
		expect(io.err()).toBe(`netinspect routes: ${expected}\n`);
		withoutSecrets(io.err());
	});

	it('netinspect (the inspector): exit 2, file, line and problem, no secret', async () => {
		const io = captureIo(['--kubeconfig', file], {KUBECONFIG: file});
		// A terminal on both ends, so the inspector draws its first frame and reads the kubeconfig behind it.
		Object.assign(io.stdin, {isTTY: true, setRawMode: () => undefined, ref: () => undefined, unref: () => undefined});
		Object.assign(io.stdout, {isTTY: true, columns: 100, rows: 30});
		expect(await inspect.run(io)).toBe(2);
		expect(io.err()).toBe(`netinspect: ${expected}\n`);
		withoutSecrets(io.err());
		expect(io.out()).not.toContain(password.slice(0, 10));
	});
});
