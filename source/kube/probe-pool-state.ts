/**
 * The probe pool's decisions, pure (Elm style: `reduce(state, event) → {state, commands}`): one debug pod per
 * node, shared by every holder of that node (the inspector's selected node, both ends of a trace, a sweep);
 * at most `maxStarting` pods starting at once (the rest wait in a queue); each held node refreshed on its own
 * schedule, never two probes of one node at once; backoff after failures; a failed refresh after a first
 * load keeps the tables, marked with the cause; a node nobody holds keeps its pod for `releaseGraceMs`
 * (switching back and forth does not churn pods), then its pod is deleted. No timers, no sockets: the runner
 * (probe-pool.ts) does the commands and turns their outcomes into events; the one timer it keeps is the
 * `wake` command, sent with every reduce.
 */
import {backoffDelay, type BackoffPolicy} from './backoff.js';
import type {PodRef} from './cleanup.js';
import {plainEqual} from './plain-equal.js';
import type {NodeTables, ProbeTools} from './probe.js';
import type {PolicyTables} from './probe-policy.js';
import {diffRoutes, expireRemoved, sameRoutesDiff, type RemovedRoute} from './route-diff.js';
import {sanitizeText} from '../text/sanitize.js';
import type {ProbeFailure, ProbePhase, ProbeState} from './types.js';

export type PoolConfig = {
	readonly image: string;
	readonly refreshMs: number;
	/** How long removed routes stay marked. */
	readonly removedKeepMs: number;
	/** How long a node nobody holds keeps its pod. */
	readonly releaseGraceMs: number;
	/** Most debug pods starting at once. */
	readonly maxStarting: number;
	readonly retry: BackoffPolicy;
};

/**
 * queued: needs a pod, waits for a start slot; starting: a pod is being started; probing: its tables are being
 * read; waiting: nothing runs, the next refresh (or retry) is at `dueAt` (null: only when asked).
 */
export type NodeStage = 'queued' | 'starting' | 'probing' | 'waiting';

export type PoolNode = {
	readonly node: string;
	readonly stage: NodeStage;
	/** Id of the start or probe in flight: outcomes of any other are stale. */
	readonly attempt: number;
	readonly pod: PodRef | null;
	/** A pod given up after a failed exec (it may be found again by the next start): deleted if not reused. */
	readonly lostPod: PodRef | null;
	readonly tools: ProbeTools | null;
	/** Consecutive failures (for backoff). */
	readonly failures: number;
	readonly dueAt: number | null;
	/** A refresh was asked while one ran: run another when it ends. */
	readonly pending: boolean;
	/** Nobody holds it since then (null: held). */
	readonly releasedAt: number | null;
	readonly removed: readonly RemovedRoute[];
	/** The last tables read, as shown (the kept objects) with the outputs they came from: the next probe's `previous`. */
	readonly read: NodeTables | null;
	readonly view: ProbeState;
};

export type Holder = {readonly nodes: readonly string[]; readonly paused: boolean};

export type PoolState = {
	readonly config: PoolConfig;
	readonly nodes: ReadonlyMap<string, PoolNode>;
	readonly holders: ReadonlyMap<string, Holder>;
	/** Nodes waiting for a start slot, first come first served. */
	readonly queue: readonly string[];
	readonly nextAttempt: number;
	readonly stopped: boolean;
};

export type PoolEvent =
	/** The holder now holds exactly these nodes (the ones it held before and not now are released). */
	| {readonly type: 'acquire'; readonly holder: string; readonly nodes: readonly string[]; readonly now: number}
	| {readonly type: 'release'; readonly holder: string; readonly now: number}
	/** Refresh the holder's nodes now (also when paused or failed for good), resetting the backoff. */
	| {readonly type: 'refresh'; readonly holder: string; readonly now: number}
	| {readonly type: 'pause'; readonly holder: string; readonly paused: boolean; readonly now: number}
	| {readonly type: 'pod-progress'; readonly node: string; readonly attempt: number; readonly phase: ProbePhase; readonly message: string}
	| {readonly type: 'pod-started'; readonly node: string; readonly attempt: number; readonly pod: PodRef; readonly now: number}
	| {readonly type: 'pod-failed'; readonly node: string; readonly attempt: number; readonly failure: ProbeFailure; readonly now: number}
	| {
			readonly type: 'probe-result';
			readonly node: string;
			readonly attempt: number;
			readonly tables: NodeTables;
			/** Rules and sysctls, when the pool reads them. */
			readonly policy?: PolicyTables;
			readonly now: number;
	  }
	| {readonly type: 'probe-failed'; readonly node: string; readonly attempt: number; readonly failure: ProbeFailure; readonly now: number}
	| {readonly type: 'tick'; readonly now: number}
	/** Everything goes: in-flight work cancelled, every pod deleted; later outcomes only delete pods. */
	| {readonly type: 'stop'};

