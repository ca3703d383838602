/** Which tone a verdict, a node or a pod status gets. */
import type {Outcome, Verdict} from '../net/types.js';
import type {Tone} from './table.js';

const outcomeTones: Readonly<Record<Outcome, Tone>> = {
	'local-address': 'ok',
	'local-pod': 'ok',
	'tunnel-to-node': 'ok',
	'direct-to-node': 'ok',
	'via-gateway': 'ok',
	'on-link': 'ok',
	'cni-datapath': 'ok',
	'via-default': 'warn',
	blackhole: 'bad',
	unreachable: 'bad',
	prohibit: 'bad',
	'no-route': 'bad',
};

export function verdictTone(verdict: Verdict): Tone {
	const tone = outcomeTones[verdict.outcome];
	return tone === 'ok' && verdict.problems.length > 0 ? 'warn' : tone;
}

export function podStatusTone(status: string): Tone {
	if (status === 'Running' || status === 'Completed' || status === 'Succeeded') {
		return status === 'Running' ? 'ok' : 'dim';
	}
	if (status === 'Pending' || status === 'ContainerCreating' || status === 'Terminating' || status === 'PodInitializing') {
		return 'warn';
	}
	return 'bad';
}
