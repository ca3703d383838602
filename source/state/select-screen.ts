/**
 * Everything the panes draw, from the UI state and the data (cluster snapshot, probe state): the visible
 * rows only, column widths, highlights, titles. Expensive parts (verdicts, filtering) are memoised by
 * input identity, so a render that changes nothing but the selection recomputes only the visible rows.
 */
import {idleSweep, type SweepSnapshot} from '../kube/sweep-snapshot.js';
import type {ClusterSnapshot, ListProgress, ProbeState} from '../kube/types.js';
import {sanitizeText} from '../text/sanitize.js';
import {detectCni} from '../net/cni-detect.js';
import {describePath} from '../net/describe-path.js';
import type {ClusterNode, ClusterPod, Interface, Route, Verdict} from '../net/types.js';
import {formatAge, spinnerFrame} from './format.js';
import type {Selection} from './interpret-key.js';
import {computeLayout, type TerminalSize} from './layout.js';
import {memoLast} from './memo.js';
import {paneOrder, type PaneId} from './panes.js';
import {routeKey} from './route-key.js';
import {stableList} from './stable-list.js';
import {filterInterfaces, interfaceColumns, interfaceRow} from './select-interfaces.js';
import {filterNodes, nodeColumns, nodeColumnsWithProblems, nodeRow, podsPerNode} from './select-nodes.js';
import {problemColumns, problemItems, problemRow, problemsCell, sweepHeader} from './select-problems.js';
import {problemRows} from './sweep-ui.js';
import {createPodFilter, podColumns, podKey, podRow} from './select-pods.js';
import {filterRoutes, routeColumns, routeEntries, routeRow, type RouteEntry} from './select-routes.js';
import {createVerdictSelector, type Judge, type VerdictIndex} from './select-verdicts.js';
import {inputProblems} from './tones.js';
import {fitColumns, type Column, type Row, type Tone} from './table.js';
import type {UiState} from './ui-state.js';
import type {ListWindow} from './window.js';

export type NoticeLine = {readonly text: string; readonly tone: Tone};

export type PaneView = {
	readonly pane: PaneId;
	/** Instead of the pane's name (the Problems view). */
	readonly title?: string;
	readonly focused: boolean;
	/** Right of the pane's name in its title line (counts, node, refresh, …). */
	readonly info: string;
	readonly filter: string;
	readonly columns: readonly Column[];
	readonly widths: readonly number[];
	/** Only the visible rows. */
	readonly rows: readonly Row[];
	/** Index into `rows` of the selected row, or -1. */
	readonly selected: number;
	/** Shown instead of rows (probe phases, failures, empty lists). */
	readonly notice: readonly NoticeLine[];
	/** Row slots the pane has. */
	readonly height: number;
};

export type ConnectionView = {readonly text: string; readonly tone: Tone};

export type HeaderView = {
	readonly context: string;
	readonly cluster: string;
	readonly namespace: string;
	readonly nodes: number;
	readonly pods: number;
	readonly cni: string;
	readonly connection: ConnectionView;
	/** The sweep's progress or outcome, null before the first sweep. */
	readonly sweep?: ConnectionView | null;
};

export type ScreenView =
	| {readonly fits: false; readonly size: TerminalSize; readonly needed: TerminalSize}
	| {
			readonly fits: true;
			readonly header: HeaderView;
			readonly panes: Readonly<Record<PaneId, PaneView>>;
			/** Filtered row counts, for the reducer's windows. */
			readonly counts: Readonly<Record<PaneId, number>>;
			readonly selection: Selection;
			/** The sweep's Problems view (drawn instead of the panes while open) and its row count. */
			readonly problems: PaneView;
			readonly problemCount: number;
	  };

export type ScreenInput = {
	readonly ui: UiState;
	readonly snapshot: ClusterSnapshot;
	readonly probe: ProbeState | null;
	readonly now: number;
	/** The inspector's sweep (absent: no sweep source). */
	readonly sweep?: SweepSnapshot;
};

export type ScreenOptions = {
	readonly judge: Judge;
	readonly context: string;
	readonly cluster: string;
	readonly refreshSeconds: number;
};

