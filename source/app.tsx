/**
 * The one container: holds the UI state (pure reducer), subscribes to the store and the prober, owns the
 * single `useInput` (keys → keymap → actions and effects), and renders thin panes from the screen selector.
 */
import {Box, useApp, useInput} from 'ink';
import {useEffect, useMemo, useReducer, useRef} from 'react';
import type {SweepSource} from './kube/sweep-source.js';
import {noTraceTables, type TraceTables} from './kube/trace-tables.js';
import type {ClusterSnapshot, ClusterStore, NodeProber} from './kube/types.js';
import {interpretKey, type Effect} from './state/interpret-key.js';
import {splitPresses} from './state/keymap.js';
import {reservedLines} from './state/layout.js';
import {paneOrder} from './state/panes.js';
import {reduce} from './state/reduce.js';
import {createScreenSelector, type ScreenOptions} from './state/select-screen.js';
import {createTraceSelector} from './state/select-trace.js';
import {initialUiState} from './state/ui-state.js';
import {Header} from './ui/Header.js';
import {HelpOverlay} from './ui/HelpOverlay.js';
import {StatusBar} from './ui/StatusBar.js';
import {TablePane} from './ui/TablePane.js';
import {ThemeContext} from './ui/theme.js';
import {TooSmall} from './ui/TooSmall.js';
import {TracePane} from './ui/TracePane.js';
import {systemClock, useNow, type Clock} from './ui/use-clock.js';
import {plainEqual} from './kube/plain-equal.js';
import {useProbeState, useScreenSnapshot, useTraceTables} from './ui/use-store.js';
import {useSweep} from './ui/use-sweep.js';
import {useTerminalSize} from './ui/use-terminal-size.js';

export type AppProps = {
	readonly store: ClusterStore;
	readonly prober: NodeProber;
	/** The tables a trace (t on a pod) holds; default: none. */
	readonly traceTables?: TraceTables;
	/** Kubeconfig context and cluster names, for the header. */
	readonly context: string;
	readonly cluster: string;
	/** The namespace shown without -A. */
	readonly namespace: string;
	readonly allNamespaces: boolean;
	readonly refreshSeconds: number;
	/** The network core's judge (state/judge-pods.ts; tests may count its calls). */
	readonly judge: ScreenOptions['judge'];
	readonly color?: boolean;
	/** Time source; tests pass a fixed, non-ticking clock. */
	readonly clock?: Clock;
	/** Called once the prober has stopped after q / Ctrl-C, right before the app exits. */
	readonly onQuit?: () => void;
	/** The cluster sweep behind `S` (kube/sweep-source.ts); without it `S` does nothing. */
	readonly sweeper?: SweepSource;
};

/** Longest wait for the prober to delete its debug pod on q / Ctrl-C. */
const quitTimeoutMs = 10_000;

const busyPhases = new Set(['preflight', 'creating', 'scheduled', 'pulling', 'running', 'probing']);

