/** `netinspect sweep` end to end against the seed lab: real one-shot pods, logs, watch, delete-collection. */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {command} from '../../source/commands/sweep.js';
import {liveDebugPods, startTestLab, type TestLab} from '../kube/lab-helper.js';
import {captureIo} from './io-capture.js';

type SweepJson = {
	readonly nodes: ReadonlyArray<{readonly name: string; readonly probed: boolean; readonly error: string | null; readonly cni: string | null; readonly problems: readonly string[]}>;
	readonly problems: ReadonlyArray<{readonly kind: string; readonly node: string; readonly route: string | null; readonly block: string | null; readonly toNode: string | null; readonly podCount: number; readonly pods: ReadonlyArray<{readonly name: string}>}>;
	readonly summary: {readonly nodes: number; readonly probed: number; readonly failed: number; readonly problems: number; readonly apiCalls: number; readonly apiCallsPerNode: number};
};

let testLab: TestLab;

beforeAll(async () => {
	testLab = await startTestLab();
});

afterAll(async () => {
	await testLab?.stop();
});

const ourPods = (): string[] => liveDebugPods(testLab.cluster);

async function sweep(...extra: string[]): Promise<{code: number; out: string; err: string}> {
	const io = captureIo(['--kubeconfig', testLab.lab.kubeconfigPath, ...extra]);
	const code = await command.run(io);
	return {code, out: io.out(), err: io.err()};
}

describe('netinspect sweep (lab)', () => {
	it('finds nothing wrong with the seed cluster, in a few API calls per node, and leaves no pod', async () => {
		const {code, out, err} = await sweep('--json');
		expect(err).toBe('');
		expect(code).toBe(0);
		const json = JSON.parse(out) as SweepJson;
		expect(json.problems).toEqual([]);
		expect(json.nodes.map(node => [node.name, node.probed, node.cni])).toEqual([
			['networking-control-plane', true, 'calico-ipip'],
			['networking-worker', true, 'calico-ipip'],
			['networking-worker2', true, 'calico-ipip'],
			['networking-worker3', true, 'calico-ipip'],
		]);
		expect(json.summary).toMatchObject({nodes: 4, probed: 4, failed: 0, problems: 0});
		expect(json.summary.apiCallsPerNode).toBeLessThanOrEqual(5);
		expect(ourPods()).toEqual([]);
	});

	it('a route the lab removed on one node is that node\'s missing-route, naming the pods it strands', async () => {
		testLab.lab.faults.removeRoute('networking-worker2', '192.168.21.128/26');
		try {
			const {code, out} = await sweep('--json');
			expect(code).toBe(0);
			const json = JSON.parse(out) as SweepJson;
			expect(json.problems.map(problem => [problem.kind, problem.node, problem.route, problem.block, problem.toNode])).toEqual([
				['missing-route', 'networking-worker2', '0.0.0.0/0', '192.168.21.128/26', 'networking-worker3'],
			]);
			expect(json.problems[0]!.pods.map(pod => pod.name).some(name => name.startsWith('hello-world-'))).toBe(true);
			expect(json.nodes.find(node => node.name === 'networking-worker2')?.problems).toEqual(['missing-route']);
			const text = await sweep();
			expect(text.out).toContain('✗ missing-route on networking-worker2');
			expect(text.out).toContain('expected  a route to networking-worker3');
		} finally {
			testLab.lab.faults.restoreRoutes('networking-worker2');
		}
		expect(ourPods()).toEqual([]);
	});

	it('-l picks the nodes; a node whose probe cannot start is reported, and too few probed exits 1', async () => {
		testLab.lab.faults.failImagePull('registry.invalid/*');
		try {
			const {code, out, err} = await sweep('--json', '-l', 'node-role.kubernetes.io/control-plane', '--image', 'registry.invalid/x:1');
			expect(code).toBe(1);
			const json = JSON.parse(out) as SweepJson;
			expect(json.nodes).toEqual([expect.objectContaining({name: 'networking-control-plane', probed: false, error: expect.stringMatching(/ErrImagePull|ImagePullBackOff/)})]);
			expect(err).toContain('only 0 of 1 nodes could be probed');
		} finally {
			testLab.lab.faults.failImagePull(null);
		}
		expect(ourPods()).toEqual([]);
	});

	it('without list on pods cluster-wide it says so, with the fix, and exits 1 before creating anything', async () => {
		testLab.lab.faults.denyVerb({verb: 'list', resource: 'pods', namespace: null});
		try {
			const {code, out, err} = await sweep('--json');
			expect(code).toBe(1);
			expect(out).toBe('');
			expect(err).toMatch(/^netinspect sweep: cannot list nodes and pods: not allowed to list nodes and pods: .*forbidden/m);
			expect(err).toContain('fix: the sweep needs cluster-wide list on nodes and pods');
		} finally {
			testLab.lab.faults.clearHttpFaults();
		}
		expect(ourPods()).toEqual([]);
	});

	it.each([
		[['NODE'], 'unexpected argument "NODE"'],
		[['--concurrency', '0'], '--concurrency needs a positive number'],
		[['--qps', '-1'], '--qps needs a positive number'],
		[['-l', ' '], '-l needs a label selector'],
		[['--report', ''], '--report needs a'],
	])('bad arguments %j exit 2 with one line', async (argv, message) => {
		const io = captureIo(argv);
		expect(await command.run(io)).toBe(2);
		expect(io.err().trim().split('\n')).toHaveLength(1);
		expect(io.err()).toMatch(new RegExp(`^netinspect sweep: ${message.replaceAll(/[-[\]]/g, '\\$&')}`));
	});
});

describe('netinspect sweep killed with -9 mid-sweep (lab)', () => {
	it('leaves its pods, labelled as ours, and netinspect cleanup removes every one', async () => {
		const {spawn} = await import('node:child_process');
		const {command: cleanup} = await import('../../source/commands/cleanup.js');
		const slow = await startTestLab({imagePullDelayMs: 60_000});
		try {
			const child = spawn(process.execPath, ['--import', 'tsx', 'source/cli.ts', 'sweep', '--kubeconfig', slow.lab.kubeconfigPath, '--json'], {
				cwd: new URL('../..', import.meta.url).pathname,
				stdio: 'ignore',
			});
			const swept = () => liveDebugPods(slow.cluster);
			await new Promise<void>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error('no sweep pod appeared')), 20_000);
				const check = () => {
					if (swept().length >= 4) {
						clearTimeout(timer);
						unsubscribe();
						resolve();
					}
				};
				const unsubscribe = slow.cluster.subscribe(check);
				check();
			});
			const exited = new Promise(resolve => child.once('exit', resolve));
			child.kill('SIGKILL');
			await exited;
			expect(swept().map(name => name.startsWith('ni-sweep-'))).toEqual([true, true, true, true]);
			const io = captureIo(['--kubeconfig', slow.lab.kubeconfigPath]);
			expect(await cleanup.run(io)).toBe(0);
			expect(swept()).toEqual([]);
		} finally {
			await slow.stop();
		}
	}, 60_000);
});
