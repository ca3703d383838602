/**
 * `npm run bench`, UI section: the real built bin (dist/cli.js) in a pseudo-terminal (tmux) against the lab
 * (its own process), side by side with kubectl against the same lab in the same run. Figures come from the
 * app's timing marks (NETINSPECT_TIMING), /proc (RSS, CPU) and wall clocks; medians over REPEATS runs.
 * The 5,000-node / 150,000-pod cluster takes minutes: only with NETINSPECT_BENCH_BIG=1 (the output says so).
 * Without tmux the terminal figures are skipped; without kubectl the yardstick column says so.
 * NETINSPECT_BENCH_BASELINE_BIN=/path/to/other/dist/cli.js also measures that bin on the seed, interleaved with
 * this one (RSS with a node inspected, routes --json): its figures go in the yardstick column of their rows.
 */
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'dist', 'cli.js');
const repeats = Number(process.env['NETINSPECT_BENCH_REPEATS'] ?? 5);
const idleSeconds = Number(process.env['NETINSPECT_BENCH_IDLE_SECONDS'] ?? 30);
const big = process.env['NETINSPECT_BENCH_BIG'] === '1';
/** Seed: another built bin (e.g. main's dist/cli.js) measured beside this one, interleaved: RSS inspected, routes. */
const baselineBin = process.env['NETINSPECT_BENCH_BASELINE_BIN'];
const ticksPerSecond = 100;

type Figure = {readonly what: string; readonly ours: string; readonly yardstick: string; readonly ratio: string; readonly target: string};

const sleep = async (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const median = (values: readonly number[]): number => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length === 0 ? Number.NaN : sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const percentile = (values: readonly number[], p: number): number => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const seconds = (ms: number): string => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '-');
const millis = (ms: number): string => (Number.isFinite(ms) ? `${ms.toFixed(0)} ms` : '-');
const ratio = (ours: number, theirs: number): string => (Number.isFinite(ours) && Number.isFinite(theirs) && theirs > 0 ? `${(ours / theirs).toFixed(2)}x` : '-');

function runs(tool: string, args: readonly string[]): boolean {
	return spawnSync(tool, [...args], {stdio: 'ignore', timeout: 10_000}).error === undefined;
}

/** utime + stime of a process, in clock ticks; NaN when it is gone. */
function cpuTicks(pid: number): number {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
		return Number(fields[11]) + Number(fields[12]);
	} catch {
		return Number.NaN;
	}
}

/** VmRSS / VmHWM of a process in MB. */
function memory(pid: number, field: 'VmRSS' | 'VmHWM'): number {
	try {
		const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find(entry => entry.startsWith(`${field}:`));
		return Number(line?.split(/\s+/)[1]) / 1024;
	} catch {
		return Number.NaN;
	}
}

async function cpuPercent(pids: readonly number[], durationMs: number): Promise<number[]> {
	const before = pids.map(cpuTicks);
	await sleep(durationMs);
	return pids.map((pid, index) => ((cpuTicks(pid) - before[index]!) / ticksPerSecond / (durationMs / 1000)) * 100);
}

/**
 * A process's CPU in `stepMs` windows for `durationMs`: the windows (%), their mean, and when it settled (the
 * end of the last window above `quietPercent`, 0 when none was). V8's memory reducer runs a few major GCs
 * some tens of seconds after a burst, so a short wait can land before or after them: the series shows both.
 */
async function cpuWindows(pid: number, durationMs: number, stepMs = 5000, quietPercent = 2) {
	const windows: number[] = [];
	for (let elapsed = 0; elapsed < durationMs; elapsed += stepMs) {
		// eslint-disable-next-line no-await-in-loop
		windows.push((await cpuPercent([pid], stepMs))[0]!);
	}
	const lastBusy = windows.findLastIndex(percent => percent > quietPercent);
	return {windows, mean: windows.reduce((sum, percent) => sum + percent, 0) / Math.max(1, windows.length), settledMs: (lastBusy + 1) * stepMs};
}

async function waitUntil<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
		// eslint-disable-next-line no-await-in-loop
		await sleep(20);
	}
}

type Lab = {readonly process: ChildProcess; readonly kubeconfig: string; readonly stop: () => Promise<void>};

