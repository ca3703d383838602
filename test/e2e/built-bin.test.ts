/**
 * The shipped bin as users get it: `npm run build`'s bundle (scripts/bundle.mjs, built here into a temporary
 * folder) answers --version and --help, and in a real terminal (tmux) against the lab it draws its first
 * frame before client-node and the kubeconfig are loaded, starts the store before client-node too (the
 * kubeconfig read by light-kubeconfig.ts), then nodes, pods and a key's frame. Timing marks
 * (NETINSPECT_TIMING) tell the order; how fast is for `npm run bench`, never asserted here. A copy of the bundle
 * without client-node's chunk shows that `routes` and the inspector (a node inspected) never load it for a
 * kubeconfig light-kubeconfig.ts reads, and that a kubeconfig with an exec plugin does need it.
 */
import {copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {startLab, type RunningLab} from '../../source/lab/index.js';
import {missingToolsReason} from '../helpers/system-tools.js';
import {createTmuxDriver, waitFor} from './helpers/tmux-driver.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'ni-built-'));
const bin = join(directory, 'dist', 'cli.js');
const packageVersion = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {version: string}).version;

beforeAll(async () => {
	// The bundle reads the version from ../package.json, as in the installed package.
	copyFileSync(join(root, 'package.json'), join(directory, 'package.json'));
	await execa(process.execPath, ['scripts/bundle.mjs', join(directory, 'dist')], {cwd: root});
}, 60_000);

