/**
 * Runs the full-screen inspector against a loaded kubeconfig until q / Ctrl-C: the watch store, the node
 * prober, the app on the alternate screen; every debug pod it made is deleted on the way out, also on
 * SIGTERM, SIGHUP, SIGINT and uncaught errors. Shared by `inspect` and `demo`.
 */
import {randomBytes} from 'node:crypto';
import {render} from 'ink';
import {createElement} from 'react';
import {App} from '../app.js';
import {createPodTracker, leftBehindLines, sweep} from '../kube/cleanup.js';
import {createClusterStore} from '../kube/cluster-store.js';
import type {LoadedKubeconfig} from '../kube/kubeconfig.js';
import {installExitGuard} from '../kube/exit-guard.js';
import {createNodeProber} from '../kube/node-prober.js';
import {judgePods} from '../state/judge-pods.js';
import {exitCodes, type CommandIo} from './command.js';
import type {InspectOptions} from './inspect-flags.js';

const enterAlternateScreen = '\u001B[?1049h\u001B[H';
const leaveAlternateScreen = '\u001B[?1049l';

type TerminalStream = NodeJS.WritableStream & {readonly isTTY?: boolean};

/** Why the inspector cannot run here, or null when stdin and stdout are a terminal. */
export function terminalProblem(io: Pick<CommandIo, 'stdin' | 'stdout'>): string | null {
	const stdinTty = (io.stdin as {isTTY?: boolean}).isTTY === true;
	const stdoutTty = (io.stdout as TerminalStream).isTTY === true;
	if (stdinTty && stdoutTty) {
		return null;
	}
	return 'the inspector needs a terminal (stdin and stdout a TTY); for scripts use: netinspect routes NODE --json';
}

export type InspectorLimits = {
	/** Longest wait for the debug pods' deletion once the app has gone (default: the exit guard's 5 s). */
	readonly cleanupTimeoutMs?: number;
};

export async function runInspector(
	io: CommandIo,
	loaded: LoadedKubeconfig,
	options: Omit<InspectOptions, 'kubeconfig' | 'context' | 'namespace' | 'requestTimeoutMs'>,
	limits: InspectorLimits = {},
): Promise<number> {
	const problem = terminalProblem(io);
	if (problem) {
		io.stderr.write(`netinspect: ${problem}\n`);
		return exitCodes.failed;
	}
	const runId = randomBytes(6).toString('hex');
	const store = createClusterStore({kubeConfig: loaded.kubeConfig, namespace: null});
	const tracker = createPodTracker(loaded.kubeConfig);
	const prober = createNodeProber({
		kubeConfig: loaded.kubeConfig,
		image: options.image,
		namespace: options.debugNamespace,
		refreshSeconds: options.refreshSeconds,
		runId,
		tracker,
		context: loaded.contextName,
	});
	// Expired leftovers of earlier runs go first; never this run's pods. Failures only cost a leftover.
	void sweep(loaded.kubeConfig, {namespace: options.debugNamespace, expiredOnly: true, exceptRun: runId}).catch(() => undefined);

	const stdout = io.stdout as NodeJS.WriteStream;
	let cleanedUp: Promise<void> | null = null;
	const cleanUp = async (): Promise<void> => {
		cleanedUp ??= (async () => {
			await prober.stop().catch(() => undefined);
			await store.stop().catch(() => undefined);
		})();
		return cleanedUp;
	};
	let onAlternateScreen = false;
	const leaveScreen = () => {
		if (!onAlternateScreen) return;
		onAlternateScreen = false;
		stdout.write(leaveAlternateScreen);
	};
	// A debug pod that could not be deleted (denied, or the API server stopped answering) is named on the
	// normal screen, with the commands that remove it; the run then exits 1.
	const reportLeftBehind = () => {
		leaveScreen();
		for (const left of tracker.leftBehind()) {
			for (const line of leftBehindLines(left, loaded.contextName)) io.stderr.write(`netinspect: ${line}\n`);
		}
	};
	// SIGTERM, SIGHUP, SIGINT (outside raw mode), uncaught errors: delete the debug pods (bounded), then exit.
	const guard = installExitGuard(
		async () => {
			await cleanUp();
			leaveScreen();
		},
		{
			stderr: io.stderr,
			afterCleanup: reportLeftBehind,
			...(limits.cleanupTimeoutMs === undefined ? {} : {timeoutMs: limits.cleanupTimeoutMs}),
		},
	);

	store.start();
	stdout.write(enterAlternateScreen);
	onAlternateScreen = true;
	try {
		const instance = render(
			createElement(App, {
				store,
				prober,
				context: loaded.contextName,
				cluster: loaded.clusterName,
				namespace: loaded.namespace,
				allNamespaces: options.allNamespaces,
				refreshSeconds: options.refreshSeconds,
				judge: judgePods,
				color: options.color,
			}),
			{stdout, stdin: io.stdin as NodeJS.ReadStream, stderr: io.stderr as NodeJS.WriteStream, exitOnCtrlC: false, patchConsole: true},
		);
		await instance.waitUntilExit();
	} finally {
		// Also when the app failed (waitUntilExit rejects): the debug pods go and the watches close. Bounded:
		// on q the app already waited for the prober, and a dead API server must not hold the terminal.
		leaveScreen();
		await guard.runCleanup();
		guard.dispose();
	}
	return tracker.leftBehind().length > 0 ? exitCodes.failed : exitCodes.ok;
}
