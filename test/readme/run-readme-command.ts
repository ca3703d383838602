/**
 * Runs one README command line as an argument array (never through a shell), in the repository root:
 * `netinspect` is the local entry (`node --import tsx source/cli.ts`), `kubectl` gets its own --cache-dir and
 * the lab's kubeconfig, and `/tmp/...` paths are moved into the test's scratch directory (`/tmp/lab.yaml`
 * becomes the in-process lab's kubeconfig). Long-running `netinspect lab` lines are started by `startLong`.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {basename, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import type {ShellLine} from './shell-words.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cliPath = join(repoRoot, 'source', 'cli.ts');

export type Run = {readonly exitCode: number; readonly stdout: string; readonly stderr: string};

export type RunContext = {
	/** The in-process lab's kubeconfig: what `/tmp/lab.yaml` means in kubectl and netinspect lines. */
	readonly labKubeconfig: string;
	readonly scratch: string;
	/** A fresh kubectl discovery cache directory per call. */
	readonly nextCacheDir: () => string;
};

/** Colours off, a known HOME, the lab's kubeconfig: the same output on every machine. */
function baseEnv(context: RunContext): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
	delete env['FORCE_COLOR'];
	// `npm run bench` without its UI, sweep and store sections (minutes of tmux and labs; test/e2e/built-bin.test.ts drives the bin).
	return {...env, NO_COLOR: '1', HOME: context.scratch, KUBECONFIG: context.labKubeconfig, NETINSPECT_BENCH_UI: '0', NETINSPECT_BENCH_SWEEP: '0', NETINSPECT_BENCH_STORE: '0'};
}

/** `/tmp/lab.yaml` → the lab's kubeconfig (or `labFile` for a lab started by the line); other /tmp paths → scratch. */
export function substitutePaths(word: string, context: RunContext, labFile: string | null): string {
	return word.replaceAll(/\/tmp\/[\w.-]+/g, path => {
		if (path === '/tmp/lab.yaml' && labFile === null) return context.labKubeconfig;
		if (path === '/tmp/lab.yaml' && labFile !== null) return labFile;
		return join(context.scratch, `readme-${basename(path)}`);
	});
}

/** The program and arguments to start for a README line. */
export function argvOf(line: ShellLine, context: RunContext, labFile: string | null = null): readonly string[] {
	const words = line.words.map(word => substitutePaths(word, context, labFile));
	const [program, ...rest] = words;
	if (program === 'netinspect') return [process.execPath, '--import', 'tsx', cliPath, ...rest];
	if (program === 'kubectl') return ['kubectl', '--cache-dir', context.nextCacheDir(), ...rest];
	if (program === 'npm' || program === 'npx') return words;
	throw new Error(`the README test does not know how to run "${program ?? ''}"`);
}

export async function runLine(line: ShellLine, context: RunContext): Promise<Run> {
	return runArgv(argvOf(line, context), line.stdinFile, context);
}

/** Runs a program with arguments as given (no substitution), stdin from a repository file or nothing. */
export async function runArgv(argv: readonly string[], stdinPath: string | null, context: RunContext): Promise<Run> {
	const [file, ...args] = argv;
	const result = await execa(file ?? '', args, {
		cwd: repoRoot,
		env: baseEnv(context),
		extendEnv: false,
		stdin: stdinPath === null ? 'ignore' : {file: join(repoRoot, stdinPath)},
		reject: false,
		// Under the whole suite on 2 shared cores `npm run bench` alone takes ~45-70 s: stay just inside the
		// 120 s the test gives each line, so a slow machine is not a failure but a hang still is.
		timeout: 110_000,
	});
	return {exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr)};
}

export type LongRun = {
	readonly child: ChildProcess;
	/** Resolves with all stdout so far once `text` appears (rejects if the process ends first or after ms). */
	readonly waitFor: (text: string, ms: number) => Promise<string>;
	/** Sends the signal and resolves with the exit code and the whole output. */
	readonly stop: (signal: NodeJS.Signals) => Promise<Run>;
};

/** Starts a program that runs until it is stopped (`netinspect lab`). */
export function startLong(argv: readonly string[], context: RunContext): LongRun {
	const [file, ...args] = argv;
	const child = spawn(file ?? '', args, {cwd: repoRoot, env: baseEnv(context), stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	const exited = new Promise<number>(resolve => child.once('exit', code => resolve(code ?? -1)));
	const listeners = new Set<() => void>();
	child.stdout.on('data', chunk => {
		stdout += String(chunk);
		for (const listener of listeners) listener();
	});
	child.stderr.on('data', chunk => (stderr += String(chunk)));
	return {
		child,
		waitFor: async (text, ms) =>
			new Promise<string>((resolve, reject) => {
				const timer = setTimeout(() => done(new Error(`no "${text}" within ${ms} ms; stdout: ${stdout} stderr: ${stderr}`)), ms);
				const check = () => {
					if (stdout.includes(text)) done(null);
				};
				const done = (error: Error | null) => {
					clearTimeout(timer);
					listeners.delete(check);
					if (error) reject(error);
					else resolve(stdout);
				};
				listeners.add(check);
				void exited.then(code => done(new Error(`exited ${code} before "${text}"; stdout: ${stdout} stderr: ${stderr}`)));
				check();
			}),
		stop: async signal => {
			if (child.exitCode === null && child.signalCode === null) child.kill(signal);
			const exitCode = await exited;
			return {exitCode, stdout, stderr};
		},
	};
}
