/** The lab's kernel port derives a node's kernel again only when what it is made of changed. */
import {describe, expect, it, vi} from 'vitest';
import {deriveNodeKernel} from '../../../source/lab/kernel/index.js';
import {createLabKernel, type KernelInput} from '../../../source/lab/state/kernel-port.js';
import {seedTopology} from '../../../source/lab/state/index.js';

vi.mock('../../../source/lab/kernel/index.js', async importOriginal => {
	const actual = await importOriginal<typeof import('../../../source/lab/kernel/index.js')>();
	return {...actual, deriveNodeKernel: vi.fn(actual.deriveNodeKernel)};
});

describe('createLabKernel', () => {
	it('reuses the kernel while node, node list, pods, faults and removed routes stay; derives again on any change', () => {
		const derive = vi.mocked(deriveNodeKernel);
		derive.mockClear();
		const topology = seedTopology();
		const input: KernelInput = {nodes: topology.nodes, pods: [], node: 'networking-worker2', removedRoutes: [], faults: {}};
		const kernel = createLabKernel();
		const first = kernel.run(input, ['route', '-n'], 'busybox:1.37.0');
		expect(kernel.run({...input}, ['route', '-n'], 'busybox:1.37.0')).toEqual(first);
		kernel.run({...input}, ['ip', 'addr'], 'busybox:1.37.0');
		expect(derive).toHaveBeenCalledTimes(1);
		const removed = kernel.run({...input, removedRoutes: ['0.0.0.0/0']}, ['route', '-n'], 'busybox:1.37.0');
		expect(derive).toHaveBeenCalledTimes(2);
		expect(removed.stdout).not.toBe(first.stdout);
		kernel.run({...input, faults: {}}, ['route', '-n'], 'busybox:1.37.0');
		kernel.run({...input, pods: []}, ['route', '-n'], 'busybox:1.37.0');
		kernel.run({...input, nodes: [...topology.nodes]}, ['route', '-n'], 'busybox:1.37.0');
		kernel.run({...input, node: 'networking-worker3'}, ['route', '-n'], 'busybox:1.37.0');
		expect(derive).toHaveBeenCalledTimes(6);
		// The last few are kept: worker3's is, the first one (five kernels ago) is not.
		kernel.run({...input, node: 'networking-worker3'}, ['ip', 'addr'], 'busybox:1.37.0');
		expect(derive).toHaveBeenCalledTimes(6);
		expect(kernel.run(input, ['route', '-n'], 'busybox:1.37.0')).toEqual(first);
		expect(derive).toHaveBeenCalledTimes(7);
	});
});