export type PoolCommand =
	| {readonly type: 'start-pod'; readonly node: string; readonly attempt: number}
	| {
			readonly type: 'probe';
			readonly node: string;
			readonly attempt: number;
			readonly pod: PodRef;
			readonly tools: ProbeTools | null;
			/** The last read, when it knows its outputs: returned as is when they did not change. */
			readonly previous?: NodeTables;
	  }
	| {readonly type: 'cancel'; readonly node: string; readonly attempt: number}
	| {readonly type: 'delete-pod'; readonly pod: PodRef}
	/** When to send the next tick (null: no timer needed). */
	| {readonly type: 'wake'; readonly at: number | null};

export type PoolStep = {readonly state: PoolState; readonly commands: readonly PoolCommand[]};

/** Failures a retry cannot fix: they wait for the user (refresh) instead of backing off. */
const permanentReasons: ReadonlySet<ProbeFailure['reason']> = new Set(['admission', 'forbidden', 'image-pull', 'command-missing', 'node-not-ready']);

export function initialPoolState(config: PoolConfig): PoolState {
	return {config, nodes: new Map(), holders: new Map(), queue: [], nextAttempt: 1, stopped: false};
}

/** Mutable scratch for one reduce: copies of the maps, the commands said so far. */
type Draft = {
	readonly config: PoolConfig;
	readonly nodes: Map<string, PoolNode>;
	readonly holders: Map<string, Holder>;
	queue: string[];
	nextAttempt: number;
	stopped: boolean;
	readonly commands: PoolCommand[];
};

function draftOf(state: PoolState): Draft {
	return {
		config: state.config,
		nodes: new Map(state.nodes),
		holders: new Map(state.holders),
		queue: [...state.queue],
		nextAttempt: state.nextAttempt,
		stopped: state.stopped,
		commands: [],
	};
}

function samePod(a: PodRef | null, b: PodRef | null): boolean {
	return a !== null && b !== null && a.namespace === b.namespace && a.name === b.name;
}

/** Holders of `node` (in holder order). */
function holdersOf(holders: ReadonlyMap<string, Holder>, node: string): readonly Holder[] {
	return [...holders.values()].filter(holder => holder.nodes.includes(node));
}

/** A node refreshes on its own only while some holder of it is not paused. */
function isPaused(holders: ReadonlyMap<string, Holder>, node: string): boolean {
	const of = holdersOf(holders, node);
	return of.length > 0 && of.every(holder => holder.paused);
}

/** The nodes some unpaused holder holds, in one pass (a sweep holds every node). */
function liveNodes(holders: ReadonlyMap<string, Holder>): ReadonlySet<string> {
	const live = new Set<string>();
	for (const holder of holders.values()) {
		if (!holder.paused) for (const node of holder.nodes) live.add(node);
	}
	return live;
}

function setView(entry: PoolNode, patch: Partial<ProbeState>): PoolNode {
	const changed = (Object.keys(patch) as (keyof ProbeState)[]).some(key => !Object.is(patch[key], entry.view[key]));
	return changed ? {...entry, view: {...entry.view, ...patch}} : entry;
}

function put(draft: Draft, entry: PoolNode): PoolNode {
	draft.nodes.set(entry.node, entry);
	return entry;
}

function freshView(config: PoolConfig, node: string, paused: boolean): ProbeState {
	return {
		node: sanitizeText(node),
		phase: 'preflight',
		message: 'starting',
		failure: null,
		podName: null,
		image: sanitizeText(config.image),
		routes: [],
		routeChanges: [],
		interfaces: [],
		warnings: [],
		refreshedAt: null,
		paused,
	};
}

