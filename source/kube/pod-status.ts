/**
 * A pod's READY, STATUS and RESTARTS as `kubectl get pods` prints them, following kubectl 1.32's
 * `printPod` (pkg/printers/internalversion/printers.go): waiting/terminated reasons, `Init:…`,
 * `Completed` turned back into `Running`/`NotReady`, `Terminating`, `Unknown` for NodeLost. Pure.
 */
import {bool, integer, list, optionalRecord, record, text, type JsonRecord} from './json-fields.js';

export type PodStatusColumns = {
	readonly status: string;
	/** `ready/total` containers. */
	readonly ready: string;
	readonly restarts: number;
};

function isRestartable(container: JsonRecord | undefined): boolean {
	return container !== undefined && container['restartPolicy'] === 'Always';
}

function hasTrueCondition(status: JsonRecord, type: string): boolean {
	return list(status['conditions']).some(condition => {
		const entry = record(condition);
		return entry['type'] === type && entry['status'] === 'True';
	});
}

function terminatedReason(terminated: JsonRecord, prefix: string): string {
	const reason = text(terminated['reason']);
	if (reason) return `${prefix}${reason}`;
	const signal = integer(terminated['signal']) ?? 0;
	if (signal !== 0) return `${prefix}Signal:${signal}`;
	return `${prefix}ExitCode:${integer(terminated['exitCode']) ?? 0}`;
}

export function podStatusColumns(pod: unknown): PodStatusColumns {
	const object = record(pod);
	const metadata = record(object['metadata']);
	const spec = record(object['spec']);
	const status = record(object['status']);
	const phase = text(status['phase']) ?? '';
	let reason = text(status['reason']) || phase;
	for (const condition of list(status['conditions'])) {
		const entry = record(condition);
		if (entry['type'] === 'PodScheduled' && entry['reason'] === 'SchedulingGated') reason = 'SchedulingGated';
	}

	const initSpecs = new Map<string, JsonRecord>();
	const specInit = list(spec['initContainers']).map(record);
	let total = list(spec['containers']).length;
	for (const container of specInit) {
		const name = typeof container['name'] === 'string' ? container['name'] : '';
		initSpecs.set(name, container);
		if (isRestartable(container)) total++;
	}

	let restarts = 0;
	let restartableInitRestarts = 0;
	let readyCount = 0;
	let initializing = false;
	const initStatuses = list(status['initContainerStatuses']).map(record);
	for (const [index, container] of initStatuses.entries()) {
		const count = integer(container['restartCount']) ?? 0;
		restarts += count;
		const containerSpec = initSpecs.get(typeof container['name'] === 'string' ? container['name'] : '');
		if (isRestartable(containerSpec)) restartableInitRestarts += count;
		const state = record(container['state']);
		const terminated = optionalRecord(state['terminated']);
		const waiting = optionalRecord(state['waiting']);
		if (terminated && (integer(terminated['exitCode']) ?? 0) === 0) continue;
		if (isRestartable(containerSpec) && bool(container['started'])) {
			if (bool(container['ready'])) readyCount++;
			continue;
		}
		if (terminated) {
			reason = terminatedReason(terminated, 'Init:');
		} else if (waiting && text(waiting['reason']) && waiting['reason'] !== 'PodInitializing') {
			reason = `Init:${text(waiting['reason'])}`;
		} else {
			reason = `Init:${index}/${specInit.length}`;
		}
		initializing = true;
		break;
	}

	if (!initializing || hasTrueCondition(status, 'Initialized')) {
		restarts = restartableInitRestarts;
		let hasRunning = false;
		const statuses = list(status['containerStatuses']).map(record);
		for (let index = statuses.length - 1; index >= 0; index--) {
			const container = statuses[index]!;
			restarts += integer(container['restartCount']) ?? 0;
			const state = record(container['state']);
			const waiting = optionalRecord(state['waiting']);
			const terminated = optionalRecord(state['terminated']);
			if (waiting && text(waiting['reason'])) {
				reason = text(waiting['reason'])!;
			} else if (terminated) {
				reason = terminatedReason(terminated, '');
			} else if (bool(container['ready']) && optionalRecord(state['running']) !== null) {
				hasRunning = true;
				readyCount++;
			}
		}
		if (reason === 'Completed' && hasRunning) {
			reason = hasTrueCondition(status, 'Ready') ? 'Running' : 'NotReady';
		}
	}

	const deleting = metadata['deletionTimestamp'] !== undefined && metadata['deletionTimestamp'] !== null;
	if (deleting && status['reason'] === 'NodeLost') {
		reason = 'Unknown';
	} else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') {
		reason = 'Terminating';
	}
	return {status: reason || 'Unknown', ready: `${readyCount}/${total}`, restarts};
}
