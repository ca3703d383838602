/**
 * runInspector's lifecycle around the app: whatever way the app ends, the prober (debug pods) and the store
 * (watches) are stopped, and a cleanup that hangs (dead API server) cannot hold the terminal. The app, the
 * store, the prober and the tracker are stand-ins here; the real ones are tested in test/kube and test/ui.
 */
import {Console} from 'node:console';
import {PassThrough} from 'node:stream';
import {useApp} from 'ink';
import {useEffect} from 'react';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {LoadedKubeconfig} from '../../source/kube/kubeconfig.js';

const fakes = vi.hoisted(() => ({
	/** How the stand-in app ends right after it mounts. */
	ending: 'quit' as 'quit' | 'crash',
	/** Quit already on the first frame, before the kubeconfig and the cluster side are loaded. */
	quitPending: false,
	proberStop: (): Promise<void> => Promise.resolve(),
	calls: [] as string[],
	/** What the tracker could not delete. */
	leftBehind: [] as {pod: {namespace: string; name: string}; cause: string}[],
}));

vi.mock('../../source/app.js', () => ({
	App({context, onQuit}: {readonly context: string; readonly onQuit?: () => void}) {
		const {exit} = useApp();
		useEffect(() => {
			// The first mount is the pending frame ('…' before the kubeconfig loads); the test ends the real one.
			if (context === '…' && !fakes.quitPending) return;
			if (fakes.ending === 'quit') onQuit?.();
			exit(fakes.ending === 'crash' ? new Error('render failed') : undefined);
		}, [exit, context, onQuit]);
		return null;
	},
}));

vi.mock('../../source/kube/cluster-store.js', () => ({
	createClusterStore: () => ({
		start: () => fakes.calls.push('store.start'),
		stop: async () => {
			fakes.calls.push('store.stop');
		},
		getSnapshot: () => null,
		subscribe: () => () => undefined,
	}),
}));

vi.mock('../../source/kube/node-prober.js', () => ({
	createNodeProber: () => ({
		stop: async () => {
			fakes.calls.push('prober.stop');
			return fakes.proberStop();
		},
	}),
}));

vi.mock('../../source/kube/cleanup.js', async importActual => ({
	createPodTracker: () => ({leftBehind: () => fakes.leftBehind}),
	leftBehindLines: (await importActual<typeof import('../../source/kube/cleanup.js')>()).leftBehindLines,
	sweep: async () => ({found: [], deleted: [], failed: []}),
}));

const {runInspector} = await import('../../source/commands/run-inspector.js');

const loaded = {kubeConfig: {}, contextName: 'ctx', clusterName: 'c', server: 'https://127.0.0.1:1', namespace: 'default', files: []} as unknown as LoadedKubeconfig;
const options = {allNamespaces: false, image: 'busybox:1.37.0', debugNamespace: 'default', refreshSeconds: 5, color: false};

function terminal() {
	const stdin = Object.assign(new PassThrough(), {isTTY: true, setRawMode: () => undefined, ref: () => undefined, unref: () => undefined});
	const stdout = Object.assign(new PassThrough(), {isTTY: true, columns: 100, rows: 30});
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	stdout.on('data', chunk => (out += String(chunk)));
	stderr.on('data', chunk => (err += String(chunk)));
	return {io: {argv: [], stdin, stdout, stderr, env: {}}, out: () => out, err: () => err};
}

// Ink's patchConsole builds a console.Console, which vitest's worker console lacks.
Object.assign(console, {Console});

afterEach(() => {
	fakes.ending = 'quit';
	fakes.quitPending = false;
	fakes.proberStop = () => Promise.resolve();
	fakes.calls.length = 0;
	fakes.leftBehind = [];
});

describe('runInspector', () => {
	it('stops the prober and the store after a normal quit, and leaves the alternate screen once', async () => {
		const {io, out} = terminal();
		await expect(runInspector(io, async () => loaded, options)).resolves.toBe(0);
		expect(fakes.calls).toEqual(['store.start', 'prober.stop', 'store.stop']);
		expect(out().split('\u001B[?1049l')).toHaveLength(2);
	});

	it('deletes the debug pods and closes the watches also when the app fails', async () => {
		fakes.ending = 'crash';
		const {io, out} = terminal();
		await expect(runInspector(io, async () => loaded, options)).rejects.toThrow('render failed');
		expect(fakes.calls).toEqual(['store.start', 'prober.stop', 'store.stop']);
		expect(out()).toContain('\u001B[?1049l');
	});

	it('creates no store or prober when q comes before the kubeconfig loaded, and leaves the screen', async () => {
		fakes.quitPending = true;
		const {io, out} = terminal();
		await expect(runInspector(io, async () => loaded, options)).resolves.toBe(0);
		expect(fakes.calls).toEqual([]);
		expect(out().split('\u001B[?1049l')).toHaveLength(2);
	});

	it('leaves the screen, then says in one line why the kubeconfig is unusable (exit 2)', async () => {
		const {io, out, err} = terminal();
		await expect(runInspector(io, async () => ({usageError: 'context "nope" is not in the kubeconfig'}), options)).resolves.toBe(2);
		expect(err()).toBe('netinspect: context "nope" is not in the kubeconfig\n');
		expect(out()).toContain('\u001B[?1049l');
		expect(fakes.calls).toEqual([]);
	});

	it('gives up on a cleanup that hangs, says how to clean up, and gives the terminal back', async () => {
		fakes.proberStop = async () => new Promise<void>(() => undefined);
		const {io, out, err} = terminal();
		await expect(runInspector(io, async () => loaded, options, {cleanupTimeoutMs: 50})).resolves.toBe(0);
		expect(err()).toContain('run `netinspect cleanup`');
		expect(out()).toContain('\u001B[?1049l');
	});

	it('a debug pod whose delete was denied is named after the screen is back, with how to remove it, and exits 1', async () => {
		fakes.leftBehind = [{pod: {namespace: 'default', name: 'ni-debug-w2-abc'}, cause: 'pods "ni-debug-w2-abc" is forbidden'}];
		const {io, out, err} = terminal();
		await expect(runInspector(io, async () => loaded, options)).resolves.toBe(1);
		expect(err()).toBe(
			'netinspect: debug pod default/ni-debug-w2-abc was not deleted: pods "ni-debug-w2-abc" is forbidden\n' +
				'netinspect:   remove it with: netinspect cleanup -n default --context ctx\n' +
				'netinspect:              or: kubectl delete pod -n default ni-debug-w2-abc --context ctx\n',
		);
		expect(out().split('\u001B[?1049l')).toHaveLength(2);
	});
});
