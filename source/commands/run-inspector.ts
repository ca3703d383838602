/**
 * Runs the full-screen inspector against a kubeconfig until q / Ctrl-C: the watch store, the node prober, the
 * app on the alternate screen; every debug pod it made is deleted on the way out, also on SIGTERM, SIGHUP,
 * SIGINT and uncaught errors. Shared by `inspect` and `demo`. The first frame (header, empty panes) is drawn
 * before client-node loads; the kubeconfig and the cluster side follow, then the app mounts on them.
 */
import {randomBytes} from 'node:crypto';
import {render} from 'ink';
import {createElement} from 'react';
import {App} from '../app.js';
import type {LoadedKubeconfig} from '../kube/kubeconfig.js';
import type {LightKubeconfig} from '../kube/light-kubeconfig.js';
import type {ClusterStore} from '../kube/types.js';
import {installExitGuard} from '../kube/exit-guard.js';
import {judgePods} from '../state/judge-pods.js';
import {exitCodes, type CommandIo} from './command.js';
import type {InspectOptions} from './inspect-flags.js';
import type {InspectorSources} from './inspector-sources.js';
import {limitHeapGrowth} from './heap-growth.js';
import {deferredProber, pendingProber, pendingStore} from './pending-sources.js';
import {createTimingMarks} from './timing-marks.js';

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

/** The kubeconfig, loaded after the first frame: the config, or a one-line usage error (exit 2). */
export type KubeconfigSource = () => Promise<LoadedKubeconfig | {readonly usageError: string}>;

/** Longest wait for the early store's first lists before client-node loads anyway. */
const firstListsWaitMs = 1000;
/** Time for Ink to paint a change (its frames are 33 ms apart at most). */
const paintMs = 50;

/** Resolves once the store is live or has an error to show (then painted), or after `ms`. */
async function untilListed(store: ClusterStore, ms: number): Promise<void> {
	await new Promise<void>(resolve => {
		const done = () => {
			clearTimeout(timer);
			unsubscribe();
			// Ink paints at most 30 times a second: give the frame of those lists the time to be written.
			setTimeout(resolve, paintMs);
		};
		const settled = () => {
			const {connection} = store.getSnapshot();
			return connection.status === 'live' || connection.error !== null;
		};
		const timer = setTimeout(done, ms);
		const unsubscribe = store.subscribe(() => {
			if (settled()) done();
		});
		if (settled()) done();
	});
}

/**
 * The kubeconfig read without client-node (light-kubeconfig.ts), or null: when there is one, the store starts
 * on it right after the first frame, while client-node loads for the rest (prober, sweep, cleanup).
 */
export type LightKubeconfigSource = () => Promise<LightKubeconfig | null>;

