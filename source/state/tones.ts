/** Which tone a verdict, a node or a pod status gets. */
import {inputProblems} from '../net/problems.js';
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

/** Input-wide problems: the routes pane says them once instead of marking every pod. */
export {inputProblems} from '../net/problems.js';

/** The problems of this one IP, without the input-wide ones. */
export function podProblems(verdict: Verdict): readonly string[] {
	return verdict.problems.filter(problem => !inputProblems.has(problem));
}

export function verdictTone(verdict: Verdict): Tone {
	const tone = outcomeTones[verdict.outcome];
	return tone === 'ok' && podProblems(verdict).length > 0 ? 'warn' : tone;
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