/** Column width a pane's table may use: the terminal minus the mark column and its gap. */
function tableWidth(columns: number): number {
	return Math.max(10, columns - 2);
}

function connectionView(snapshot: ClusterSnapshot, now: number): ConnectionView {
	const {status, since, attempts, error} = snapshot.connection;
	const age = formatAge(now - since);
	const cause = error === null ? '' : ` · ${sanitizeText(error)}`;
	switch (status) {
		case 'live': {
			return {text: `● live ${age}`, tone: 'ok'};
		}
		case 'connecting': {
			return {text: `◌ connecting${cause}`, tone: 'warn'};
		}
		case 'reconnecting': {
			return {text: `◌ reconnecting ${age}${attempts > 0 ? ` (try ${attempts})` : ''}${cause}`, tone: 'warn'};
		}
		case 'stale': {
			return {text: `✕ stale ${age}${cause}`, tone: 'bad'};
		}
	}
}

/** An empty list before the API answered: why it has not (the cause and a fix), or that it is waiting. */
function apiNotice(snapshot: ClusterSnapshot, whenLive: NoticeLine): readonly NoticeLine[] {
	const {status, error, fix} = snapshot.connection;
	if (status === 'live') return [whenLive];
	if (error === null) return [{text: 'waiting for the API…', tone: 'dim'}];
	return [
		{text: `✕ ${sanitizeText(error)}`, tone: 'bad'},
		...(fix === null ? [] : [{text: `fix: ${sanitizeText(fix)}`, tone: 'warn' as const}]),
	];
}

/** What RBAC hides in this pane (`⚠ derived from pods: needs list,watch on nodes`), or ''. */
function limitInfo(snapshot: ClusterSnapshot, scope: 'nodes' | 'pods'): string {
	return snapshot.limits
		.filter(limit => limit.scope === scope)
		.map(limit => ` · ⚠ ${sanitizeText(limit.shown)}: needs ${sanitizeText(limit.needs)}`)
		.join('');
}

/** A LIST still paging: ` · loading 12,000 of 150,000…`, or ''. */
function loadingInfo(progress: ListProgress | null): string {
	if (progress === null) return '';
	const loaded = progress.loaded.toLocaleString('en-US');
	return progress.remaining === null ? ` · loading ${loaded}…` : ` · loading ${loaded} of ${(progress.loaded + progress.remaining).toLocaleString('en-US')}…`;
}

/** An empty pane that RBAC limits: the whole hint (what is hidden, how to get the permission). */
function limitNotice(snapshot: ClusterSnapshot, scope: 'nodes' | 'pods'): readonly NoticeLine[] {
	return snapshot.limits.filter(limit => limit.scope === scope).map(limit => ({text: `⚠ ${sanitizeText(limit.hint)}`, tone: 'warn'}));
}

/**
 * Tables on screen from an earlier refresh while the last one failed: say so, with the cause and the key that
 * retries, or null. (A failure before any table shows in the pane itself.)
 */
export function staleNotice(probe: ProbeState | null): string | null {
	if (probe === null || probe.refreshedAt === null || probe.failure === null) return null;
	return `✕ stale, refresh failed: ${probe.failure.message} (r retries)`;
}

function probeNotice(ui: UiState, probe: ProbeState | null, now: number, what: string): readonly NoticeLine[] {
	if (ui.inspectedNode === null) {
		return [{text: 'Enter on a node to inspect its routes and interfaces', tone: 'dim'}];
	}
	if (probe === null || probe.node !== ui.inspectedNode) {
		return [{text: `${spinnerFrame(now)} starting the probe of ${ui.inspectedNode}`, tone: 'warn'}];
	}
	if (probe.phase === 'failed' && probe.failure) {
		return [
			{text: `✕ ${probe.failure.reason}: ${probe.failure.message}`, tone: 'bad'},
			{text: `fix: ${probe.failure.fix}${probe.failure.fix ? ' · ' : ''}r retries`, tone: 'warn'},
		];
	}
	if (probe.refreshedAt === null) {
		return [{text: `${spinnerFrame(now)} ${probe.phase}${probe.message ? `: ${probe.message}` : ''}`, tone: 'warn'}];
	}
	return [{text: `no ${what}`, tone: 'dim'}];
}

