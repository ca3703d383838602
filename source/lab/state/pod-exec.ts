/**
 * exec, attach and logs against the lab's containers: resolving the container (default-container
 * annotation, else the first), refusing finished or not-yet-running ones with the API server's wording,
 * and the exec faults (hang until the client goes away; truncate: half the stdout, then an error).
 */
import type {ExecRequest, KubeObject, LabCluster, Result, StatusError} from '../cluster-types.js';
import {sleepAbortable, waitForAbort} from './abortable-waits.js';
import type {ExecFault} from './faults.js';
import type {ObjectStore} from './object-store.js';
import type {PodCommands} from './pod-commands.js';
import {terminal} from './pod-phase.js';
import type {PodRecords} from './pod-records.js';
import type {PodRuntime} from './pod-runtime.js';
import {containersOf, defaultContainer, type ContainerSpec} from './pod-spec.js';
import {badRequest, internalError, notFound} from './status-errors.js';

export type PodExecDeps = {
	readonly store: ObjectStore;
	readonly records: PodRecords;
	readonly runInPod: PodCommands['runInPod'];
	/** Ends a container waiting for its attach (kubectl debug -it). */
	readonly finishContainer: (uid: string, name: string, exitCode: number) => void;
	/** The setExecFault fault, read per request. */
	readonly execFault: () => ExecFault | null;
};

export type PodExec = Pick<LabCluster, 'exec' | 'attach' | 'podLog'>;

type Target = {readonly pod: KubeObject; readonly runtime: PodRuntime; readonly container: ContainerSpec};

export function createPodExec({store, records, runInPod, finishContainer, execFault}: PodExecDeps): PodExec {
	const {runtimes} = records;
	const aborted: StatusError = internalError('the client went away before the command finished');
	const resolveTarget = (namespace: string, name: string, containerName: string | null): Result<Target> => {
		const pod = store.get('pods', namespace, name);
		const runtime = pod ? runtimes.get(pod.metadata.uid) : undefined;
		if (!pod || !runtime) return {ok: false, error: notFound('pods', name)};
		const wanted = containerName === null || containerName === '' ? defaultContainer(pod) : containerName;
		const container = containersOf(pod).find((candidate) => candidate.name === wanted);
		if (!container) return {ok: false, error: badRequest(`container ${wanted ?? ''} is not valid for pod ${name}`)};
		return {ok: true, value: {pod, runtime, container}};
	};
	const runningTarget = (request: Omit<ExecRequest, 'command'>, verb: 'exec' | 'attach'): Result<Target> => {
		const target = resolveTarget(request.namespace, request.pod, request.container);
		if (!target.ok) return target;
		const {runtime, container} = target.value;
		if (terminal(runtime)) {
			const action = verb === 'exec' ? 'exec into' : 'attach to';
			return {ok: false, error: badRequest(`cannot ${action} a container in a completed pod; current phase is ${runtime.phase}`)};
		}
		if (runtime.containers[container.name]?.state !== 'running') {
			return {ok: false, error: badRequest(`container not found ("${container.name}")`)};
		}
		return target;
	};
	const faultFor = (runtime: PodRuntime): ExecFault | null => {
		const fault = execFault();
		return fault && (fault.node === undefined || fault.node === runtime.node) ? fault : null;
	};

	return {
		async exec(request, io) {
			const target = runningTarget(request, 'exec');
			if (!target.ok) return target;
			const {pod, runtime, container} = target.value;
			const fault = faultFor(runtime);
			if (fault?.mode === 'hang') {
				await waitForAbort(io.signal);
				return {ok: false, error: aborted};
			}
			const output = runInPod(pod, runtime, request.command, container.image);
			if (fault?.mode === 'truncate') {
				io.stdout(output.stdout.slice(0, Math.floor(output.stdout.length / 2)));
				return {ok: false, error: internalError('error reading from error stream: the connection to the node was lost')};
			}
			if (output.stdout) io.stdout(output.stdout);
			if (output.stderr) io.stderr(output.stderr);
			if (output.sleepSeconds !== undefined && output.sleepSeconds > 0) {
				const finished = await sleepAbortable(output.sleepSeconds, io.signal);
				if (!finished) return {ok: false, error: aborted};
			}
			return {ok: true, value: {exitCode: output.exitCode}};
		},

		async attach(request, io) {
			const target = runningTarget(request, 'attach');
			if (!target.ok) return target;
			const {pod, container} = target.value;
			const uid = pod.metadata.uid;
			const program = records.programs.get(uid)?.get(container.name);
			if (program?.waitForAttach) {
				records.programs.get(uid)?.delete(container.name);
				if (program.output.stdout) io.stdout(program.output.stdout);
				if (program.output.stderr) io.stderr(program.output.stderr);
				finishContainer(uid, container.name, program.output.exitCode);
				return {ok: true, value: {exitCode: program.output.exitCode}};
			}
			await records.waitTermination(uid, io.signal);
			if (io.signal.aborted) return {ok: false, error: aborted};
			const state = runtimes.get(uid)?.containers[container.name];
			return {ok: true, value: {exitCode: state?.state === 'terminated' ? state.exitCode : 0}};
		},

		podLog(namespace, name, containerName) {
			const target = resolveTarget(namespace, name, containerName);
			if (!target.ok) return target;
			const {pod, runtime, container} = target.value;
			const state = runtime.containers[container.name];
			if (!state || state.state === 'waiting') {
				const reason = state?.state === 'waiting' ? state.reason : 'ContainerCreating';
				return {ok: false, error: badRequest(`container "${container.name}" in pod "${name}" is waiting to start: ${reason}`)};
			}
			return {ok: true, value: records.logs.get(pod.metadata.uid)?.get(container.name) ?? ''};
		},
	};
}