async function startLab(directory: string, args: readonly string[], name: string): Promise<Lab> {
	const kubeconfig = join(directory, `${name}.kubeconfig`);
	const child = spawn(process.execPath, [bin, 'lab', '--kubeconfig', kubeconfig, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
	let output = '';
	child.stdout.on('data', chunk => (output += String(chunk)));
	child.stderr.on('data', chunk => (output += String(chunk)));
	await waitUntil(() => (output.includes('Ctrl-C') ? true : child.exitCode === null ? undefined : (() => {
		throw new Error(`lab exited: ${output}`);
	})()), 600_000, `the lab (${name})`);
	return {
		process: child,
		kubeconfig,
		async stop() {
			child.kill('SIGINT');
			await new Promise(resolve => child.once('exit', resolve));
		},
	};
}

function createTmux(directory: string) {
	const socket = `ni-bench-${process.pid}`;
	const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
	return {
		start(session: string, command: readonly string[]) {
			tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '45', '-c', directory, ...command);
			tmux('set-option', '-t', session, 'remain-on-exit', 'on');
			return Number(tmux('list-panes', '-t', session, '-F', '#{pane_pid}').stdout.trim());
		},
		keys: (session: string, ...keys: string[]) => tmux('send-keys', '-t', session, ...keys),
		screen: (session: string) => tmux('capture-pane', '-p', '-t', session).stdout,
		kill: (session: string) => tmux('kill-session', '-t', session),
		close() {
			tmux('kill-server');
			rmSync(join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), {force: true});
		},
	};
}

function readMarks(file: string): Map<string, number[]> {
	const marks = new Map<string, number[]>();
	if (!existsSync(file)) return marks;
	for (const line of readFileSync(file, 'utf8').split('\n')) {
		const [name, ms] = line.split(' ');
		if (!name || !ms) continue;
		marks.set(name, [...(marks.get(name) ?? []), Number(ms)]);
	}
	return marks;
}

type Session = {
	readonly firstFrame: number;
	readonly nodesFrame: number;
	readonly podsFrame: number;
	readonly keyLatencies: readonly number[];
	readonly pid: number;
	readonly end: () => Promise<void>;
};

