/** `netinspect routes` end to end against the seed lab (real debug pod, exec, verdicts), and --local. */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {AnalysisJson} from '../../source/commands/analysis-output.js';
import {command} from '../../source/commands/routes.js';
import {liveDebugPods, startTestLab, type TestLab} from '../kube/lab-helper.js';
import {captureIo} from './io-capture.js';
import {missingToolsReason} from '../helpers/system-tools.js';

let testLab: TestLab;

beforeAll(async () => {
	testLab = await startTestLab();
});

afterAll(async () => {
	await testLab?.stop();
});

const ourPods = (): string[] => liveDebugPods(testLab.cluster);

describe('netinspect routes NODE (lab)', () => {
	it('prints the verdicts of networking-worker2 as analyze JSON and deletes its pod', async () => {
		const io = captureIo(['networking-worker2', '--json', '--kubeconfig', testLab.lab.kubeconfigPath]);
		const code = await command.run(io);
		expect(io.err()).not.toMatch(/fix:/);
		expect(code).toBe(0);
		const json = JSON.parse(io.out()) as AnalysisJson;
		expect(Object.keys(json)).toEqual(['node', 'input', 'routes', 'interfaces', 'verdicts', 'warnings']);
		expect(json.node).toBe('networking-worker2');
		// BusyBox's `route -n`: the caveats are said once, for the input, and on no verdict.
		expect(json.input.caveats).toEqual(['main-table-only', 'degraded-input']);
		expect(json.input.formats).toEqual(['route-n', 'ip-addr-busybox']);
		expect(json.verdicts.flatMap(verdict => verdict.problems).filter(problem => json.input.caveats.includes(problem))).toEqual([]);
		// The control plane's InternalIP is on eth0's link: that node is the next hop.
		expect(json.verdicts.find(verdict => verdict.ip === '172.20.0.2')).toMatchObject({outcome: 'on-link', nextHopNode: 'networking-control-plane'});
		expect(json.routes).toContainEqual(expect.objectContaining({destination: '192.168.21.128/26', interface: 'tunl0'}));
		const local = json.verdicts.find(verdict => verdict.ip === '192.168.175.5');
		expect(local).toMatchObject({outcome: 'local-pod', interface: expect.stringMatching(/^cali/)});
		expect(local?.pod?.name).toMatch(/^hello-world-/);
		const remote = json.verdicts.find(verdict => verdict.ip.startsWith('192.168.21.'));
		expect(remote).toMatchObject({outcome: 'tunnel-to-node', interface: 'tunl0', nextHopNode: 'networking-worker3'});
		expect(io.err()).toContain('creating debug pod');
		expect(json.verdicts.some(verdict => verdict.pod?.name.startsWith('ni-debug-'))).toBe(false);
		expect(ourPods()).toEqual([]);
	});

	it('prints a table without --json', async () => {
		const io = captureIo(['networking-worker2', '--kubeconfig', testLab.lab.kubeconfigPath]);
		expect(await command.run(io)).toBe(0);
		expect(io.out()).toContain('192.168.175.5');
		expect(io.out()).toContain('tunl0');
		expect(ourPods()).toEqual([]);
	});

	it('a failed probe exits 1 with the cause and the fix, and leaves no pod', async () => {
		testLab.lab.faults.failImagePull('registry.invalid/*');
		const io = captureIo(['networking-worker', '--kubeconfig', testLab.lab.kubeconfigPath, '--image', 'registry.invalid/x:1']);
		expect(await command.run(io)).toBe(1);
		expect(io.err()).toMatch(/ErrImagePull|ImagePullBackOff/);
		expect(io.err()).toContain('fix:');
		expect(ourPods()).toEqual([]);
		testLab.lab.faults.failImagePull(null);
	});

	it('an unknown context exits 2 and lists the known ones; missing NODE is a usage error', async () => {
		const io = captureIo(['w', '--kubeconfig', testLab.lab.kubeconfigPath, '--context', 'nope']);
		expect(await command.run(io)).toBe(2);
		expect(io.err()).toContain('known: netinspect-lab');
		const none = captureIo([]);
		expect(await command.run(none)).toBe(2);
		expect(none.err()).toContain('which node?');
	});
});

describe('netinspect routes --local', () => {
	const unavailable = missingToolsReason('routes --local', ['ip']);
	it.skipIf(unavailable !== null)('reads this machine’s own tables', async () => {
		const io = captureIo(['--local', '--json', '--ip', '127.0.0.1']);
		expect(await command.run(io)).toBe(0);
		const json = JSON.parse(io.out()) as AnalysisJson;
		expect(json.interfaces.map(iface => iface.name)).toContain('lo');
		expect(json.verdicts).toContainEqual(expect.objectContaining({ip: '127.0.0.1', outcome: 'local-address'}));
	});
});
