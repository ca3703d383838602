/**
 * The Trace view, selected from the UI state, the cluster snapshot and the tables of the nodes the trace
 * holds: both ends resolved from the pods list (a deleted pod says so), traced with every table in, drawn as
 * `netinspect trace`'s picture (state/trace-picture.ts) and windowed by the routes pane's window (its
 * selection is the first line shown). It also names the nodes the trace needs, for the app to hold.
 */
import type {ClusterSnapshot, ProbeState} from '../kube/types.js';
import {buildClusterIndex} from '../net/cluster-index.js';
import {endpointFamily, resolveEndpoint} from '../net/trace-endpoint.js';
import {prepareTraceNetwork, trace, tunnelKind} from '../net/trace.js';
import type {Trace, TraceNode} from '../net/trace-types.js';
import {sanitizeLine} from '../text/sanitize.js';
import {formatAge, spinnerFrame} from './format.js';
import {computeLayout, paneChromeLines} from './layout.js';
import {memoLast} from './memo.js';
import type {Tone} from './table.js';
import {tracePictureLines, type PictureSegment} from './trace-picture.js';
import type {TraceUi} from './trace-ui.js';
import type {UiState} from './ui-state.js';

/** The tables the trace holds, by node name. */
export type TraceTableMap = ReadonlyMap<string, ProbeState>;

/** Both ends and a few nodes the path crosses: more is a loop or a mistake. */
export const maxTraceNodes = 4;

export type TraceSegment = {readonly text: string; readonly tone: Tone};
export type TraceLine = readonly TraceSegment[];

export type TraceView = {
	readonly title: string;
	readonly info: string;
	readonly focused: boolean;
	/** Exactly the lines shown (at most `height`). */
	readonly lines: readonly TraceLine[];
	readonly height: number;
	/** First lines the picture can start at: the routes window's row count while the view is up. */
	readonly scrollCount: number;
	/** Nodes whose tables the trace needs, ends first. */
	readonly nodes: readonly string[];
};

export type TraceInput = {
	readonly ui: UiState;
	readonly snapshot: ClusterSnapshot;
	readonly tables: TraceTableMap;
	readonly now: number;
};

type Showing = Extract<TraceUi, {stage: 'showing'}>;

type Traced = {
	readonly result: Trace | null;
	/** Why there is no trace (an end is gone, not scheduled, without an IP). */
	readonly error: string | null;
	readonly nodes: readonly string[];
};

/** The inspector's own debug pods (host network, `ni-debug-…`) are not part of any path. */
function isDebugPod(pod: ClusterSnapshot['pods'][number]): boolean {
	return pod.hostNetwork && pod.name.startsWith('ni-debug-');
}

function podSpec(key: string) {
	const at = key.indexOf('/');
	return {kind: 'pod', namespace: key.slice(0, at), name: key.slice(at + 1)} as const;
}

function unique(names: ReadonlyArray<string | null>): string[] {
	return [...new Set(names.filter((name): name is string => name !== null))];
}

/** A probe's tables as the trace reads them; rules and sysctls when the pool read them (else main table only). */
function traceNode(state: ProbeState): TraceNode {
	return {name: state.node, routes: state.routes, interfaces: state.interfaces, rules: state.policy?.rules ?? null, sysctls: state.policy?.sysctls ?? null};
}

function computeTrace(shown: Showing, pods: ClusterSnapshot['pods'], nodes: ClusterSnapshot['nodes'], tables: TraceTableMap): Traced {
	const cluster = buildClusterIndex(
		nodes.map(node => node.cluster),
		pods.filter(pod => !isDebugPod(pod)).map(pod => pod.cluster),
	);
	const source = resolveEndpoint(podSpec(shown.from), cluster);
	if (typeof source === 'string') return {result: null, error: source, nodes: []};
	const destination = resolveEndpoint(podSpec(shown.to), cluster, endpointFamily(source));
	if (typeof destination === 'string') return {result: null, error: destination, nodes: unique([source.node])};
	const ready = [...tables.values()].filter(state => state.refreshedAt !== null).map(state => traceNode(state));
	const result = trace(source, destination, prepareTraceNetwork(ready, cluster));
	const crossed = [...result.forward.hops, ...result.reverse.hops].flatMap(hop => [hop.node, hop.nextHopNode]);
	const known = unique([source.node, destination.node, ...crossed]).filter(name => cluster.node(name) !== null);
	return {result, error: null, nodes: known.slice(0, maxTraceNodes)};
}

