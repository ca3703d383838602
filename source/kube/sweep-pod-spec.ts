/**
 * The sweep's one-shot pod: the debug pod's least-privilege spec (debug-pod-spec.ts), but instead of sleeping
 * for an exec it runs one short command per container and exits; the tables are read back through the logs
 * API. Commands every iproute2 and BusyBox image has, text output (parsed by content), so any image that has
 * `ip` works. Labelled as ours and this run's: one delete-collection by the run's label removes them all, and
 * `netinspect cleanup` finds any left behind. Pure.
 */
import {debugPodManifest, debugPodName, type DebugPodInput} from './debug-pod-spec.js';

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

export function sweepPodManifest(input: DebugPodInput): Record<string, unknown> {
	const manifest = debugPodManifest(input);
	const metadata = manifest['metadata'] as Record<string, unknown>;
	const spec = manifest['spec'] as Record<string, unknown>;
	const [template] = spec['containers'] as ReadonlyArray<Record<string, unknown>>;
	return {
		...manifest,
		metadata: {...metadata, name: sweepPodName(input.node, input.runId)},
		spec: {
			...spec,
			containers: Object.entries(sweepCommands).map(([name, command]) => ({...template, name, command: [...command]})),
		},
	};
}
