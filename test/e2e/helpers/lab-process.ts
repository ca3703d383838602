/**
 * The lab in a process of its own (`netinspect lab`), so a test can freeze it with SIGSTOP: an API server
 * that accepts connections (the kernel still does) but never answers. stop() sends SIGCONT, then SIGTERM,
 * and waits for the exit. Also runs the netinspect CLI (from source, under tsx) as a child with captured output.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {waitFor, type TmuxDriver} from './tmux-driver.js';

export const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** `node --import tsx source/cli.ts ARGS`: the CLI as users run it, from this checkout's source. */
export const cliCommand = (args: readonly string[]): readonly string[] => [process.execPath, '--import', 'tsx', 'source/cli.ts', ...args];

/** The CLI under record-exit.ts, which writes how it ended (exit code or signal name) to `statusFile`. */
export const recordedCliCommand = (statusFile: string, args: readonly string[]): readonly string[] => [
	process.execPath,
	'--import',
	'tsx',
	'test/e2e/helpers/record-exit.ts',
	statusFile,
	...cliCommand(args),
];

/** What record-exit.ts wrote, once it has; null while the command runs. */
export function recordedStatus(statusFile: string): string | undefined {
	return existsSync(statusFile) ? readFileSync(statusFile, 'utf8') : undefined;
}

/** Types q into the inspector in `session` and waits until it has exited: its status and the whole screen. */
export async function quitInspector(
	tmux: TmuxDriver,
	session: string,
	statusFile: string,
	timeoutMs: number,
): Promise<{readonly status: string; readonly screen: string}> {
	await tmux.keys(session, 'q');
	const status = await waitFor(
		() => recordedStatus(statusFile),
		timeoutMs,
		async () => `the inspector did not exit; screen:\n${await tmux.screen(session, true)}`,
	);
	return {status, screen: await tmux.screen(session, true)};
}

export type LabProcess = {
	readonly pid: number;
	readonly kubeconfigPath: string;
	/** SIGSTOP: connections are still accepted by the kernel, nothing answers. */
	readonly freeze: () => void;
	/** SIGCONT. */
	readonly thaw: () => void;
	/** SIGCONT, SIGTERM, and the exit; idempotent. */
	readonly stop: () => Promise<void>;
};

function exited(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise(resolve => child.once('exit', () => resolve()));
}

export async function startLabProcess(directory: string, extraArgs: readonly string[] = []): Promise<LabProcess> {
	const kubeconfigPath = join(directory, 'lab.kubeconfig');
	const [command, ...args] = cliCommand(['lab', '--kubeconfig', kubeconfigPath, ...extraArgs]);
	const child = spawn(command!, args, {cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe']});
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	await new Promise<void>((resolve, reject) => {
		const check = () => {
			if (output.includes('Ctrl-C stops the lab') && existsSync(kubeconfigPath)) {
				child.stdout.off('data', check);
				child.off('exit', onExit);
				resolve();
			}
		};
		const onExit = () => reject(new Error(`the lab exited before it served: ${output}`));
		child.stdout.on('data', check);
		child.once('exit', onExit);
	});
	let stopping: Promise<void> | null = null;
	return {
		pid: child.pid!,
		kubeconfigPath,
		freeze: () => process.kill(child.pid!, 'SIGSTOP'),
		thaw: () => {
			if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGCONT');
		},
		stop: async () => {
			stopping ??= (async () => {
				if (child.exitCode !== null || child.signalCode !== null) return;
				process.kill(child.pid!, 'SIGCONT');
				process.kill(child.pid!, 'SIGTERM');
				await exited(child);
			})();
			return stopping;
		},
	};
}

export type CliRun = {
	readonly child: ChildProcess;
	readonly stdout: () => string;
	readonly stderr: () => string;
	/** The exit code, or the signal name it died of. */
	readonly ended: Promise<number | string>;
};

/** Starts the CLI with ARGS; its output is captured as it comes. The test kills it if it does not end. */
export function runCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): CliRun {
	const [command, ...rest] = cliCommand(args);
	const child = spawn(command!, rest, {
		cwd: repositoryRoot,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {...process.env, KUBECONFIG: '', ...env},
	});
	let stdout = '';
	let stderr = '';
	child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
	child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
	const ended = new Promise<number | string>(resolve => {
		child.once('close', (code, signal) => resolve(signal ?? code ?? -1));
	});
	return {child, stdout: () => stdout, stderr: () => stderr, ended};
}
