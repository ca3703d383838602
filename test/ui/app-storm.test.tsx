/**
 * Store changes under an event storm: a snapshot that changes nothing on screen (pods out of view) draws no
 * frame; one that changes a row in view draws it. Ink runs in debug mode here, so every render is a frame.
 */
import {afterEach, describe, expect, it} from 'vitest';
import type {PodRow} from '../../source/kube/types.js';
import {createFakeProber} from './helpers/fake-prober.js';
import {createFakeStore} from './helpers/fake-store.js';
import {renderApp, type Rendered} from './helpers/render-app.js';
import {liveSnapshot, readyProbe, seedPodRows} from './helpers/seed-data.js';

let rendered: Rendered | null = null;
afterEach(() => {
	rendered?.instance.unmount();
	rendered = null;
});

/** Lets React run whatever a store notification scheduled (its scheduler runs on setImmediate in Node). */
async function settle(): Promise<void> {
	for (let turn = 0; turn < 3; turn++) {
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setImmediate(resolve);
		});
	}
}

const withStatus = (pods: readonly PodRow[], name: string, status: string): readonly PodRow[] =>
	pods.map(pod => (pod.name === name ? {...pod, status, restarts: pod.restarts + 1} : pod));

describe('App under a storm of store changes', () => {
	it('draws no frame for changes out of view, and draws the one that changes a row in view', async () => {
		const store = createFakeStore(liveSnapshot());
		rendered = renderApp({store, prober: createFakeProber(node => readyProbe({node}))});
		const app = rendered;
		await app.waitFor(frame => frame.includes('hello-world-7c64bd9f6b-tpnrz'));
		await settle();
		const before = app.stdout.frames.length;
		// kube-system is not shown without -A: ten changes there, each its own snapshot.
		let pods = seedPodRows;
		for (let version = 2; version < 12; version++) {
			pods = withStatus(pods, 'coredns-558bd4d5db-k4j7g', version % 2 === 0 ? 'Terminating' : 'Running');
			store.set(liveSnapshot({pods, version}));
			// eslint-disable-next-line no-await-in-loop
			await settle();
		}
		expect(app.stdout.frames.length).toBe(before);
		// A pod in view: one frame, and the rows drawn from the newest snapshot (the coredns change is in it).
		store.set(liveSnapshot({pods: withStatus(pods, 'hello-world-7c64bd9f6b-tpnrz', 'CrashLoopBackOff'), version: 12}));
		const frame = await app.waitFor(current => current.includes('CrashLoopBackOff'));
		expect(app.stdout.frames.length).toBe(before + 1);
		expect(frame.split('\n').find(line => line.includes('hello-world-7c64bd9f6b-tpnrz'))).toContain('CrashLoopBackOff');
	});
});
