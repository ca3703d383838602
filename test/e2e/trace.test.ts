/** `netinspect trace` live against the seed lab: real debug pods on both nodes, exec, the trace, cleanup. */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {command} from '../../source/commands/trace.js';
import type {Trace} from '../../source/net/trace-types.js';
import {liveDebugPods, startTestLab, type TestLab} from '../kube/lab-helper.js';
import {captureIo} from './io-capture.js';

let testLab: TestLab;

beforeAll(async () => {
	testLab = await startTestLab();
});

afterAll(async () => {
	await testLab?.stop();
});

const ourPods = (): string[] => liveDebugPods(testLab.cluster);

/** The hello-world pod the lab runs on a node, as NS/POD, and its IP. */
function helloOn(node: string): {readonly ref: string; readonly ip: string} {
	const pod = testLab.cluster
		.list('pods', 'default')
		.items.find(item => item.metadata.name.startsWith('hello-world-') && (item.spec as {nodeName?: string}).nodeName === node);
	if (!pod) throw new Error(`no hello-world pod on ${node}`);
	return {ref: `default/${pod.metadata.name}`, ip: (pod.status as {podIP: string}).podIP};
}

async function traceJson(argv: readonly string[]): Promise<Trace> {
	const io = captureIo([...argv, '--json', '--kubeconfig', testLab.lab.kubeconfigPath]);
	const code = await command.run(io);
	expect(io.err()).not.toMatch(/fix:/);
	expect(code).toBe(0);
	return JSON.parse(io.out()) as Trace;
}

describe('netinspect trace (lab)', () => {
	it('worker2 → tunl0 → worker3 → the destination veth, delivered, and back through tunl0; no pod left', async () => {
		const source = helloOn('networking-worker2');
		const destination = helloOn('networking-worker3');
		const result = await traceJson([source.ref, destination.ref]);
		expect(result.forward.delivered).toBe(true);
		expect(result.forward.hops[0]).toMatchObject({node: 'networking-worker2', route: '192.168.21.128/26', gateway: '172.20.0.4', out: 'tunl0', nextHopNode: 'networking-worker3'});
		expect(result.forward.hops[1]).toMatchObject({node: 'networking-worker3', in: 'tunl0', outcome: 'local-pod', out: expect.stringMatching(/^cali/)});
		expect(result.reverse.delivered).toBe(true);
		expect(result.reverse.hops.map(hop => [hop.node, hop.out?.startsWith('cali') ? 'cali…' : hop.out])).toEqual([
			['networking-worker3', 'tunl0'],
			['networking-worker2', 'cali…'],
		]);
		expect(ourPods()).toEqual([]);
	});

	it('after the lab drops the destination’s host route: delivered false at worker3 with missing-host-route', async () => {
		const source = helloOn('networking-worker2');
		const destination = helloOn('networking-worker3');
		testLab.lab.faults.removeRoute('networking-worker3', `${destination.ip}/32`);
		try {
			const result = await traceJson([source.ref, destination.ref]);
			expect(result.forward.delivered).toBe(false);
			const last = result.forward.hops.at(-1)!;
			expect(last.node).toBe('networking-worker3');
			expect(last.problems).toContain('missing-host-route');
		} finally {
			testLab.lab.faults.restoreRoutes('networking-worker3');
		}
		expect(ourPods()).toEqual([]);
	});

	it('draws the picture and says what the image could not read', async () => {
		const io = captureIo([helloOn('networking-worker2').ref, helloOn('networking-worker3').ref, '--kubeconfig', testLab.lab.kubeconfigPath]);
		expect(await command.run(io)).toBe(0);
		expect(io.out()).toContain('tunl0');
		expect(io.out()).toContain('delivered');
		expect(io.err()).toContain('creating debug pod');
		expect(ourPods()).toEqual([]);
	});

	it('with an iproute2 image: every table and the rules as JSON; what the image lacks is a warning with its cause', async () => {
		const io = captureIo([helloOn('networking-worker2').ref, helloOn('networking-worker3').ref, '--json', '--image', 'nicolaka/netshoot:v0.13', '--kubeconfig', testLab.lab.kubeconfigPath]);
		expect(await command.run(io)).toBe(0);
		const result = JSON.parse(io.out()) as Trace & {warnings: Array<{source: string; text: string; reason: string}>};
		expect(result.forward.hops[0]).toMatchObject({rule: '32766: from all lookup main', table: 'main', out: 'tunl0'});
		expect(result.forward.delivered).toBe(true);
		// No route -n here: nothing is said about a main-table-only input.
		expect(io.err()).not.toContain('the main table only');
		for (const warning of result.warnings) expect(warning.source).toMatch(/^debug pod on networking-worker[23]$/);
		expect(ourPods()).toEqual([]);
	});

	it('reads a POD without NS/ in -n, and a node as node/NAME', async () => {
		const destination = helloOn('networking-worker3');
		const result = await traceJson(['coredns-558bd4d5db-k4j7g', destination.ref, '-n', 'kube-system']);
		expect(result.source).toMatchObject({pod: {namespace: 'kube-system', name: 'coredns-558bd4d5db-k4j7g'}, node: 'networking-worker2'});
		expect(result.forward.delivered).toBe(true);
		const toNode = await traceJson([destination.ref, 'node/networking-worker2']);
		expect(toNode.destination).toEqual({ip: '172.20.0.5', pod: null, node: 'networking-worker2'});
		expect(toNode.forward.hops.at(-1)).toMatchObject({node: 'networking-worker2', outcome: 'local-address'});
		expect(toNode.forward.delivered).toBe(true);
		expect(ourPods()).toEqual([]);
	});

	it('a failed probe exits 1 with the cause and the fix; an unknown pod exits 2', async () => {
		testLab.lab.faults.failImagePull('registry.invalid/*');
		const io = captureIo([helloOn('networking-worker2').ref, helloOn('networking-worker3').ref, '--kubeconfig', testLab.lab.kubeconfigPath, '--image', 'registry.invalid/x:1']);
		expect(await command.run(io)).toBe(1);
		expect(io.err()).toContain('fix:');
		testLab.lab.faults.failImagePull(null);
		expect(ourPods()).toEqual([]);
		const unknown = captureIo(['default/nope', helloOn('networking-worker3').ref, '--kubeconfig', testLab.lab.kubeconfigPath]);
		expect(await command.run(unknown)).toBe(2);
		expect(unknown.err()).toContain('SRC: pod default/nope not found');
	});
});