function newNode(draft: Draft, node: string): PoolNode {
	return {
		node,
		stage: 'queued',
		attempt: 0,
		pod: null,
		lostPod: null,
		tools: null,
		failures: 0,
		dueAt: null,
		pending: false,
		releasedAt: null,
		removed: [],
		read: null,
		view: freshView(draft.config, node, isPaused(draft.holders, node)),
	};
}

/** Reads the tables now: through the pod when there is one, else after starting one (queued). */
function beginRefresh(draft: Draft, entry: PoolNode): PoolNode {
	if (!entry.pod) {
		if (!draft.queue.includes(entry.node)) draft.queue.push(entry.node);
		return put(draft, {...entry, stage: 'queued', dueAt: null, pending: false});
	}
	const attempt = draft.nextAttempt++;
	const previous = entry.read?.outputs === undefined ? {} : {previous: entry.read};
	draft.commands.push({type: 'probe', node: entry.node, attempt, pod: entry.pod, tools: entry.tools, ...previous});
	let next: PoolNode = {...entry, stage: 'probing', attempt, dueAt: null, pending: false};
	if (next.view.refreshedAt === null) next = setView(next, {phase: 'probing', message: `reading tables of ${sanitizeText(entry.node)}`});
	return put(draft, next);
}

/** Asked to refresh: now when idle, right after the current run otherwise. */
function requestRefresh(draft: Draft, entry: PoolNode): void {
	if (entry.stage === 'waiting') beginRefresh(draft, {...entry, failures: 0});
	else if (entry.stage !== 'queued') put(draft, {...entry, failures: 0, pending: true});
}

/** What a run that just ended leaves: another run when one was asked meanwhile, else wait until `dueAt`. */
function afterRun(draft: Draft, entry: PoolNode, dueAt: number | null): void {
	if (entry.pending && entry.releasedAt === null) beginRefresh(draft, entry);
	else put(draft, {...entry, stage: 'waiting', dueAt, pending: false});
}

function fail(draft: Draft, entry: PoolNode, failure: ProbeFailure, keepPod: boolean, now: number): void {
	const failures = entry.failures + 1;
	let {pod, lostPod} = entry;
	if (!keepPod && pod) {
		if (lostPod && !samePod(lostPod, pod)) draft.commands.push({type: 'delete-pod', pod: lostPod});
		lostPod = pod;
		pod = null;
	}
	const hasTables = entry.view.refreshedAt !== null;
	const next = setView({...entry, failures, pod, lostPod}, {
		phase: hasTables ? 'ready' : 'failed',
		message: hasTables ? `refresh failed: ${failure.message}` : failure.message,
		failure,
	});
	const retry = !permanentReasons.has(failure.reason) || hasTables;
	afterRun(draft, next, retry ? now + backoffDelay(failures, draft.config.retry) : null);
}

function succeed(draft: Draft, entry: PoolNode, tables: NodeTables, policy: PolicyTables | undefined, now: number): void {
	const {config} = draft;
	const loaded = entry.view.refreshedAt === null ? null : entry.view;
	// An unchanged table keeps its objects: verdicts memoised on them are not judged again each refresh.
	const routes = loaded && plainEqual(loaded.routes, tables.routes) ? loaded.routes : tables.routes;
	const interfaces = loaded && plainEqual(loaded.interfaces, tables.interfaces) ? loaded.interfaces : tables.interfaces;
	const warnings = loaded && plainEqual(loaded.warnings, tables.warnings) ? loaded.warnings : tables.warnings;
	// The same table (most refreshes): no diff to work out, only removed rows to expire.
	const diff =
		loaded !== null && routes === loaded.routes
			? sameRoutesDiff(routes, loaded.routeChanges, entry.removed, now, config.removedKeepMs)
			: diffRoutes(loaded?.routes ?? null, routes, entry.removed, now, config.removedKeepMs);
	const samePolicy = loaded?.policy !== undefined && plainEqual(loaded.policy, policy);
	const read = tables.outputs === undefined ? null : {...tables, routes, interfaces, warnings};
	const next = setView({...entry, tools: tables.tools, failures: 0, removed: diff.removed, read}, {
		phase: 'ready',
		message: `${routes.length} routes, ${interfaces.length} interfaces`,
		failure: null,
		routes,
		routeChanges: diff.changes,
		interfaces,
		warnings,
		refreshedAt: now,
		...(policy === undefined ? {} : {policy: samePolicy ? loaded?.policy : policy}),
	});
	afterRun(draft, next, now + config.refreshMs);
}