export function App({
	store,
	prober,
	traceTables = noTraceTables,
	context,
	cluster,
	namespace,
	allNamespaces,
	refreshSeconds,
	judge,
	color = true,
	clock = systemClock,
	onQuit,
	sweeper,
}: AppProps) {
	const {exit} = useApp();
	const size = useTerminalSize();
	// Set below, once this render's screen is known: does a new snapshot change it?
	const changesScreen = useRef<(next: ClusterSnapshot) => boolean>(() => true);
	const snapshot = useScreenSnapshot(store, changesScreen);
	const probe = useProbeState(prober);
	const sweep = useSweep(sweeper);
	const [ui, dispatch] = useReducer(reduce, {namespace, allNamespaces, size}, initialUiState);
	const now = useNow(clock, probe !== null && busyPhases.has(probe.phase));
	const select = useMemo(
		() => createScreenSelector({judge, context, cluster, refreshSeconds}),
		[judge, context, cluster, refreshSeconds],
	);
	const tables = useTraceTables(traceTables);
	const selectTrace = useMemo(() => createTraceSelector(), []);
	const withTrace = (screen: ReturnType<typeof select>, state: typeof ui) => {
		const trace = selectTrace({ui: state, snapshot, tables, now});
		// While the Trace view is up, the routes window scrolls the picture.
		return screen.fits && trace ? {screen: {...screen, counts: {...screen.counts, routes: trace.scrollCount}}, trace} : {screen, trace: null};
	};
	const {screen: view, trace: traceView} = withTrace(select({ui, snapshot, probe, now, sweep}), ui);
	const traceNodes = (traceView?.nodes ?? []).join('\n');
	useEffect(() => {
		traceTables.acquire(traceNodes === '' ? [] : traceNodes.split('\n'));
	}, [traceTables, traceNodes]);

	useEffect(() => {
		if (size.columns !== ui.size.columns || size.rows !== ui.size.rows) {
			dispatch({type: 'resize', columns: size.columns, rows: size.rows});
		}
	}, [size, ui.size]);

	const counts = view.fits ? view.counts : null;
	useEffect(() => {
		if (counts && paneOrder.some(pane => counts[pane] !== ui.windows[pane].count)) {
			dispatch({type: 'counts', counts});
		}
	}, [counts, ui.windows]);

	const problemCount = view.fits ? view.problemCount : null;
	useEffect(() => {
		if (problemCount !== null && problemCount !== ui.sweep.window.count) {
			dispatch({type: 'problems-count', count: problemCount});
		}
	}, [problemCount, ui.sweep.window.count]);

	// A sweep that finishes opens the Problems view (not one that was cancelled or failed).
	const sweepStatus = sweep?.status ?? 'idle';
	const lastSweepStatus = useRef(sweepStatus);
	useEffect(() => {
		if (lastSweepStatus.current !== sweepStatus && sweepStatus === 'done') {
			dispatch({type: 'problems-open', open: true});
		}
		lastSweepStatus.current = sweepStatus;
	}, [sweepStatus]);

	const quitting = useRef(false);
	const run = (effect: Effect): void => {
		switch (effect.type) {
			case 'inspect': {
				prober.inspect(effect.node);
				break;
			}
			case 'refresh': {
				prober.refreshNow();
				break;
			}
			case 'set-paused': {
				prober.setPaused(effect.paused);
				break;
			}
			case 'sweep-start': {
				const newest = store.getSnapshot();
				sweeper?.start(
					newest.nodes.map(node => node.cluster),
					newest.pods.map(pod => pod.cluster),
				);
				break;
			}
			case 'sweep-cancel': {
				sweeper?.cancel();
				break;
			}
			case 'quit': {
				if (quitting.current) {
					return;
				}
				quitting.current = true;
				// Wait for the debug pod to go, but not forever: a dead API server must not keep the screen.
				let timer: NodeJS.Timeout | undefined;
				const giveUp = new Promise<void>(resolve => {
					timer = setTimeout(resolve, quitTimeoutMs);
				});
				const stopped = Promise.all([prober.stop().catch(() => undefined), sweeper?.stop().catch(() => undefined), traceTables.stop().catch(() => undefined)]);
				void Promise.race([stopped, giveUp]).then(() => {
					clearTimeout(timer);
					onQuit?.();
					exit();
				});
				break;
			}
		}
	};

	// Keys can arrive faster than renders (and several in one chunk): read the newest state from a ref and
	// advance it right away, so each key sees the previous one's effect (selection, typed filter text).
	const latest = useRef(ui);
	latest.current = ui;
	changesScreen.current = next => {
		const nextView = withTrace(select({ui: latest.current, snapshot: next, probe, now, sweep}), latest.current);
		return traceView !== null || nextView.trace !== null || !plainEqual(nextView.screen, view);
	};
	useInput((input, key) => {
		for (const press of splitPresses(input, key)) {
			let current = latest.current;
			const currentView = withTrace(select({ui: current, snapshot: store.getSnapshot(), probe, now, sweep}), current).screen;
			// Row counts reach the reducer one render late (an effect): bring them in before moving.
			if (currentView.fits && paneOrder.some(pane => currentView.counts[pane] !== current.windows[pane].count)) {
				const sync = {type: 'counts', counts: currentView.counts} as const;
				current = reduce(current, sync);
				dispatch(sync);
			}
			if (currentView.fits && currentView.problemCount !== current.sweep.window.count) {
				const sync = {type: 'problems-count', count: currentView.problemCount} as const;
				current = reduce(current, sync);
				dispatch(sync);
			}
			const selection = currentView.fits ? currentView.selection : {node: null, pod: null};
			const outcome = interpretKey(current, press.input, press.key, selection);
			latest.current = outcome.actions.reduce(reduce, current);
			for (const action of outcome.actions) {
				dispatch(action);
			}
			for (const effect of outcome.effects) {
				run(effect);
			}
		}
	});

	const theme = useMemo(() => ({color}), [color]);
	if (!view.fits) {
		return (
			<ThemeContext.Provider value={theme}>
				<TooSmall size={view.size} needed={view.needed} />
			</ThemeContext.Provider>
		);
	}
	const width = ui.size.columns;
	return (
		<ThemeContext.Provider value={theme}>
			<Box flexDirection="column" width={width} height={ui.size.rows - reservedLines}>
				<Header view={view.header} />
				{ui.mode === 'help' ? (
					<HelpOverlay height={ui.size.rows - reservedLines - 2} />
				) : ui.sweep.problemsOpen ? (
					<TablePane view={view.problems} width={width} />
				) : (
					paneOrder.map(pane =>
						traceView && (pane === 'routes' || pane === 'interfaces') ? (
							pane === 'routes' ? <TracePane key="trace" view={traceView} width={width} /> : null
						) : (
							<TablePane key={pane} view={view.panes[pane]} width={width} />
						),
					)
				)}
				<StatusBar ui={ui} width={width} />
			</Box>
		</ThemeContext.Provider>
	);
}
