/** Sweep problems as net/sweep.ts reports them, for the tests of the inspector's sweep views. */
import type {SweepProblem} from '../../source/net/sweep.js';

/** worker2 without its route to worker3's block: the default route takes worker3's pods. */
export const missingRouteProblem: SweepProblem = {
	kind: 'missing-route',
	node: 'networking-worker2',
	route: '0.0.0.0/0',
	block: '192.168.21.128/26',
	toNode: 'networking-worker3',
	pods: [{namespace: 'default', name: 'hello-world-7c64bd9f6b-lmhxb', node: 'networking-worker3'}],
	podCount: 1,
	expected: 'a route to networking-worker3',
	actual: 'default via 172.20.0.1 dev eth0 (the default route)',
};
