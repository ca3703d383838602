/**
 * The one-shot pool of `routes NODE` and `trace` against the seed lab: the stderr steps as `routes` has always
 * printed them, the node's name before them for several nodes, a second read that reuses the first node's pod,
 * a failure with its cause, and no pod left after cleanup.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startCommandPool, type CommandPool} from '../../source/commands/command-pool.js';
import {liveDebugPods, startTestLab, type TestLab} from '../kube/lab-helper.js';

let testLab: TestLab;

beforeAll(async () => {
	testLab = await startTestLab();
});

afterAll(async () => {
	await testLab?.stop();
});

const ourPods = () => liveDebugPods(testLab.cluster);

function commandPool(options: {readonly image?: string; readonly nameNodes?: boolean; readonly readPolicy?: boolean} = {}): {readonly probes: CommandPool; readonly lines: string[]} {
	const lines: string[] = [];
	const probes = startCommandPool({
		loaded: testLab.config,
		image: options.image ?? 'busybox:1.37.0',
		debugNamespace: 'default',
		timeoutMs: 10_000,
		...options,
		say: text => lines.push(text),
		stderr: {write: (text: string) => lines.push(text)},
	});
	return {probes, lines};
}

describe('startCommandPool (lab)', () => {
	it('one node: the steps routes prints, from the node check to the pod its tables are read through', async () => {
		const {probes, lines} = commandPool();
		try {
			const read = await probes.read(['networking-worker2']);
			expect(read.ok).toBe(true);
			if (!read.ok) return;
			const state = read.states.get('networking-worker2')!;
			expect(state.routes.map(route => route.destination)).toContain('192.168.21.128/26');
			expect(state.policy).toBeUndefined();
			expect(lines[0]).toBe('checking node networking-worker2 and permissions');
			expect(lines[1]).toBe('creating debug pod (busybox:1.37.0)');
			expect(lines.slice(-2)).toEqual(['running on networking-worker2', `reading tables through default/${state.podName}`]);
			expect(probes.isOwnPod({namespace: 'default', name: state.podName!})).toBe(true);
			expect(probes.isOwnPod({namespace: 'kube-system', name: state.podName!})).toBe(false);
			expect(ourPods()).toEqual([state.podName]);
		} finally {
			await probes.cleanup();
			probes.dispose();
		}
		expect(probes.leftPods()).toBe(false);
		expect(ourPods()).toEqual([]);
	});

	it('several nodes with the policy: each line names its node; a second read keeps the first node and its pod', async () => {
		const {probes, lines} = commandPool({nameNodes: true, readPolicy: true});
		try {
			const first = await probes.read(['networking-worker2']);
			expect(first.ok).toBe(true);
			const second = await probes.read(['networking-worker3']);
			expect(second.ok).toBe(true);
			if (!first.ok || !second.ok) return;
			const worker3 = second.states.get('networking-worker3')!;
			expect(worker3.policy?.rules).not.toBeNull();
			expect(lines).toContain(`networking-worker3: reading tables through default/${worker3.podName}`);
			expect(lines.every(line => /^networking-worker[23]: /.test(line))).toBe(true);
			// Both pods live until cleanup: the second acquire did not let worker2 go.
			expect(ourPods().sort()).toEqual([first.states.get('networking-worker2')!.podName, worker3.podName].sort());
		} finally {
			await probes.cleanup();
			probes.dispose();
		}
		expect(ourPods()).toEqual([]);
	});

	it('a pod that cannot start: the wait ends with its cause and the fix, and cleanup leaves nothing', async () => {
		testLab.lab.faults.failImagePull('registry.invalid/*');
		const {probes} = commandPool({image: 'registry.invalid/x:1'});
		try {
			const read = await probes.read(['networking-worker']);
			expect(read).toMatchObject({ok: false, node: 'networking-worker', failure: {reason: 'image-pull', message: expect.stringMatching(/ErrImagePull|ImagePullBackOff/)}});
		} finally {
			await probes.cleanup();
			probes.dispose();
			testLab.lab.faults.failImagePull(null);
		}
		expect(ourPods()).toEqual([]);
	});
});