export async function runInspector(
	io: CommandIo,
	kubeconfig: KubeconfigSource,
	options: Omit<InspectOptions, 'kubeconfig' | 'context' | 'namespace' | 'requestTimeoutMs'>,
	limits: InspectorLimits = {},
	lightKubeconfig: LightKubeconfigSource = async () => null,
): Promise<number> {
	const problem = terminalProblem(io);
	if (problem) {
		io.stderr.write(`netinspect: ${problem}\n`);
		return exitCodes.failed;
	}
	limitHeapGrowth();
	const runId = randomBytes(6).toString('hex');
	const marks = createTimingMarks(io.env);
	const stdout = io.stdout as NodeJS.WriteStream;
	let sources: InspectorSources | null = null;
	/** The store, once started: on the light kubeconfig before the sources, or the sources' own. */
	let store: ClusterStore | null = null;
	let loading: Promise<unknown> = Promise.resolve();
	let cleanedUp: Promise<void> | null = null;
	const cleanUp = async (): Promise<void> => {
		cleanedUp ??= (async () => {
			await loading.catch(() => undefined);
			await Promise.all([sources?.prober.stop().catch(() => undefined), sources?.sweeper.stop().catch(() => undefined), sources?.traceTables.stop().catch(() => undefined)]);
			await store?.stop().catch(() => undefined);
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
		// The sweep deletes its own pods with one call; when that failed its error names them and the fix.
		const sweepError = sources?.sweeper.getSnapshot().error ?? null;
		if (sweepError !== null) io.stderr.write(`netinspect: ${sweepError}\n`);
		for (const left of sources?.tracker.leftBehind() ?? []) {
			for (const line of sources?.leftBehindLines(left) ?? []) io.stderr.write(`netinspect: ${line}\n`);
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

	stdout.write(enterAlternateScreen);
	onAlternateScreen = true;
	const unwatch = marks.watchTerminal(io.stdin, stdout);
	let usageError: string | null = null;
	// q on the pending frame: the cluster side is not started at all.
	let exited = false;
	try {
		const appProps = {allNamespaces: options.allNamespaces, refreshSeconds: options.refreshSeconds, judge: judgePods, color: options.color};
		const instance = render(
			createElement(App, {
				key: 'pending',
				...appProps,
				store: pendingStore(Date.now()),
				prober: pendingProber,
				context: '…',
				cluster: '…',
				namespace: '…',
				onQuit: () => {
					exited = true;
				},
			}),
			{stdout, stdin: io.stdin as NodeJS.ReadStream, stderr: io.stderr as NodeJS.WriteStream, exitOnCtrlC: false, patchConsole: true},
		);
		const exit = instance.waitUntilExit().finally(() => {
			exited = true;
		});
		// After the first frame: client-node, the kubeconfig, the cluster side; then the app on them.
		const startStore = (started: ClusterStore) => {
			store = started;
			marks.mark('store-started');
			if (marks.enabled) started.subscribe(() => marks.watchSnapshot(started.getSnapshot()));
			started.start();
		};
		loading = (async () => {
			// The store first, on the kubeconfig read without client-node, when it can be.
			const light = await lightKubeconfig();
			// Enter on a node before the prober exists: kept, and handed to the prober when it comes.
			const waiting = deferredProber();
			if (light !== null && !exited) {
				const {createClusterStore} = await import('../kube/cluster-store.js');
				if (exited) return;
				const early = createClusterStore({kubeConfig: light.config, namespace: null, fallbackNamespace: light.namespace});
				startStore(early);
				instance.rerender(
					createElement(App, {
						key: 'live',
						...appProps,
						store: early,
						prober: waiting,
						context: light.contextName,
						cluster: light.clusterName,
						namespace: light.namespace,
					}),
				);
				// Loading client-node takes the main thread for a while: after the first lists are painted.
				await untilListed(early, firstListsWaitMs);
				if (exited) return;
			}
			// On a light kubeconfig the cluster side needs no client-node: the full kubeconfig loads only for a sweep.
			const [loaded, side] = await Promise.all([
				light === null ? kubeconfig() : {kubeConfig: light.config, contextName: light.contextName, clusterName: light.clusterName, namespace: light.namespace},
				import('./inspector-sources.js'),
			]);
			marks.mark('cluster-side-loaded');
			if (exited) return;
			if ('usageError' in loaded) {
				usageError = loaded.usageError;
				instance.unmount();
				return;
			}
			// client-node's KubeConfig when it was loaded; else loaded on the first sweep.
			const sweepKubeConfig = 'files' in loaded ? loaded.kubeConfig : async () => {
				const full = await kubeconfig();
				if ('usageError' in full) throw new Error(full.usageError);
				return full.kubeConfig;
			};
			sources = side.createInspectorSources({...loaded, sweepKubeConfig}, options, runId, store ?? undefined);
			if (store === null) startStore(sources.store);
			if (marks.enabled) sources.prober.subscribe(() => marks.watchProbe(sources!.prober.getSnapshot()));
			waiting.handOver(sources.prober);
			instance.rerender(
				createElement(App, {
					key: 'live',
					...appProps,
					store: sources.store,
					prober: sources.prober,
					sweeper: sources.sweeper,
					traceTables: sources.traceTables,
					context: loaded.contextName,
					cluster: loaded.clusterName,
					namespace: loaded.namespace,
				}),
			);
		})();
		// A failure to load ends the app with that error, like a failure inside it.
		loading.catch((error: unknown) => {
			instance.unmount(error instanceof Error ? error : new Error(String(error)));
		});
		await exit;
		if (usageError !== null) {
			leaveScreen();
			io.stderr.write(`netinspect: ${usageError}\n`);
			return exitCodes.usage;
		}
	} finally {
		// Also when the app failed (waitUntilExit rejects): the debug pods go and the watches close. Bounded:
		// on q the app already waited for the prober, and a dead API server must not hold the terminal.
		unwatch();
		leaveScreen();
		await guard.runCleanup();
		guard.dispose();
	}
	const made = sources as InspectorSources | null;
	return (made?.tracker.leftBehind().length ?? 0) > 0 ? exitCodes.failed : exitCodes.ok;
}