/** One inspector in tmux: waits for the pods, types `keys` j/k presses in the pods pane, measures each key → frame. */
async function inspectorRun(tmux: ReturnType<typeof createTmux>, directory: string, kubeconfig: string, run: number, keys: number, timeoutMs: number, inspectorBin = bin): Promise<Session> {
	const marks = join(directory, `marks-${run}-${Date.now()}`);
	const session = `ni-${run}`;
	const pid = tmux.start(session, ['env', `NETINSPECT_TIMING=${marks}`, process.execPath, inspectorBin, '--kubeconfig', kubeconfig, '-A']);
	const first = (name: string) => readMarks(marks).get(name)?.[0];
	await waitUntil(() => first('pods-frame'), timeoutMs, 'pods on screen');
	tmux.keys(session, 'Tab');
	await sleep(300);
	const latencies: number[] = [];
	for (let i = 0; i < keys; i++) {
		const before = readMarks(marks).get('key-frame')?.length ?? 0;
		// j then k, so every press moves the selection: a j on the last row changes nothing, and no frame would
		// follow it until the next clock tick (that wait was counted as the key's latency).
		tmux.keys(session, i % 2 === 0 ? 'j' : 'k');
		// eslint-disable-next-line no-await-in-loop
		await waitUntil(() => ((readMarks(marks).get('key-frame')?.length ?? 0) > before ? true : undefined), 10_000, 'a key frame');
		const all = readMarks(marks);
		const keyAt = all.get('key')?.at(-1) ?? Number.NaN;
		latencies.push((all.get('key-frame')?.at(-1) ?? Number.NaN) - keyAt);
		// eslint-disable-next-line no-await-in-loop
		await sleep(60);
	}
	return {
		firstFrame: first('first-frame') ?? Number.NaN,
		nodesFrame: first('nodes-frame') ?? Number.NaN,
		podsFrame: first('pods-frame') ?? Number.NaN,
		keyLatencies: latencies,
		pid,
		async end() {
			tmux.keys(session, 'q');
			await waitUntil(() => (existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/status`, 'utf8').includes('State:\tZ') ? undefined : true), 20_000, 'the inspector to quit').catch(() => undefined);
			tmux.kill(session);
		},
	};
}

/** Wall time of a command (output to a pipe), ms; NaN when it failed. */
async function wall(command: string, args: readonly string[]): Promise<{ms: number; peakMb: number}> {
	const started = performance.now();
	const child = spawn('/usr/bin/time', ['-f', '%M', command, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
	let stderr = '';
	child.stdout.resume();
	child.stderr.on('data', chunk => (stderr += String(chunk)));
	const code = await new Promise<number | null>(resolve => child.once('exit', resolve));
	const ms = performance.now() - started;
	const peakKb = Number(stderr.trim().split('\n').at(-1));
	return {ms: code === 0 ? ms : Number.NaN, peakMb: peakKb / 1024};
}

async function clusterFigures(options: {
	readonly name: string;
	readonly labArgs: readonly string[];
	readonly runs: number;
	readonly node: string;
	readonly kubectl: boolean;
	readonly timeoutMs: number;
	readonly targets: {readonly firstFrame: string; readonly pods: string; readonly rss: string; readonly idle: string; readonly key: string};
}): Promise<Figure[]> {
	const directory = mkdtempSync(join(tmpdir(), 'ni-bench-ui-'));
	const tmux = createTmux(directory);
	const figures: Figure[] = [];
	const lab = await startLab(directory, options.labArgs, options.name);
	try {
		const kubectlArgs = ['--kubeconfig', lab.kubeconfig, '--cache-dir', join(directory, 'kube-cache')];
		const sessions: Session[] = [];
		const baselineSessions: Session[] = [];
		const kubectlPods: {ms: number; peakMb: number}[] = [];
		for (let run = 0; run < options.runs; run++) {
			// eslint-disable-next-line no-await-in-loop
			const session = await inspectorRun(tmux, directory, lab.kubeconfig, run, 20, options.timeoutMs);
			// eslint-disable-next-line no-await-in-loop
			await session.end();
			sessions.push(session);
			if (baselineBin !== undefined) {
				// eslint-disable-next-line no-await-in-loop
				const other = await inspectorRun(tmux, directory, lab.kubeconfig, 100 + run, 0, options.timeoutMs, baselineBin);
				// eslint-disable-next-line no-await-in-loop
				await other.end();
				baselineSessions.push(other);
			}
			// eslint-disable-next-line no-await-in-loop
			if (options.kubectl) kubectlPods.push(await wall('kubectl', [...kubectlArgs, 'get', 'pods', '-A', '-o', 'wide']));
		}
		const kubectlMs = median(kubectlPods.map(entry => entry.ms));
		const podsMs = median(sessions.map(session => session.podsFrame));
		const yard = (text: string) => (options.kubectl ? text : 'no kubectl');
		figures.push(
			{what: `${options.name}: first frame (header, empty panes)`, ours: seconds(median(sessions.map(session => session.firstFrame))), yardstick: '', ratio: '', target: options.targets.firstFrame},
			{what: `${options.name}: nodes on screen`, ours: seconds(median(sessions.map(session => session.nodesFrame))), yardstick: '', ratio: '', target: ''},
			{
				what: `${options.name}: all pods on screen | kubectl get pods -A -o wide`,
				ours: seconds(podsMs),
				yardstick: yard(seconds(kubectlMs)),
				ratio: ratio(podsMs, kubectlMs),
				target: options.targets.pods,
			},
		);
		if (baselineBin !== undefined) {
			const startFigure = (what: string, of: (session: Session) => number) => {
				const ours = median(sessions.map(of));
				const theirs = median(baselineSessions.map(of));
				figures.push({what: `${options.name}: ${what} | the baseline bin's, interleaved`, ours: seconds(ours), yardstick: seconds(theirs), ratio: ratio(ours, theirs), target: ''});
			};
			startFigure('first frame', session => session.firstFrame);
			startFigure('all pods on screen', session => session.podsFrame);
		}
		if (options.kubectl) {
			figures.push({what: `${options.name}: kubectl get pods -A -o wide peak RSS`, ours: '', yardstick: `${median(kubectlPods.map(entry => entry.peakMb)).toFixed(0)} MB`, ratio: '', target: ''});
		}
		const keys = sessions.flatMap(session => session.keyLatencies);
		figures.push({what: `${options.name}: key -> frame (j/k in pods), p50 / p95 of ${keys.length}`, ours: `${millis(percentile(keys, 50))} / ${millis(percentile(keys, 95))}`, yardstick: '', ratio: '', target: options.targets.key});

		// Inspect a node, then RSS (and, for this bin, idle CPU of inspector and lab) at the default refresh.
		const inspected = async (run: number, inspectorBin: string): Promise<{readonly session: Session; readonly rss: number}> => {
			const session = await inspectorRun(tmux, directory, lab.kubeconfig, run, 0, options.timeoutMs, inspectorBin);
			tmux.keys(`ni-${run}`, 'Tab', 'Tab', 'Tab');
			await sleep(200);
			// The node filter matches "NAME IP ROLES ...": the name, then a space.
			tmux.keys(`ni-${run}`, '/', ...`^${options.node}`.split(''), 'Space', 'Enter');
			await sleep(300);
			tmux.keys(`ni-${run}`, 'Enter');
			await waitUntil(() => (/\d+ loaded/.test(tmux.screen(`ni-${run}`)) ? true : undefined), options.timeoutMs, `${options.node} inspected`);
			await sleep(2000);
			return {session, rss: memory(session.pid, 'VmRSS')};
		};
		if (baselineBin !== undefined) {
			// Both bins, interleaved, on the same lab: RSS and peak with the node inspected.
			const sides = {ours: [] as number[], oursPeak: [] as number[], base: [] as number[], basePeak: [] as number[]};
			for (let run = 0; run < options.runs; run++) {
				for (const [which, inspectorBin] of [['ours', bin], ['base', baselineBin]] as const) {
					// eslint-disable-next-line no-await-in-loop
					const measured = await inspected(100 + run, inspectorBin);
					sides[which].push(measured.rss);
					sides[which === 'ours' ? 'oursPeak' : 'basePeak'].push(memory(measured.session.pid, 'VmHWM'));
					// eslint-disable-next-line no-await-in-loop
					await measured.session.end();
				}
			}
			const mb = (values: readonly number[]) => `${median(values).toFixed(0)} MB`;
			figures.push({what: `${options.name}: RSS, ${options.node} inspected (peak) | baseline bin, interleaved, medians of ${options.runs}`, ours: `${mb(sides.ours)} (${mb(sides.oursPeak)})`, yardstick: `${mb(sides.base)} (${mb(sides.basePeak)})`, ratio: ratio(median(sides.ours), median(sides.base)), target: options.targets.rss});
		}
		const {session, rss} = await inspected(99, bin);
		const [inspectorCpu, labCpu] = await cpuPercent([session.pid, lab.process.pid!], idleSeconds * 1000);
		const peak = memory(session.pid, 'VmHWM');
		await session.end();
		figures.push(
			{what: `${options.name}: RSS after start, ${options.node} inspected (peak)`, ours: `${rss.toFixed(0)} MB (${peak.toFixed(0)} MB)`, yardstick: '', ratio: '', target: options.targets.rss},
			{what: `${options.name}: idle CPU over ${idleSeconds} s, node inspected, 5 s refresh`, ours: `${inspectorCpu!.toFixed(1)} %`, yardstick: '', ratio: '', target: options.targets.idle},
			{what: `${options.name}: the lab's CPU meanwhile`, ours: `${labCpu!.toFixed(1)} %`, yardstick: '', ratio: '', target: '<= 2 %'},
		);

		// routes NODE --json against kubectl debug node/NODE ... route -n (the lab serves both).
		const ours: number[] = [];
		const theirs: number[] = [];
		const baseline: number[] = [];
		for (let run = 0; run < options.runs; run++) {
			// eslint-disable-next-line no-await-in-loop
			ours.push((await wall(process.execPath, [bin, 'routes', options.node, '--json', '--kubeconfig', lab.kubeconfig])).ms);
			// eslint-disable-next-line no-await-in-loop
			if (options.kubectl) theirs.push((await wall('kubectl', [...kubectlArgs, 'debug', `node/${options.node}`, '--image=busybox', '-i', '--', 'route', '-n'])).ms);
			// eslint-disable-next-line no-await-in-loop
			if (baselineBin !== undefined) baseline.push((await wall(process.execPath, [baselineBin, 'routes', options.node, '--json', '--kubeconfig', lab.kubeconfig])).ms);
		}
		if (baselineBin !== undefined) {
			figures.push({what: `${options.name}: routes ${options.node} --json | the baseline bin's, interleaved`, ours: seconds(median(ours)), yardstick: seconds(median(baseline)), ratio: ratio(median(ours), median(baseline)), target: ''});
		}
		figures.push({
			what: `${options.name}: routes ${options.node} --json | kubectl debug node/... -i -- route -n`,
			ours: seconds(median(ours)),
			yardstick: yard(seconds(median(theirs))),
			ratio: ratio(median(ours), median(theirs)),
			target: '<= 1x',
		});
	} finally {
		tmux.close();
		await lab.stop();
		rmSync(directory, {recursive: true, force: true});
	}
	return figures;
}

const bigRepeats = Number(process.env['NETINSPECT_BENCH_BIG_REPEATS'] ?? 3);
const bigLabArgs = ['--topology', 'generated', '--nodes', '5000', '--pods', '150000'] as const;
const podEventsPerSecond = 2000;
/**
 * Quiet time before the inspector's idle figure: after loading 150,000 pods V8's memory reducer runs full
 * collections for about a minute (it gives back a few hundred MB); the windows of that time are printed too.
 */
const settleMs = Number(process.env['NETINSPECT_BENCH_SETTLE_SECONDS'] ?? 75) * 1000;
/** How long the lab's CPU is followed after the burst, before its idle figure. */
const labSettleMs = Number(process.env['NETINSPECT_BENCH_LAB_SETTLE_SECONDS'] ?? 90) * 1000;
/**
 * Other builds of the inspector to compare, comma-separated (e.g. `/work/main/dist/cli.js,dist/cli.js`): each
 * figure is measured for each, alternately, on the same labs; the lab stays this checkout's.
 */
const bigInspectorBins = (process.env['NETINSPECT_BENCH_INSPECTOR_BIN'] ?? bin).split(',').filter(entry => entry !== '');

/** Latency of each `key` mark to the next `key-frame` mark, ms. */
function keyLatencies(marks: Map<string, number[]>, from: number): number[] {
	const frames = marks.get('key-frame') ?? [];
	return (marks.get('key') ?? [])
		.filter(at => at >= from)
		.map(at => (frames.find(frame => frame >= at) ?? Number.NaN) - at)
		.filter(Number.isFinite);
}

function loadAverage(): string {
	return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

type BigRun = {
	readonly nodes: number;
	readonly podsFirst: number;
	readonly pods: number;
	/** Enter → the frame with the pods judged; tables arrived → that frame. */
	readonly enterToJudged: number;
	readonly tablesToJudged: number;
	readonly peakMb: number;
};

/**
 * One inspector on the big lab: load (nodes, first pods, all pods), Enter on the first node (the control
 * plane, ~5,000 routes) until its pods are judged on screen; `then` runs before it quits.
 */
async function bigRun<T>(
	tmux: ReturnType<typeof createTmux>,
	directory: string,
	kubeconfig: string,
	run: string,
	then: (session: string, pid: number, marksFile: string) => Promise<T>,
	inspectorBin = bigInspectorBins[0]!,
): Promise<{readonly run: BigRun; readonly then: T}> {
	const marksFile = join(directory, `marks-big-${run}`);
	const session = `nb-${run}`;
	const pid = tmux.start(session, ['env', `NETINSPECT_TIMING=${marksFile}`, process.execPath, inspectorBin, '--kubeconfig', kubeconfig, '-A']);
	const first = (name: string) => readMarks(marksFile).get(name)?.[0];
	try {
		await waitUntil(() => first('pods-frame'), 600_000, 'all pods on screen');
		await sleep(500);
		const keysBefore = readMarks(marksFile).get('key')?.length ?? 0;
		tmux.keys(session, 'Enter');
		const enterAt = await waitUntil(() => readMarks(marksFile).get('key')?.[keysBefore], 10_000, 'Enter read');
		await waitUntil(() => (tmux.screen(session).includes('paths from') ? true : undefined), 120_000, 'the node inspected');
		await sleep(200);
		const result = {
			nodes: first('nodes-frame') ?? Number.NaN,
			podsFirst: first('pods-first-frame') ?? Number.NaN,
			pods: first('pods-frame') ?? Number.NaN,
			enterToJudged: (first('tables-frame') ?? Number.NaN) - enterAt,
			tablesToJudged: (first('tables-frame') ?? Number.NaN) - (first('tables') ?? Number.NaN),
			peakMb: memory(pid, 'VmHWM'),
		};
		const after = await then(session, pid, marksFile);
		return {run: {...result, peakMb: Math.max(result.peakMb, memory(pid, 'VmHWM'))}, then: after};
	} finally {
		tmux.keys(session, 'q');
		await waitUntil(() => (existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/status`, 'utf8').includes('State:\tZ') ? undefined : true), 30_000, 'the inspector to quit').catch(() => undefined);
		tmux.kill(session);
	}
}

/**
 * 5,000 nodes / 150,000 pods, the real bin in tmux beside kubectl (medians of NETINSPECT_BENCH_BIG_REPEATS):
 * load, peak RSS, Enter → judged, idle CPU (inspector and lab); then a second lab with 2,000 pod changes a
 * second for key → frame while the control plane's 5,000 routes are inspected. One big lab at a time.
 */
async function bigFigures(kubectl: boolean): Promise<Figure[]> {
	const directory = mkdtempSync(join(tmpdir(), 'ni-bench-big-'));
	const tmux = createTmux(directory);
	const figures: Figure[] = [];
	const name = '5000/150000';
	// With several builds, each row names the build it measured.
	const builds = bigInspectorBins.map((inspectorBin, index) => ({inspectorBin, label: bigInspectorBins.length > 1 ? `[${inspectorBin}] ` : '', index}));
	const row = (what: string, ours: string, target: string, yardstick = '', ratioText = ''): Figure => ({what: `${name}: ${what}`, ours, yardstick, ratio: ratioText, target});
	try {
		const lab = await startLab(directory, bigLabArgs, 'big');
		const loads = [loadAverage()];
		try {
			const kubectlArgs = ['--kubeconfig', lab.kubeconfig, '--cache-dir', join(directory, 'kube-cache')];
			const runs: BigRun[][] = builds.map(() => []);
			const kubectlPods: {ms: number; peakMb: number}[] = [];
			for (let run = 0; run < bigRepeats; run++) {
				for (const build of builds) {
					// eslint-disable-next-line no-await-in-loop
					runs[build.index]!.push((await bigRun(tmux, directory, lab.kubeconfig, `${run}-${build.index}`, async () => undefined, build.inspectorBin)).run);
				}
				// eslint-disable-next-line no-await-in-loop
				if (kubectl) kubectlPods.push(await wall('kubectl', [...kubectlArgs, 'get', 'pods', '-A', '-o', 'wide']));
				loads.push(loadAverage());
			}
			const kubectlMs = median(kubectlPods.map(entry => entry.ms));
			for (const build of builds) {
				const of = (pick: (run: BigRun) => number) => median(runs[build.index]!.map(pick));
				figures.push(
					row(`${build.label}nodes on screen`, seconds(of(run => run.nodes)), ''),
					row(`${build.label}first screen of pods (loading …)`, seconds(of(run => run.podsFirst)), '<= 5 s'),
					row(`${build.label}all pods on screen | kubectl get pods -A -o wide`, seconds(of(run => run.pods)), '<= 0.5x', kubectl ? seconds(kubectlMs) : 'no kubectl', ratio(of(run => run.pods), kubectlMs)),
					row(`${build.label}Enter on a node -> its pods judged on screen`, millis(of(run => run.enterToJudged)), ''),
					row(`${build.label}  of which tables arrived -> judged on screen`, millis(of(run => run.tablesToJudged)), '<= 1 s'),
					row(`${build.label}peak RSS (loaded, one node judged) | kubectl`, `${of(run => run.peakMb).toFixed(0)} MB`, '<= 600 MB', kubectl ? `${median(kubectlPods.map(entry => entry.peakMb)).toFixed(0)} MB` : 'no kubectl'),
				);
			}

			// The lab after the burst (the inspectors' and kubectl's LISTs of 150,000 pods), in 5 s windows until
			// LAB_SETTLE_SECONDS: V8's memory reducer collects its heap a few times then, the burst's cost, shown
			// rather than waited out. Then idle: the lab alone, then the inspector with the control plane
			// inspected (5 s refresh) and the lab; each build NETINSPECT_BENCH_BIG_REPEATS times, alternately. The
			// inspector's CPU is shown in 5 s windows from the end of its load: its own memory reducer gives back a
			// few hundred MB in the first minute or so (full collections), then it idles.
			const labAfterBurst = await cpuWindows(lab.process.pid!, labSettleMs);
			const labRss = memory(lab.process.pid!, 'VmRSS');
			const labAlone = await cpuWindows(lab.process.pid!, idleSeconds * 1000);
			type Idle = {readonly settling: Awaited<ReturnType<typeof cpuWindows>>; readonly inspector: number; readonly lab: number; readonly rssBefore: number; readonly rssAfter: number};
			const idle: Idle[][] = builds.map(() => []);
			for (let run = 0; run < bigRepeats; run++) {
				for (const build of builds) {
					// eslint-disable-next-line no-await-in-loop
					const measured = await bigRun(tmux, directory, lab.kubeconfig, `idle-${run}-${build.index}`, async (_session, pid) => {
						const rssBefore = memory(pid, 'VmRSS');
						const settling = await cpuWindows(pid, settleMs);
						const [inspector, labCpu] = await cpuPercent([pid, lab.process.pid!], idleSeconds * 1000);
						return {settling, inspector: inspector!, lab: labCpu!, rssBefore, rssAfter: memory(pid, 'VmRSS')};
					}, build.inspectorBin);
					idle[build.index]!.push(measured.then);
					loads.push(loadAverage());
				}
			}
			figures.push(
				row(
					`the lab in the ${labSettleMs / 1000} s after the burst: mean | back under 2 % after (5 s windows: ${labAfterBurst.windows.map(percent => percent.toFixed(0)).join(' ')} %)`,
					`${labAfterBurst.mean.toFixed(1)} % | ${seconds(labAfterBurst.settledMs)}`,
					'',
				),
				row(
					`the lab over ${idleSeconds} s, idle alone then (5 s windows: ${labAlone.windows.map(percent => percent.toFixed(0)).join(' ')} %; lab RSS ${labRss.toFixed(0)} MB)`,
					`${labAlone.mean.toFixed(1)} %`,
					'<= 2 %',
				),
			);
			for (const build of builds) {
				const runsOf = idle[build.index]!;
				const inspector = runsOf.map(entry => entry.inspector);
				const first = runsOf[0]!;
				figures.push(
					row(
						`${build.label}inspector in the ${settleMs / 1000} s after loading, run 1 (5 s windows: ${first.settling.windows.map(percent => percent.toFixed(0)).join(' ')} %; RSS ${first.rssBefore.toFixed(0)} -> ${first.rssAfter.toFixed(0)} MB)`,
						`${first.settling.mean.toFixed(1)} %`,
						'',
					),
					row(`${build.label}then idle CPU over ${idleSeconds} s, node inspected, 5 s refresh (median; runs)`, `${median(inspector).toFixed(1)} % (${inspector.map(value => value.toFixed(1)).join(', ')})`, '<= 2 %'),
					row(`${build.label}the lab meanwhile (median)`, `${median(runsOf.map(entry => entry.lab)).toFixed(1)} %`, '<= 2 %'),
				);
			}
		} finally {
			await lab.stop();
		}

		// Key -> frame while the control plane is inspected and the lab changes 2,000 pods a second.
		const churnLab = await startLab(directory, [...bigLabArgs, '--pod-churn', String(podEventsPerSecond)], 'big-churn');
		try {
			const churn: {latencies: number[]; cpu: number; peakMb: number}[][] = builds.map(() => []);
			for (let run = 0; run < bigRepeats; run++) {
				for (const build of builds) {
					// eslint-disable-next-line no-await-in-loop
					const keys = await bigRun(tmux, directory, churnLab.kubeconfig, `keys-${run}-${build.index}`, async (session, pid, marksFile) => {
						tmux.keys(session, 'Tab');
						await sleep(500);
						const from = performance.now();
						const cpuBefore = cpuTicks(pid);
						const startedAt = readMarks(marksFile).get('key')?.at(-1) ?? 0;
						for (let i = 0; i < 60; i++) {
							const before = readMarks(marksFile).get('key-frame')?.length ?? 0;
							tmux.keys(session, 'j');
							// eslint-disable-next-line no-await-in-loop
							await waitUntil(() => ((readMarks(marksFile).get('key-frame')?.length ?? 0) > before ? true : undefined), 10_000, 'a key frame');
							// eslint-disable-next-line no-await-in-loop
							await sleep(60 + (i % 5) * 20);
						}
						const cpu = ((cpuTicks(pid) - cpuBefore) / ticksPerSecond / ((performance.now() - from) / 1000)) * 100;
						return {latencies: keyLatencies(readMarks(marksFile), startedAt + 0.01), cpu};
					}, build.inspectorBin);
					churn[build.index]!.push({...keys.then, peakMb: keys.run.peakMb});
					loads.push(loadAverage());
				}
			}
			for (const build of builds) {
				const latencies = churn[build.index]!.flatMap(entry => entry.latencies);
				const peaks = churn[build.index]!.map(entry => entry.peakMb);
				figures.push(
					row(`${build.label}key -> frame under ${podEventsPerSecond} pod events/s, 5,000 routes inspected, p50 / p95 of ${latencies.length}`, `${millis(percentile(latencies, 50))} / ${millis(percentile(latencies, 95))}`, 'p95 <= 50 ms'),
					row(`${build.label}CPU while typing under ${podEventsPerSecond} pod events/s | peak RSS (median; runs)`, `${median(churn[build.index]!.map(entry => entry.cpu)).toFixed(0)} % | ${median(peaks).toFixed(0)} MB (${peaks.map(value => value.toFixed(0)).join(', ')})`, '<= 600 MB'),
				);
			}
		} finally {
			await churnLab.stop();
		}
		figures.push(row('load average (1 5 15 min) at the start, after each step', loads.join(' / '), ''));
	} finally {
		tmux.close();
		rmSync(directory, {recursive: true, force: true});
	}
	return figures;
}

/** The UI section's lines (printed by run.ts); builds dist/ first when it is missing. */
export async function uiSection(): Promise<string[]> {
	const lines: string[] = [];
	if (!existsSync(bin)) spawnSync(process.execPath, ['scripts/bundle.mjs'], {cwd: root, stdio: 'inherit'});
	const kubectl = runs('kubectl', ['version', '--client']);
	const tmux = runs('tmux', ['-V']);
	lines.push(`UI: the built bin (dist/cli.js) in tmux against the lab (own process), medians of ${repeats} runs${kubectl ? ', beside kubectl' : '; kubectl is not installed: no yardstick column'}`);
	if (!tmux) {
		lines.push('  tmux is not installed: the terminal figures are skipped');
		return lines;
	}
	const figures = await clusterFigures({
		name: 'seed',
		labArgs: [],
		runs: repeats,
		node: 'networking-worker2',
		kubectl,
		timeoutMs: 60_000,
		targets: {firstFrame: '<= 0.35 s', pods: '<= 0.6 s, <= 3x', rss: '<= 120 MB', idle: '<= 1 %', key: '-'},
	});
	if (big) {
		figures.push(...(await bigFigures(kubectl)));
	} else {
		lines.push('  (the 5,000-node / 150,000-pod lab takes minutes: NETINSPECT_BENCH_BIG=1 npm run bench runs it)');
	}
	const header: Figure = {what: 'measure', ours: 'netinspect', yardstick: 'kubectl', ratio: 'ratio', target: 'target'};
	const all = [header, ...figures];
	const keys = ['what', 'ours', 'yardstick', 'ratio', 'target'] as const;
	const widths = keys.map(key => Math.max(...all.map(figure => figure[key].length)));
	for (const figure of all) lines.push(`  ${keys.map((key, index) => (index === 0 ? figure[key].padEnd(widths[index]!) : figure[key].padStart(widths[index]!))).join('  ')}`);
	return lines;
}

if (process.argv[1]?.endsWith('ui.ts')) {
	// `npx tsx test/bench/ui.ts big`: the 5,000-node part alone.
	if (process.argv[2] === 'big') {
		const figures = await bigFigures(runs('kubectl', ['version', '--client']));
		for (const figure of figures) console.log(`  ${figure.what}  ${figure.ours}  ${figure.yardstick}  ${figure.ratio}  ${figure.target}`);
	} else {
		for (const line of await uiSection()) console.log(line);
	}
}
