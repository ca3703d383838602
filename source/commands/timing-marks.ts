/**
 * Timing marks for `npm run bench`: with NETINSPECT_TIMING=FILE the inspector appends one line per mark,
 * `NAME MS` (ms since the process started, performance.now()), instead of the bench scraping the screen.
 * Marks: `first-frame`; `store-started` (the watch store: before client-node when light-kubeconfig.ts could read
 * the kubeconfig, else after it); `cluster-side-loaded` (client-node and the kubeconfig); `nodes-listed` /
 * `pods-listed` (the store's first nodes; its first live snapshot) and `nodes-frame` / `pods-frame` (the first
 * frame written after each); `pods-first` / `pods-first-frame` (the first pods, while a big LIST still pages);
 * `tables` / `tables-frame` (a node's first route and interface tables, and the frame after: its pods judged);
 * `key` (input read) and `key-frame` (the next frame written). Without the variable nothing is hooked and
 * every call is a no-op.
 */
import {appendFileSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import type {ClusterSnapshot, ProbeState} from '../kube/types.js';

export const timingVariable = 'NETINSPECT_TIMING';

const beginSynchronizedUpdate = '\u001B[?2026h';

export type TimingMarks = {
	readonly enabled: boolean;
	readonly mark: (name: string) => void;
	/** Marks `key` on each chunk of input and `<pending>-frame` after the next write to `stdout`; returns an undo. */
	readonly watchTerminal: (stdin: NodeJS.ReadableStream, stdout: NodeJS.WritableStream) => () => void;
	/** Marks `nodes-listed` and `pods-listed` once each as the store's snapshots reach them. */
	readonly watchSnapshot: (snapshot: ClusterSnapshot) => void;
	/** Marks `tables` when a node's first tables arrive (once per node inspected in turn). */
	readonly watchProbe: (probe: ProbeState | null) => void;
};

const disabled: TimingMarks = {
	enabled: false,
	mark: () => undefined,
	watchTerminal: () => () => undefined,
	watchSnapshot: () => undefined,
	watchProbe: () => undefined,
};

/** The marks NETINSPECT_TIMING asks for, or no-ops. A file that cannot be written turns the marks off. */
export function createTimingMarks(env: Readonly<Record<string, string | undefined>>, clock: () => number = () => performance.now()): TimingMarks {
	const file = env[timingVariable];
	if (!file) return disabled;
	let working = true;
	const mark = (name: string): void => {
		if (!working) return;
		try {
			appendFileSync(file, `${name} ${clock().toFixed(1)}\n`);
		} catch {
			working = false;
		}
	};
	// What the next frame shows for the first time: first-frame, nodes, pods, key.
	const pending = new Set<string>(['first']);
	let nodesSeen = false;
	let podsSeen = false;
	let firstPodsSeen = false;
	let tablesNode: string | null = null;
	return {
		enabled: true,
		mark,
		watchTerminal(stdin, stdout) {
			const onData = () => {
				mark('key');
				pending.add('key');
			};
			stdin.on('data', onData);
			const original = stdout.write;
			const patched = function (this: NodeJS.WritableStream, ...args: Parameters<typeof original>) {
				const result = original.apply(this, args);
				// Ink opens a frame with begin-synchronized-update: the frame is written by the next write.
				if (args[0] === beginSynchronizedUpdate) return result;
				for (const name of pending) mark(`${name}-frame`);
				pending.clear();
				return result;
			};
			stdout.write = patched as typeof original;
			return () => {
				stdin.off('data', onData);
				if (stdout.write === patched) stdout.write = original;
			};
		},
		watchSnapshot(snapshot) {
			if (!nodesSeen && (snapshot.nodes.length > 0 || snapshot.connection.status === 'live')) {
				nodesSeen = true;
				mark('nodes-listed');
				pending.add('nodes');
			}
			if (!firstPodsSeen && snapshot.pods.length > 0) {
				firstPodsSeen = true;
				mark('pods-first');
				pending.add('pods-first');
			}
			if (!podsSeen && snapshot.connection.status === 'live') {
				podsSeen = true;
				mark('pods-listed');
				pending.add('pods');
			}
		},
		watchProbe(probe) {
			if (probe === null || probe.refreshedAt === null || probe.node === tablesNode) return;
			tablesNode = probe.node;
			mark('tables');
			pending.add('tables');
		},
	};
}