/**
 * The visible slice: the reducer's window, kept on the selection; a pane without the focus also scrolls to
 * show its first highlighted row (the selected pod's route, the focused route's pods), as that is why it lit.
 */
function visible<T>(
	items: readonly T[],
	window: ListWindow,
	height: number,
	reveal: number,
): {readonly slice: readonly T[]; readonly from: number; readonly selected: number} {
	const count = items.length;
	const selected = count === 0 ? -1 : Math.min(window.selected, count - 1);
	let from = Math.min(window.visibleFromIndex, Math.max(0, count - height));
	if (selected >= 0 && selected < from) {
		from = selected;
	}
	if (selected >= from + height) {
		from = selected - height + 1;
	}
	if (reveal >= 0 && (reveal < from || reveal >= from + height)) {
		from = Math.max(0, Math.min(reveal - Math.floor(height / 2), count - height));
	}
	return {slice: items.slice(from, from + height), from, selected: selected < 0 ? -1 : selected - from};
}

/**
 * Whether the node and pod panes would show the same for either probe state: they read whether it was ever
 * refreshed, not when, so a refresh that read the same tables (only `refreshedAt` moved) reuses both panes.
 */
function sameForLists(a: ProbeState | null, b: ProbeState | null): boolean {
	if (a === b) return true;
	if (a === null || b === null || (a.refreshedAt === null) !== (b.refreshedAt === null)) return false;
	const keys = Object.keys(a) as (keyof ProbeState)[];
	return keys.length === Object.keys(b).length && keys.every(key => key === 'refreshedAt' || Object.is(a[key], b[key]));
}