/** Forgets a node: its work cancelled, its pods deleted. */
function drop(draft: Draft, entry: PoolNode): void {
	if (entry.stage === 'starting' || entry.stage === 'probing') draft.commands.push({type: 'cancel', node: entry.node, attempt: entry.attempt});
	for (const pod of [entry.pod, entry.lostPod]) {
		if (pod) draft.commands.push({type: 'delete-pod', pod});
	}
	draft.nodes.delete(entry.node);
	draft.queue = draft.queue.filter(node => node !== entry.node);
}

function refreshPaused(draft: Draft, nodes: readonly string[]): void {
	for (const node of nodes) {
		const entry = draft.nodes.get(node);
		if (entry) put(draft, setView(entry, {paused: isPaused(draft.holders, node)}));
	}
}

function acquire(draft: Draft, holderName: string, wanted: readonly string[], now: number): void {
	const before = draft.holders.get(holderName);
	const nodes = [...new Set(wanted)];
	draft.holders.set(holderName, {nodes, paused: before?.paused ?? false});
	for (const node of nodes) {
		const entry = draft.nodes.get(node);
		if (!entry) {
			put(draft, newNode(draft, node));
			draft.queue.push(node);
		} else if (entry.releasedAt !== null) {
			// Back within the grace: the pod is still there; its tables are read again at once.
			const held = put(draft, {...entry, releasedAt: null});
			if (held.stage === 'waiting') beginRefresh(draft, held);
		}
	}
	for (const node of before?.nodes ?? []) {
		const entry = draft.nodes.get(node);
		if (entry && !nodes.includes(node) && holdersOf(draft.holders, node).length === 0) put(draft, {...entry, releasedAt: now});
	}
	refreshPaused(draft, [...nodes, ...(before?.nodes ?? [])]);
}

function outcomeFor(draft: Draft, node: string, attempt: number, stage: NodeStage): PoolNode | null {
	const entry = draft.nodes.get(node);
	return entry && entry.attempt === attempt && entry.stage === stage ? entry : null;
}

function apply(draft: Draft, event: PoolEvent): void {
	switch (event.type) {
		case 'acquire': {
			acquire(draft, event.holder, event.nodes, event.now);
			break;
		}
		case 'release': {
			const held = draft.holders.get(event.holder)?.nodes ?? [];
			acquire(draft, event.holder, [], event.now);
			draft.holders.delete(event.holder);
			refreshPaused(draft, held);
			break;
		}
		case 'refresh': {
			for (const node of draft.holders.get(event.holder)?.nodes ?? []) {
				const entry = draft.nodes.get(node);
				if (entry) requestRefresh(draft, entry);
			}
			break;
		}
		case 'pause': {
			const holder = draft.holders.get(event.holder) ?? {nodes: [], paused: false};
			draft.holders.set(event.holder, {...holder, paused: event.paused});
			refreshPaused(draft, holder.nodes);
			if (!event.paused) {
				// Live again: what waits is read now.
				for (const node of holder.nodes) {
					const entry = draft.nodes.get(node);
					if (entry?.stage === 'waiting' && entry.releasedAt === null) put(draft, {...entry, dueAt: event.now});
				}
			}
			break;
		}
		case 'pod-progress': {
			const entry = outcomeFor(draft, event.node, event.attempt, 'starting');
			if (entry) put(draft, setView(entry, {phase: event.phase, message: event.message}));
			break;
		}
		case 'pod-started': {
			const entry = outcomeFor(draft, event.node, event.attempt, 'starting');
			if (!entry) {
				// Started for a node let go of meanwhile (or after stop): nobody will use it.
				const current = draft.nodes.get(event.node);
				if (!current || (!samePod(current.pod, event.pod) && !samePod(current.lostPod, event.pod))) {
					draft.commands.push({type: 'delete-pod', pod: event.pod});
				}
				break;
			}
			if (entry.lostPod && !samePod(entry.lostPod, event.pod)) draft.commands.push({type: 'delete-pod', pod: entry.lostPod});
			const started = setView({...entry, pod: event.pod, lostPod: null}, {podName: event.pod.name});
			beginRefresh(draft, {...started, pending: false});
			break;
		}
		case 'pod-failed': {
			const entry = outcomeFor(draft, event.node, event.attempt, 'starting');
			if (entry) fail(draft, entry, event.failure, false, event.now);
			break;
		}
		case 'probe-result': {
			const entry = outcomeFor(draft, event.node, event.attempt, 'probing');
			if (entry) succeed(draft, entry, event.tables, event.policy, event.now);
			break;
		}
		case 'probe-failed': {
			const entry = outcomeFor(draft, event.node, event.attempt, 'probing');
			// A pod that is gone (TTL, eviction) shows as an exec failure: check it again next time.
			if (entry) fail(draft, entry, event.failure, event.failure.reason === 'command-missing', event.now);
			break;
		}
		case 'tick': {
			break;
		}
		case 'stop': {
			draft.stopped = true;
			for (const entry of [...draft.nodes.values()]) drop(draft, entry);
			draft.holders.clear();
			break;
		}
	}
}

