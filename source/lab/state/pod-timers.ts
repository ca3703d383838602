/**
 * Every timer the lab's lifecycle and controller run, grouped by pod uid so a pod's pending steps can be
 * cancelled together (delete, finish). Timers are unref'd: a forgotten lab never keeps Node alive.
 */
export type PodTimers = {
	/** Runs `run` after `ms` unless the pod's timers are cleared or the lab closed first. */
	readonly later: (uid: string, ms: number, run: () => void) => void;
	readonly clear: (uid: string) => void;
	readonly closed: () => boolean;
	/** Clears every timer; `later` does nothing from then on. */
	readonly close: () => void;
};

export function createPodTimers(): PodTimers {
	const podTimers = new Map<string, Set<NodeJS.Timeout>>();
	let closed = false;
	const clear = (uid: string): void => {
		for (const timer of podTimers.get(uid) ?? []) clearTimeout(timer);
		podTimers.delete(uid);
	};
	return {
		later(uid, ms, run) {
			if (closed) return;
			const timers = podTimers.get(uid) ?? new Set();
			podTimers.set(uid, timers);
			const timer = setTimeout(() => {
				timers.delete(timer);
				if (!closed) run();
			}, Math.max(0, ms));
			timer.unref();
			timers.add(timer);
		},
		clear,
		closed: () => closed,
		close() {
			closed = true;
			for (const uid of [...podTimers.keys()]) clear(uid);
		},
	};
}