export function createScreenSelector(options: ScreenOptions): (input: ScreenInput) => ScreenView {
	const verdictSelector = createVerdictSelector(options.judge);
	const clusterNodes = memoLast((nodes: ClusterSnapshot['nodes']) => nodes.map(node => node.cluster));
	// What the judge reads of each pod; the same array (and so no new judgement) while that stays the same.
	const sameClusterPod = (a: ClusterPod, b: ClusterPod): boolean =>
		a.name === b.name &&
		a.namespace === b.namespace &&
		a.node === b.node &&
		a.hostNetwork === b.hostNetwork &&
		a.phase === b.phase &&
		a.ips.length === b.ips.length &&
		a.ips.every((ip, index) => ip === b.ips[index]);
	const clusterPods = memoLast(stableList((pod: ClusterSnapshot['pods'][number]) => pod.cluster, sameClusterPod));
	const podCounts = memoLast(podsPerNode);
	const podsByKey = memoLast((pods: ClusterSnapshot['pods']) => new Map(pods.map(pod => [podKey(pod), pod])));
	const nodesFiltered = memoLast(filterNodes);
	const filterPods = createPodFilter();
	const podsFiltered = memoLast((pods: ClusterSnapshot['pods'], allNamespaces: boolean, namespace: string, filter: string) =>
		filterPods(pods, {allNamespaces, namespace, filter}),
	);
	const entries = memoLast(routeEntries);
	const routesFiltered = memoLast(filterRoutes);
	const interfacesFiltered = memoLast(filterInterfaces);
	// From node annotations alone at first, then from the inspected node's devices and routes.
	const cni = memoLast((nodes: readonly ClusterNode[], interfaces: readonly Interface[], routes: readonly Route[]) => {
		const found = detectCni(interfaces, routes, nodes);
		return found === 'unknown' ? 'CNI ?' : `CNI ${found}`;
	});
	let lastLists: {
		readonly ui: UiState;
		readonly snapshot: ClusterSnapshot;
		readonly probe: ProbeState | null;
		readonly sweep: SweepSnapshot;
		readonly nodes: PaneView;
		readonly pods: PaneView;
	} | null = null;
	const noRoutes: readonly Route[] = [];
	const noInterfaces: readonly Interface[] = [];
	const problemList = memoLast(problemItems);

	return ({ui, snapshot, probe, now, sweep: sweepInput}) => {
		const sweep = sweepInput ?? idleSweep;
		const layout = computeLayout(ui.size);
		if (!layout.fits) {
			return {fits: false, size: ui.size, needed: layout.needed};
		}
		const nodes = clusterNodes(snapshot.nodes);
		const pods = clusterPods(snapshot.pods);
		const inspected = ui.inspectedNode === null ? undefined : snapshot.nodes.find(node => node.name === ui.inspectedNode);
		const probeHere = probe !== null && probe.node === ui.inspectedNode ? probe : null;
		const judged = inspected !== undefined && probeHere !== null && probeHere.refreshedAt !== null;
		// A node inspected, its tables not here yet: build what the judging needs of the cluster meanwhile.
		if (inspected !== undefined && !judged) options.judge.prepare?.(nodes, pods);
		const verdicts: VerdictIndex = verdictSelector.select(
			judged ? {node: inspected.cluster, routes: probeHere.routes, interfaces: probeHere.interfaces, nodes, pods} : null,
		);
		const width = tableWidth(ui.size.columns);

		// Filtered lists (memoised) and what is selected in each.
		const nodeList = nodesFiltered(snapshot.nodes, ui.filters.nodes);
		const podList = podsFiltered(snapshot.pods, ui.allNamespaces, ui.namespace, ui.filters.pods);
		const routeList = routesFiltered(entries(probeHere), ui.filters.routes, verdicts, snapshot.nodes);
		const interfaceList = interfacesFiltered(probeHere?.interfaces ?? noInterfaces, ui.filters.interfaces, verdicts);
		const selectedNode = nodeList[Math.min(ui.windows.nodes.selected, nodeList.length - 1)];
		const selectedPod = podList[Math.min(ui.windows.pods.selected, podList.length - 1)];
		const selectedRoute = routeList[Math.min(ui.windows.routes.selected, routeList.length - 1)];

		// Highlights: the active pod's route and interface; the focused route's pods and interface.
		const activePodKey = ui.pathPod ?? (ui.focus === 'pods' && selectedPod ? podKey(selectedPod) : null);
		// The selected row usually is the active pod; else a key index built once per pod list, not a scan per render.
		const activePod =
			activePodKey === null
				? undefined
				: selectedPod && podKey(selectedPod) === activePodKey
					? selectedPod
					: podsByKey(snapshot.pods).get(activePodKey);
		const activeVerdict: Verdict | undefined = activePod?.ips.map(ip => verdicts.byIp.get(ip)).find(verdict => verdict !== undefined);
		const focusedRoute: RouteEntry | undefined = ui.focus === 'routes' ? selectedRoute : undefined;
		// A route pinned from the Problems view (by destination, on its node) unless a pod's path is pinned.
		const pinned = ui.sweep.pinned !== null && ui.sweep.pinned.node === ui.inspectedNode ? ui.sweep.pinned.route : null;
		const pinnedEntry = pinned === null || ui.pathPod !== null ? undefined : routeList.find(entry => entry.change !== 'removed' && entry.route.destination === pinned);
		const highlightedRoute = pinnedEntry ? routeKey(pinnedEntry.route) : activeVerdict?.route ? routeKey(activeVerdict.route) : null;
		const highlightedInterface = focusedRoute ? focusedRoute.route.interface : (activeVerdict?.interface ?? null);
		const servedIps = new Set(focusedRoute ? (verdicts.byRoute.get(routeKey(focusedRoute.route)) ?? []).map(verdict => verdict.ip) : []);

		// Enter on a pod pins it (▸ in the list): its whole path in one line, in the pods pane's title.
		const pinnedPath =
			ui.pathPod !== null && activePod && activeVerdict
				? ` · ▸ ${activeVerdict.ip} via ${activeVerdict.route?.destination ?? 'no route'} → ${sanitizeText(describePath(activeVerdict))}`
				: '';
		const panes = {} as Record<PaneId, PaneView>;
		const make = <T>(
			pane: PaneId,
			list: readonly T[],
			columns: readonly Column[],
			toRow: (item: T) => Row,
			info: string,
			notice: readonly NoticeLine[],
			highlighted: ((item: T) => boolean) | null = null,
		): void => {
			const height = layout.rows[pane];
			const reveal = highlighted !== null && ui.focus !== pane ? list.findIndex(item => highlighted(item)) : -1;
			const {slice, selected} = visible(list, ui.windows[pane], height, reveal);
			const rows = slice.map(item => toRow(item));
			panes[pane] = {
				pane,
				focused: ui.focus === pane,
				info,
				filter: ui.filters[pane],
				columns,
				widths: fitColumns(columns, rows, width),
				rows,
				selected,
				notice: list.length === 0 ? notice : [],
				height,
			};
		};

		const namespaceText = ui.allNamespaces ? 'all' : ui.namespace;
		// The node and pod panes do not read the clock: a tick of the header's clock reuses them as they were.
		if (lastLists !== null && lastLists.ui === ui && lastLists.snapshot === snapshot && sameForLists(lastLists.probe, probe) && lastLists.sweep === sweep) {
			panes.nodes = lastLists.nodes;
			panes.pods = lastLists.pods;
		} else {
			const counts = podCounts(pods);
			const swept = sweep.status !== 'idle';
			make(
				'nodes',
				nodeList,
				swept ? nodeColumnsWithProblems : nodeColumns,
				node => nodeRow(node, counts, ui.inspectedNode, probeHere, swept ? problemsCell(sweep, node.name) : null),
				`${nodeList.length}/${snapshot.nodes.length}${loadingInfo(snapshot.loading.nodes)}${limitInfo(snapshot, 'nodes')}`,
				[...apiNotice(snapshot, {text: ui.filters.nodes ? 'no nodes match' : 'no nodes', tone: 'dim'}), ...limitNotice(snapshot, 'nodes')],
			);

			make(
				'pods',
				podList,
				podColumns(ui.allNamespaces),
				pod =>
					podRow(pod, {
						allNamespaces: ui.allNamespaces,
						verdicts,
						judged,
						highlighted: pod.ips.some(ip => servedIps.has(ip)),
						pinned: ui.pathPod === podKey(pod),
					}),
				`${namespaceText} · ${podList.length}${loadingInfo(snapshot.loading.pods)}${limitInfo(snapshot, 'pods')}${judged ? ` · paths from ${ui.inspectedNode ?? ''}` : ''}${pinnedPath}`,
				[
					...apiNotice(snapshot, {text: ui.filters.pods ? 'no pods match' : `no pods in ${namespaceText}`, tone: 'dim'}),
					...limitNotice(snapshot, 'pods'),
				],
				servedIps.size > 0 ? pod => pod.ips.some(ip => servedIps.has(ip)) : null,
			);
			lastLists = {ui, snapshot, probe, sweep, nodes: panes.nodes, pods: panes.pods};
		}

		const routeInfo: string[] = [];
		const stale = staleNotice(probeHere);
		if (ui.inspectedNode !== null) {
			routeInfo.push(ui.inspectedNode);
			if (pinned !== null && ui.pathPod === null) routeInfo.push(`▸ ${pinned}${pinnedEntry ? '' : ' (no such route now)'}`);
			if (stale !== null) routeInfo.push(stale);
			if (probeHere) {
				routeInfo.push(`${routeList.length} routes`);
				const added = probeHere.routeChanges.filter(entry => entry.change === 'added').length;
				const removed = probeHere.routeChanges.filter(entry => entry.change === 'removed').length;
				if (added + removed > 0) {
					routeInfo.push(`+${added} -${removed}`);
				}
				if (probeHere.refreshedAt !== null && probeHere.phase !== 'failed' && probeHere.phase !== 'ready') {
					routeInfo.push(`${spinnerFrame(now)} ${probeHere.phase}`);
				}
			}
			routeInfo.push(ui.paused ? 'paused' : `every ${options.refreshSeconds}s`);
			if (probeHere?.refreshedAt != null) {
				routeInfo.push(`refreshed ${formatAge(now - probeHere.refreshedAt)} ago`);
			}
			if (probeHere && probeHere.warnings.length > 0) {
				routeInfo.push(`${probeHere.warnings.length} warnings`);
			}
			const inputWide = [...verdicts.problems].filter(problem => inputProblems.has(problem)).sort();
			if (inputWide.length > 0) {
				routeInfo.push(`input: ${inputWide.join(', ')}`);
			}
		}
		make(
			'routes',
			routeList,
			routeColumns,
			entry => routeRow(entry, {verdicts, nodes: snapshot.nodes, highlighted: highlightedRoute !== null && routeKey(entry.route) === highlightedRoute}),
			routeInfo.join(' · '),
			ui.filters.routes && probeHere?.refreshedAt != null ? [{text: 'no routes match', tone: 'dim'}] : probeNotice(ui, probeHere, now, 'routes'),
			highlightedRoute === null ? null : entry => entry.change !== 'removed' && routeKey(entry.route) === highlightedRoute,
		);

		make(
			'interfaces',
			interfaceList,
			interfaceColumns,
			iface => interfaceRow(iface, {verdicts, highlighted: highlightedInterface !== null && iface.name === highlightedInterface}),
			ui.inspectedNode === null ? '' : [ui.inspectedNode, ...(stale === null ? [] : ['✕ stale']), String(interfaceList.length)].join(' · '),
			ui.filters.interfaces && probeHere?.refreshedAt != null
				? [{text: 'no interfaces match', tone: 'dim'}]
				: probeNotice(ui, probeHere, now, 'interfaces'),
			highlightedInterface === null ? null : iface => iface.name === highlightedInterface,
		);

		// The Problems view: the whole screen's rows, worst first.
		const problemsAll = problemList(sweep);
		const problemHeight = problemRows(ui.size);
		const problemSlice = visible(problemsAll, ui.sweep.window, problemHeight, -1);
		const problemRowsShown = problemSlice.slice.map(item => problemRow(item));
		const selectedProblem = problemsAll[Math.min(ui.sweep.window.selected, problemsAll.length - 1)];
		const running = sweep.status === 'running' || sweep.status === 'cancelling';
		const problemsView: PaneView = {
			pane: 'nodes',
			title: 'Problems',
			focused: true,
			info: `${sweep.problems.length} problem${sweep.problems.length === 1 ? '' : 's'} · ${sweep.probed.size}/${sweep.total} nodes judged${sweep.failures.size > 0 ? ` · ${sweep.failures.size} failed` : ''}${running ? ' · sweeping (Esc cancels)' : ''}`,
			filter: '',
			columns: problemColumns,
			widths: fitColumns(problemColumns, problemRowsShown, width),
			rows: problemRowsShown,
			selected: problemSlice.selected,
			notice: [
				running
					? {text: `sweeping ${sweep.done + sweep.failed}/${sweep.total}: the problems show when it finishes (Esc or S cancels)`, tone: 'warn'}
					: sweep.status === 'idle'
						? {text: 'no sweep yet: S sweeps the cluster', tone: 'dim'}
						: {text: "no problems: every node sends every pod's IP to the node that runs it", tone: 'ok'},
			],
			height: problemHeight,
		};
		const problemNodeIndex = selectedProblem ? snapshot.nodes.findIndex(node => node.name === selectedProblem.node) : -1;

		return {
			fits: true,
			problems: problemsView,
			problemCount: problemsAll.length,
			header: {
				context: options.context,
				cluster: options.cluster,
				namespace: namespaceText,
				nodes: snapshot.nodes.length,
				pods: snapshot.pods.length,
				cni: cni(nodes, probeHere?.interfaces ?? noInterfaces, probeHere?.routes ?? noRoutes),
				connection: connectionView(snapshot, now),
				sweep: sweepHeader(sweep),
			},
			panes,
			counts: {nodes: nodeList.length, pods: podList.length, routes: routeList.length, interfaces: interfaceList.length},
			selection: {
				node: selectedNode?.name ?? null,
				pod: selectedPod ? podKey(selectedPod) : null,
				...(sweepInput === undefined
					? {}
					: {
							sweep: {
								running,
								ran: sweep.status !== 'idle',
								nodes: snapshot.nodes.length,
								problem:
									selectedProblem && problemNodeIndex >= 0
										? {node: selectedProblem.node, route: selectedProblem.route, nodeIndex: problemNodeIndex, nodeCount: snapshot.nodes.length}
										: null,
							},
						}),
			},
		};
	};
}

export {paneOrder};
