/** Waiting for the pool's first tables: every node loaded, the first failure, a stopped pool, the bound. */
import {describe, expect, it} from 'vitest';
import {firstTables} from '../../source/kube/first-tables.js';
import type {ProbeState} from '../../source/kube/types.js';

/** A pool's read side over a map the test changes (getSnapshot and subscribe, as the pool has them). */
function fakePool(initial: ReadonlyArray<ProbeState>) {
	const states = new Map(initial.map(state => [state.node, state] as const));
	const listeners = new Set<() => void>();
	return {
		getSnapshot: (node: string) => states.get(node) ?? null,
		subscribe(listener: () => void) {
			listeners.add(listener);
			return () => {
				listeners.delete(listener);
			};
		},
		set(node: string, patch: Partial<ProbeState> | null) {
			if (patch === null) states.delete(node);
			else states.set(node, {...states.get(node)!, ...patch});
			for (const listener of [...listeners]) listener();
		},
		listeners,
	};
}

function starting(node: string): ProbeState {
	return {
		node,
		phase: 'preflight',
		message: `checking node ${node} and permissions`,
		failure: null,
		podName: null,
		image: 'busybox:1.37.0',
		routes: [],
		routeChanges: [],
		interfaces: [],
		warnings: [],
		refreshedAt: null,
		paused: false,
	};
}

const loaded = {phase: 'ready', message: '3 routes, 2 interfaces', refreshedAt: 1000} as const;

describe('firstTables', () => {
	it('waits for every node, hands each state change over once, and lets go of the pool', async () => {
		const pool = fakePool([starting('a'), starting('b')]);
		const seen: string[] = [];
		const waiting = firstTables(pool, ['a', 'b'], {boundMs: 60_000, onState: state => seen.push(`${state.node} ${state.phase}`)});
		pool.set('a', {phase: 'probing', podName: 'ni-debug-a'});
		pool.set('a', loaded);
		pool.set('b', loaded);
		const result = await waiting;
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect([...result.states.keys()]).toEqual(['a', 'b']);
		expect(result.states.get('a')?.podName).toBe('ni-debug-a');
		// b's state did not change while a's did: it is not handed over again.
		expect(seen).toEqual(['a preflight', 'b preflight', 'a probing', 'a ready', 'b ready']);
		expect(pool.listeners.size).toBe(0);
	});

	it('the first node that fails without tables ends the wait with its failure', async () => {
		const pool = fakePool([starting('a'), starting('b')]);
		const waiting = firstTables(pool, ['a', 'b'], {boundMs: 60_000});
		const failure = {reason: 'image-pull', message: 'ErrImagePull: nope', fix: 'pass --image'} as const;
		pool.set('b', {phase: 'failed', message: failure.message, failure});
		expect(await waiting).toEqual({ok: false, node: 'b', failure});
	});

	it('a pool that forgot the node (stopped on a signal) ends the wait as cancelled', async () => {
		const pool = fakePool([starting('a')]);
		const waiting = firstTables(pool, ['a'], {boundMs: 60_000});
		pool.set('a', null);
		expect(await waiting).toMatchObject({ok: false, node: 'a', failure: {message: 'cancelled'}});
	});

	it('past the bound, the node still without tables fails with timeout and the step it was at', async () => {
		const pool = fakePool([{...starting('a'), ...loaded}, {...starting('b'), phase: 'pulling', message: 'ContainerCreating: pulling busybox:1.37.0'}]);
		const result = await firstTables(pool, ['a', 'b'], {boundMs: 0});
		expect(result).toMatchObject({ok: false, node: 'b', failure: {reason: 'timeout', message: 'no tables after 0 s (last: ContainerCreating: pulling busybox:1.37.0)'}});
		expect(pool.listeners.size).toBe(0);
	});

	it('no nodes: nothing to wait for', async () => {
		expect(await firstTables(fakePool([]), [], {boundMs: 0})).toEqual({ok: true, states: new Map()});
	});
});
