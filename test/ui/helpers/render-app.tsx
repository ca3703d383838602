/**
 * Renders the whole app into a fake terminal whose size the test sets (ink-testing-library is always 100
 * columns), sends keys, and waits for frames by polling: never a fixed sleep.
 */
import {EventEmitter} from 'node:events';
import {render, type Instance} from 'ink';
import stripAnsi from 'strip-ansi';
import {App, type AppProps} from '../../../source/app.js';
import {judgePods} from '../../../source/state/judge-pods.js';
import type {ClusterStore, NodeProber} from '../../../source/kube/types.js';
import {fixedNow} from './seed-data.js';

export class FakeStdout extends EventEmitter {
	isTTY = true;
	frames: string[] = [];
	columns: number;
	rows: number;
	constructor(columns: number, rows: number) {
		super();
		this.columns = columns;
		this.rows = rows;
	}

	write = (frame: string): boolean => {
		this.frames.push(frame);
		return true;
	};

	resize(columns: number, rows: number): void {
		this.columns = columns;
		this.rows = rows;
		this.emit('resize');
	}
}

class FakeStdin extends EventEmitter {
	isTTY = true;
	private data: string | null = null;
	write(data: string): void {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	}

	read = (): string | null => {
		const {data} = this;
		this.data = null;
		return data;
	};

	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
}

export const keys = {
	tab: '\t',
	shiftTab: '\u001B[Z',
	enter: '\r',
	escape: '\u001B',
	down: '\u001B[B',
	up: '\u001B[A',
	pageDown: '\u001B[6~',
	ctrlC: '\u0003',
} as const;

export type Rendered = {
	readonly stdout: FakeStdout;
	readonly instance: Instance;
	/** The last frame without colours. */
	readonly frame: () => string;
	/** Resolves with the frame once `predicate` holds (polls every 10 ms, fails after `timeout`). */
	readonly waitFor: (predicate: (frame: string) => boolean, timeout?: number) => Promise<string>;
	/** Writes keys one at a time, each after the previous one changed the frame or 10 polls passed. */
	readonly press: (...sequence: string[]) => Promise<void>;
};

export type RenderOptions = Partial<AppProps> & {
	readonly store: ClusterStore;
	readonly prober: NodeProber;
	readonly columns?: number;
	readonly rows?: number;
};

export function renderApp(options: RenderOptions): Rendered {
	const {columns = 120, rows = 40, ...props} = options;
	const stdout = new FakeStdout(columns, rows);
	const stdin = new FakeStdin();
	const instance = render(
		<App
			context="kind-networking"
			cluster="networking"
			namespace="default"
			allNamespaces={false}
			refreshSeconds={5}
			judge={judgePods}
			clock={{now: () => fixedNow, ticking: false}}
			{...props}
		/>,
		{
			stdout: stdout as unknown as NodeJS.WriteStream,
			stdin: stdin as unknown as NodeJS.ReadStream,
			debug: true,
			exitOnCtrlC: false,
			patchConsole: false,
		},
	);
	const frame = (): string => stripAnsi(stdout.frames.at(-1) ?? '');
	const waitFor = async (predicate: (frame: string) => boolean, timeout = 5000): Promise<string> => {
		const deadline = Date.now() + timeout;
		for (;;) {
			const current = frame();
			if (predicate(current)) {
				return current;
			}
			if (Date.now() > deadline) {
				throw new Error(`frame never matched; last frame:\n${current}`);
			}
			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => {
				setTimeout(resolve, 10);
			});
		}
	};
	const press = async (...sequence: string[]): Promise<void> => {
		for (const key of sequence) {
			const before = stdout.frames.length;
			stdin.write(key);
			// Input is handled asynchronously: wait until Ink rendered again (or a short grace for no-op keys).
			// eslint-disable-next-line no-await-in-loop
			await waitFor(() => stdout.frames.length > before, 200).catch(() => undefined);
		}
	};
	return {stdout, instance, frame, waitFor, press};
}
