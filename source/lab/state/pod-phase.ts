/** A pod's phase from its container states, as the kubelet derives it. */
import type {ContainerState, PodRuntime} from './pod-runtime.js';

/** Succeeded or Failed: nothing runs any more and nothing will. */
export function terminal(runtime: PodRuntime): boolean {
	return runtime.phase === 'Succeeded' || runtime.phase === 'Failed';
}

/** Pending until one runs; Succeeded once all terminated with exit 0, Failed once all terminated otherwise. */
export function phaseOf(containers: Readonly<Record<string, ContainerState>>): PodRuntime['phase'] {
	const states = Object.values(containers);
	if (states.some((state) => state.state !== 'terminated')) return states.some((state) => state.state === 'running') ? 'Running' : 'Pending';
	return states.every((state) => state.state === 'terminated' && state.exitCode === 0) ? 'Succeeded' : 'Failed';
}