const pictureTones: Readonly<Record<PictureSegment['tone'], Tone>> = {normal: 'normal', good: 'ok', bad: 'bad'};

function pictureLines(result: Trace, width: number, tables: TraceTableMap): TraceLine[] {
	const deviceKind = (node: string, device: string): string | null =>
		tunnelKind(
			tables.get(node)?.interfaces.find(entry => entry.name === device),
			device,
		);
	return tracePictureLines(result, {width, deviceKind}).map(line => line.map(segment => ({text: segment.text, tone: pictureTones[segment.tone]})));
}

/** One line per held node whose tables are not (or no longer) fresh: starting, failed, stale. */
function probeLines(nodes: readonly string[], tables: TraceTableMap, now: number): TraceLine[] {
	const lines: TraceLine[] = [];
	for (const node of nodes) {
		const state = tables.get(node);
		if (!state) {
			lines.push([{text: `${spinnerFrame(now)} ${node}: starting its probe…`, tone: 'dim'}]);
		} else if (state.failure) {
			const age = state.refreshedAt === null ? '' : ` (tables from ${formatAge(now - state.refreshedAt)} ago)`;
			lines.push([{text: sanitizeLine(`✗ ${node}: ${state.failure.message}${age}`, 300), tone: 'bad'}]);
			if (state.failure.fix) lines.push([{text: sanitizeLine(`  fix: ${state.failure.fix}`, 300), tone: 'dim'}]);
		} else if (state.refreshedAt === null) {
			lines.push([{text: sanitizeLine(`${spinnerFrame(now)} ${node}: ${state.message}`, 300), tone: 'dim'}]);
		}
	}
	return lines;
}

/** Lines the view has for the picture: the routes and interfaces panes' lines, less its own title. */
export function traceHeight(ui: UiState): number {
	const layout = computeLayout(ui.size);
	return layout.fits ? layout.rows.routes + layout.rows.interfaces + 2 * paneChromeLines - 1 : 0;
}

export function createTraceSelector(): (input: TraceInput) => TraceView | null {
	const traced = memoLast(computeTrace);
	const drawn = memoLast(pictureLines);
	return ({ui, snapshot, tables, now}) => {
		if (ui.trace?.stage !== 'showing') return null;
		const shown = ui.trace;
		const current = traced(shown, snapshot.pods, snapshot.nodes, tables);
		const width = Math.max(24, ui.size.columns - 1);
		const lines: TraceLine[] = [...probeLines(current.nodes, tables, now)];
		const waiting = current.nodes.some(node => tables.get(node)?.refreshedAt == null && !tables.get(node)?.failure);
		if (current.error !== null) {
			lines.push([{text: sanitizeLine(`✗ ${current.error}: no trace until it is back (esc closes)`, 300), tone: 'bad'}]);
		} else if (current.result && !waiting) {
			if (lines.length > 0) lines.push([]);
			lines.push(...drawn(current.result, width, tables));
		}
		const height = traceHeight(ui);
		const scrollCount = Math.max(1, lines.length - height + 1);
		const from = Math.min(ui.windows.routes.selected, scrollCount - 1);
		const refreshed = current.nodes.map(node => tables.get(node)?.refreshedAt ?? null);
		const oldest = refreshed.includes(null) || refreshed.length === 0 ? null : Math.min(...(refreshed as number[]));
		const info = [
			current.nodes.join(', ') || 'no nodes',
			oldest === null ? 'probing' : `refreshed ${formatAge(now - oldest)} ago`,
			...(scrollCount > 1 ? [`lines ${from + 1}-${Math.min(lines.length, from + height)}/${lines.length} (j/k)`] : []),
		];
		return {
			title: sanitizeLine(`Trace ${shown.from} → ${shown.to}`, 200),
			info: info.join(' · '),
			focused: ui.focus === 'routes' || ui.focus === 'interfaces',
			lines: lines.slice(from, from + height),
			height,
			scrollCount,
			nodes: current.nodes,
		};
	};
}