afterAll(() => {
	// The bin may still append a timing mark while tmux closes it: retry a directory that is not empty yet.
	rmSync(directory, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
});

describe('the built bin', () => {
	it('prints its version and its help', async () => {
		const version = await execa(process.execPath, [bin, '--version'], {reject: false});
		expect(version.exitCode).toBe(0);
		expect(version.stdout).toBe(packageVersion);
		const help = await execa(process.execPath, [bin, '--help'], {reject: false});
		expect(help.exitCode).toBe(0);
		expect(help.stdout).toContain('netinspect <command> [flags]');
	});

	it('exits 2 with one line on a bad flag, and 1 without a terminal', async () => {
		const bad = await execa(process.execPath, [bin, '--no-such-flag'], {reject: false});
		expect(bad.exitCode).toBe(2);
		expect(bad.stderr.trim().split('\n')).toHaveLength(1);
		const noTerminal = await execa(process.execPath, [bin], {reject: false, stdin: 'pipe'});
		expect(noTerminal.exitCode).toBe(1);
		expect(noTerminal.stderr).toContain('needs a terminal');
	});

	it('loads client-node only after the first frame: the inspector chunk does not import it statically', () => {
		const bundlesClientNode = (file: string) => readFileSync(join(directory, 'dist', file), 'utf8').includes('// node_modules/@kubernetes/client-node/');
		expect(staticClosure(chunk(/^kubeconfig-/)).some(bundlesClientNode), 'the kubeconfig chunk brings client-node').toBe(true);
		expect(staticClosure(chunk(/^inspect-/)).filter(bundlesClientNode)).toEqual([]);
	});

	it('routes and the inspector start without meow (plain-flags.ts), routes without the judging (loaded while its pod starts)', () => {
		const bundles = (what: string) => (file: string) => readFileSync(join(directory, 'dist', file), 'utf8').includes(what);
		const meow = bundles('// node_modules/meow/');
		const judging = bundles('// source/net/reachability.ts');
		// The controls: meow is still in the bundle (for the other commands and the unusual command lines), and
		// the judging is what routes-verdicts.ts brings.
		expect(readdirSync(join(directory, 'dist')).some(meow)).toBe(true);
		expect(staticClosure(chunk(/^routes-verdicts-/)).some(judging)).toBe(true);
		expect(staticClosure(chunk(/^routes-[A-Z\d]+\.js$/)).filter(meow)).toEqual([]);
		expect(staticClosure(chunk(/^routes-[A-Z\d]+\.js$/)).filter(judging)).toEqual([]);
		expect(staticClosure(chunk(/^inspect-/)).filter(meow)).toEqual([]);
	});

	it('routes reads a plain kubeconfig without the yaml package (plain-yaml.ts); the yaml package stays in the bundle', () => {
		const yaml = (file: string) => readFileSync(join(directory, 'dist', file), 'utf8').includes('// node_modules/yaml/');
		expect(readdirSync(join(directory, 'dist')).some(yaml)).toBe(true);
		expect(staticClosure(chunk(/^routes-[A-Z\d]+\.js$/)).filter(yaml)).toEqual([]);
	});
});

/** The built chunk whose name matches. */
function chunk(name: RegExp): string {
	const found = readdirSync(join(directory, 'dist')).filter(file => name.test(file));
	expect(found).toHaveLength(1);
	return found[0]!;
}

/** A chunk and every chunk it imports statically (`import … from "./x.js"`, not `import("./x.js")`). */
function staticClosure(entry: string): string[] {
	const seen = new Set<string>();
	const visit = (file: string): void => {
		if (seen.has(file)) return;
		seen.add(file);
		const text = readFileSync(join(directory, 'dist', file), 'utf8');
		for (const found of text.matchAll(/(?:from|import)\s*"\.\/([^"]+)"/g)) visit(found[1]!);
	};
	visit(entry);
	return [...seen];
}

describe('the built bin against the lab', () => {
	let lab: RunningLab;

	beforeAll(async () => {
		lab = await startLab({kubeconfigPath: join(directory, 'plain-lab.kubeconfig')});
	});

	afterAll(async () => {
		await lab?.stop();
	});

	it('routes NODE --json finishes and deletes its pod when nobody reads its stderr any more', {timeout: 60_000}, async () => {
		const run = execa(process.execPath, [bin, 'routes', 'networking-worker2', '--json', '--kubeconfig', lab.kubeconfigPath], {reject: false, stderr: 'pipe', timeout: 30_000});
		// As `2>&1 | head -c 10` does: the reading end goes before the first progress line.
		run.stderr?.destroy();
		const result = await run;
		expect(result.exitCode).toBe(0);
		expect((JSON.parse(result.stdout) as {node: string}).node).toBe('networking-worker2');
		const left = lab.cluster.list('pods', null).items.filter(pod => pod.metadata.name.startsWith('ni-debug-') && pod.metadata.deletionTimestamp === undefined);
		expect(left).toEqual([]);
	});
});

const skip = missingToolsReason('test/e2e/built-bin.test.ts (the bin in a terminal)', ['tmux']);

describe.skipIf(skip !== null)('the built bin in a terminal, against the lab', () => {
	const tmux = createTmuxDriver('ni-built');
	const marks = join(directory, 'marks');
	let lab: RunningLab;

	beforeAll(async () => {
		lab = await startLab({kubeconfigPath: join(directory, 'lab.kubeconfig')});
	});

	afterAll(async () => {
		await tmux.close();
		await lab?.stop();
	});

	it('draws the first frame before client-node loads, then the nodes, the pods and each key', {timeout: 60_000}, async () => {
		await tmux.start('bin', root, ['env', `NETINSPECT_TIMING=${marks}`, process.execPath, bin, '--kubeconfig', lab.kubeconfigPath, '-A']);
		const read = (): ReadonlyMap<string, number> => {
			const found = new Map<string, number>();
			for (const line of existsSync(marks) ? readFileSync(marks, 'utf8').split('\n') : []) {
				const [name, ms] = line.split(' ');
				if (name && ms && !found.has(name)) found.set(name, Number(ms));
			}
			return found;
		};
		await tmux.waitForScreen('bin', text => text.includes('networking-worker3') && text.includes('hello-world'));
		// client-node may load after the pods are on the screen (the store does not need it).
		await waitFor(() => (read().has('pods-frame') && read().has('cluster-side-loaded') ? true : undefined), 20_000, () => `marks so far: ${[...read().keys()].join(', ')}`);
		await tmux.keys('bin', 'j');
		await waitFor(() => (read().has('key-frame') ? true : undefined), 20_000, () => `no key-frame mark; screen:\n${readFileSync(marks, 'utf8')}`);
		await tmux.keys('bin', 'q');
		const got = read();
		const at = (name: string): number => {
			const value = got.get(name);
			expect(value, `mark ${name}`).toBeTypeOf('number');
			return value ?? Number.NaN;
		};
		expect(at('first-frame')).toBeLessThan(at('cluster-side-loaded'));
		// The lab's kubeconfig (a token, a CA) is read without client-node: the store starts before it loads.
		expect(at('first-frame')).toBeLessThan(at('store-started'));
		expect(at('store-started')).toBeLessThan(at('cluster-side-loaded'));
		expect(at('store-started')).toBeLessThanOrEqual(at('nodes-listed'));
		expect(at('nodes-listed')).toBeLessThanOrEqual(at('nodes-frame'));
		expect(at('nodes-listed')).toBeLessThanOrEqual(at('pods-listed'));
		expect(at('pods-listed')).toBeLessThanOrEqual(at('pods-frame'));
		expect(at('pods-frame')).toBeLessThan(at('key'));
		expect(at('key')).toBeLessThanOrEqual(at('key-frame'));
	});
});

/** The bundle without the chunks that hold client-node: anything that would load it fails (ERR_MODULE_NOT_FOUND). */
function distWithoutClientNode(): {readonly bin: string; readonly removed: readonly string[]} {
	const light = join(directory, 'dist-light');
	rmSync(light, {recursive: true, force: true});
	cpSync(join(directory, 'dist'), light, {recursive: true});
	const removed = readdirSync(light).filter(file => readFileSync(join(light, file), 'utf8').includes('// node_modules/@kubernetes/client-node/'));
	for (const file of removed) rmSync(join(light, file));
	return {bin: join(light, 'cli.js'), removed};
}

/** The lab's kubeconfig with its token handed out by an `exec:` credential plugin (client-node's path). */
function pluginKubeconfig(labKubeconfig: string): string {
	const lab = parse(readFileSync(labKubeconfig, 'utf8')) as {users: {name: string; user: {token: string}}[]};
	const script = join(directory, 'plugin.cjs');
	const credential = {apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: {token: lab.users[0]!.user.token}};
	writeFileSync(script, `process.stdout.write(${JSON.stringify(JSON.stringify(credential))});\n`);
	const file = join(directory, 'plugin.kubeconfig');
	const user = {name: lab.users[0]!.name, user: {exec: {apiVersion: 'client.authentication.k8s.io/v1beta1', command: process.execPath, args: [script], interactiveMode: 'Never'}}};
	writeFileSync(file, JSON.stringify({...lab, users: [user]}), {mode: 0o600});
	return file;
}

describe('the built bin without client-node, against the lab', () => {
	let lab: RunningLab;
	let light: {readonly bin: string; readonly removed: readonly string[]};

	beforeAll(async () => {
		lab = await startLab({kubeconfigPath: join(directory, 'light-lab.kubeconfig')});
		light = distWithoutClientNode();
	});

	afterAll(async () => {
		await lab?.stop();
	});

	it('routes NODE --json runs without client-node for a light kubeconfig; an exec-plugin kubeconfig needs it', {timeout: 60_000}, async () => {
		expect(light.removed.length).toBeGreaterThan(0);
		const routes = await execa(process.execPath, [light.bin, 'routes', 'networking-worker2', '--json', '--kubeconfig', lab.kubeconfigPath], {reject: false, timeout: 30_000});
		expect(routes.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find module/);
		expect(routes.exitCode).toBe(0);
		expect((JSON.parse(routes.stdout) as {node: string}).node).toBe('networking-worker2');

		// The control: client-node's path (an exec plugin) does load the removed chunk, and works from the whole bundle.
		const plugin = pluginKubeconfig(lab.kubeconfigPath);
		const withoutChunk = await execa(process.execPath, [light.bin, 'routes', 'networking-worker2', '--json', '--kubeconfig', plugin], {reject: false, timeout: 30_000});
		expect(withoutChunk.exitCode).not.toBe(0);
		expect(light.removed.some(file => withoutChunk.stderr.includes(file))).toBe(true);
		const whole = await execa(process.execPath, [bin, 'routes', 'networking-worker2', '--json', '--kubeconfig', plugin], {reject: false, timeout: 30_000});
		expect(whole.exitCode).toBe(0);
		expect((JSON.parse(whole.stdout) as {node: string}).node).toBe('networking-worker2');
		const left = lab.cluster.list('pods', null).items.filter(pod => pod.metadata.name.startsWith('ni-debug-') && pod.metadata.deletionTimestamp === undefined);
		expect(left).toEqual([]);
	});

	describe.skipIf(skip !== null)('in a terminal', () => {
		const tmux = createTmuxDriver('ni-light');

		afterAll(async () => {
			await tmux.close();
		});

		it('the inspector lists, inspects a node (its routes on screen) and quits without client-node', {timeout: 60_000}, async () => {
			await tmux.start('light', root, [process.execPath, light.bin, '--kubeconfig', lab.kubeconfigPath]);
			await tmux.waitForScreen('light', text => text.includes('● live') && text.includes('networking-worker3'));
			await tmux.keys('light', 'j');
			await tmux.waitForScreen('light', text => /❯networking-worker /.test(text));
			await tmux.keys('light', 'j');
			await tmux.waitForScreen('light', text => /❯networking-worker2 /.test(text));
			await tmux.keys('light', 'Enter');
			const inspected = await tmux.waitForScreen('light', text => /192\.168\.21\.128\/26 .*tunl0 +networking-worker3/.test(text));
			expect(inspected).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find module/);
			await tmux.keys('light', 'q');
			// The debug pod goes on the way out, through the same plain requests.
			await waitFor(
				() => (lab.cluster.list('pods', null).items.some(pod => pod.metadata.name.startsWith('ni-debug-') && pod.metadata.deletionTimestamp === undefined) ? undefined : true),
				20_000,
				async () => `a debug pod is left; screen:\n${await tmux.screen('light')}`,
			);
		});
	});
});