/** What time alone changes: graces that ran out, refreshes and retries due, removed rows that expire, free start slots. */
function advance(draft: Draft, now: number): void {
	const {config} = draft;
	const live = liveNodes(draft.holders);
	for (const entry of [...draft.nodes.values()]) {
		if (entry.releasedAt !== null && now >= entry.releasedAt + config.releaseGraceMs) {
			drop(draft, entry);
			continue;
		}
		let current = entry;
		if (current.removed.some(row => now - row.removedAt >= config.removedKeepMs)) {
			const removed = expireRemoved(current.removed, now, config.removedKeepMs);
			const kept = new Set(removed.map(row => row.route));
			const routeChanges = current.view.routeChanges.filter(row => row.change !== 'removed' || kept.has(row.route));
			current = put(draft, setView({...current, removed}, {routeChanges}));
		}
		if (
			current.stage === 'waiting' &&
			current.dueAt !== null &&
			current.dueAt <= now &&
			current.releasedAt === null &&
			live.has(current.node)
		) {
			beginRefresh(draft, current);
		}
	}
	let starting = [...draft.nodes.values()].filter(entry => entry.stage === 'starting').length;
	for (const node of [...draft.queue]) {
		if (starting >= config.maxStarting) break;
		const entry = draft.nodes.get(node);
		if (!entry || entry.releasedAt !== null) continue;
		const attempt = draft.nextAttempt++;
		draft.queue = draft.queue.filter(queued => queued !== node);
		draft.commands.push({type: 'start-pod', node, attempt});
		put(draft, {...entry, stage: 'starting', attempt});
		starting++;
	}
	// Not the place in line: that changes at every start, and would redraw every waiting node each time.
	const message = `waiting for a start slot (at most ${config.maxStarting} debug ${config.maxStarting === 1 ? 'pod' : 'pods'} start at once)`;
	for (const node of draft.queue) {
		const entry = draft.nodes.get(node);
		if (entry && entry.releasedAt === null && entry.view.phase === 'preflight' && entry.view.message !== message) {
			put(draft, setView(entry, {message}));
		}
	}
}

/** The next moment something is due (null: nothing until an event). */
export function nextWakeAt(state: PoolState): number | null {
	if (state.stopped) return null;
	const {config} = state;
	const live = liveNodes(state.holders);
	let next = Number.POSITIVE_INFINITY;
	for (const entry of state.nodes.values()) {
		if (entry.releasedAt !== null) next = Math.min(next, entry.releasedAt + config.releaseGraceMs);
		else if (entry.stage === 'waiting' && entry.dueAt !== null && live.has(entry.node)) next = Math.min(next, entry.dueAt);
		for (const row of entry.removed) next = Math.min(next, row.removedAt + config.removedKeepMs);
	}
	return Number.isFinite(next) ? next : null;
}

export function reduce(state: PoolState, event: PoolEvent): PoolStep {
	if (state.stopped && event.type !== 'pod-started') return {state, commands: [{type: 'wake', at: null}]};
	const draft = draftOf(state);
	apply(draft, event);
	if (!draft.stopped && 'now' in event) advance(draft, event.now);
	const next: PoolState = {
		config: draft.config,
		nodes: draft.nodes,
		holders: draft.holders,
		queue: draft.queue,
		nextAttempt: draft.nextAttempt,
		stopped: draft.stopped,
	};
	return {state: next, commands: [...draft.commands, {type: 'wake', at: nextWakeAt(next)}]};
}
