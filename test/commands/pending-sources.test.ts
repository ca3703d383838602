/**
 * pending-sources.ts: the deferred prober keeps what the keys asked before the real prober exists (Enter on a
 * node while client-node loads) and hands it over in order; what comes after the hand-over is not kept.
 */
import {describe, expect, it} from 'vitest';
import {deferredProber, pendingProber} from '../../source/commands/pending-sources.js';
import type {NodeProber} from '../../source/kube/types.js';

function recordingProber(calls: string[]): NodeProber {
	return {
		...pendingProber,
		inspect: node => calls.push(`inspect ${node}`),
		refreshNow: () => calls.push('refresh'),
		setPaused: paused => calls.push(`paused ${paused}`),
	};
}

describe('deferredProber', () => {
	it('replays the calls made before the hand-over, in order, and keeps none after it', () => {
		const waiting = deferredProber();
		waiting.inspect('networking-worker2');
		waiting.setPaused(true);
		waiting.refreshNow();
		expect(waiting.getSnapshot()).toBeNull();
		const calls: string[] = [];
		waiting.handOver(recordingProber(calls));
		expect(calls).toEqual(['inspect networking-worker2', 'paused true', 'refresh']);
		waiting.inspect('networking-worker3');
		const later: string[] = [];
		waiting.handOver(recordingProber(later));
		expect(later).toEqual([]);
		expect(calls).toHaveLength(3);
	});
});
