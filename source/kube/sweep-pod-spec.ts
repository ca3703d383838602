/**
 * The sweep's one-shot pod: the debug pod's least-privilege spec (debug-pod-spec.ts), but instead of sleeping
 * for an exec it runs one short command per container and exits; the tables are read back through the logs
 * API. Commands every iproute2 and BusyBox image has, text output (parsed by content), so any image that has
 * `ip` works. Labelled as ours and this run's: one delete-collection by the run's label removes them all, and
 * `netinspect cleanup` finds any left behind. Pure.
 */
import {debugPodManifest, debugPodName, runSelector, type DebugPodInput} from './debug-pod-spec.js';

/**
 * Which batch of a run a sweep pod belongs to. A batch's pods are deleted with one delete-collection as soon as
 * every one of them has been read, so that finished pods (and their logs, a whole route table each) do not pile
 * up on a cluster of thousands of nodes until the run ends.
 */
export const batchLabel = 'netinspect.io/sweep-batch';

/** The pods of one batch of one run. */
export function batchSelector(runId: string, batch: number): string {
	return `${runSelector(runId)},${batchLabel}=${batch}`;
}

/** Container name → the command it runs. `route-n` is read only when `ip route` failed (an image without `ip`). */
export const sweepCommands: Readonly<Record<string, readonly string[]>> = {
	routes: ['ip', 'route', 'show', 'table', 'all'],
	routes6: ['ip', '-6', 'route', 'show', 'table', 'all'],
	addr: ['ip', 'addr'],
	'route-n': ['route', '-n'],
};

export function sweepPodName(node: string, runId: string): string {
	return debugPodName(node, runId).replace(/^ni-debug-/, 'ni-sweep-');
}

export function sweepPodManifest(input: DebugPodInput & {readonly batch: number}): Record<string, unknown> {
	const {batch, ...debugInput} = input;
	const manifest = debugPodManifest(debugInput);
	const metadata = manifest['metadata'] as Record<string, unknown>;
	const spec = manifest['spec'] as Record<string, unknown>;
	const [template] = spec['containers'] as ReadonlyArray<Record<string, unknown>>;
	return {
		...manifest,
		metadata: {...metadata, name: sweepPodName(input.node, input.runId), labels: {...(metadata['labels'] as Record<string, string>), [batchLabel]: String(batch)}},
		spec: {
			...spec,
			containers: Object.entries(sweepCommands).map(([name, command]) => ({...template, name, command: [...command]})),
		},
	};
}
