/**
 * Reads one node's routes and interfaces through its debug pod: detects the tools once (`ip -V`: iproute2
 * or not), then prefers `ip -j route show table all` (v4 and v6), `ip -j addr` and `ip -d -j link`, else
 * `route -n` (or /proc/net/route) and `ip addr` text, or `ifconfig -a` where `ip` is missing. Every command is an argument array with its own
 * timeout; exit 126/127 means the image lacks it.
 */
import {mergeLinkKinds, parseIpAddrJson, parseIpLinkJson} from '../net/parse-ip-json.js';
import {parseIpAddr} from '../net/parse-ip-addr.js';
import {parseIfconfig} from '../net/parse-ifconfig.js';
import {parseIpRouteJson} from '../net/parse-ip-route-json.js';
import {parseProcNetRoute} from '../net/parse-proc-net-route.js';
import {parseRouteN} from '../net/parse-route-n.js';
import type {Interface, ParseWarning, Route} from '../net/types.js';
import type {ApiConfig} from './api-client.js';
import type {PodRef} from './cleanup.js';
import {containerName} from './debug-pod-spec.js';
import {execInPod, type ExecResult} from './exec.js';
import {imageCommandMissing, roleHint} from './probe-failure.js';
import {sanitizeLine} from '../text/sanitize.js';
import type {ProbeFailure} from './types.js';

export type ProbeTools = 'iproute2' | 'basic';

export type ProbeOptions = {
	readonly image: string;
	/** Per command (default 10 s). */
	readonly commandTimeoutMs?: number;
	/** Known from an earlier probe of the same pod: skips detection. */
	readonly tools?: ProbeTools;
	readonly signal?: AbortSignal;
	/** The debug pod's namespace, for the RBAC hint when exec is refused. */
	readonly namespace?: string;
	/** The last read of this node: when the commands print exactly what they printed then, it is returned as is. */
	readonly previous?: NodeTables;
};

export type NodeTables = {
	readonly tools: ProbeTools;
	readonly routes: readonly Route[];
	readonly interfaces: readonly Interface[];
	readonly warnings: readonly ParseWarning[];
	/**
	 * What the commands printed (with which command and outcome): a later read that prints the same is not
	 * parsed again (a 5,000-route table costs ~15 ms to parse and diff, every refresh, almost always for nothing).
	 */
	readonly outputs?: readonly string[];
};

export type ProbeResult = {readonly ok: true; readonly tables: NodeTables} | {readonly ok: false; readonly failure: ProbeFailure};

/** What runs a command in the pod: execInPod in production; tests may pass their own. */
export type CommandRunner = (command: readonly string[], timeoutMs: number, signal?: AbortSignal) => Promise<ExecResult>;

export function podCommandRunner(kubeConfig: ApiConfig, pod: PodRef): CommandRunner {
	return async (command, timeoutMs, signal) =>
		execInPod(kubeConfig, {
			namespace: pod.namespace,
			pod: pod.name,
			container: containerName,
			command,
			timeoutMs,
			...(signal ? {signal} : {}),
		});
}

function isMissing(result: ExecResult): boolean {
	if (result.exitCode === 126 || result.exitCode === 127) return true;
	const text = `${result.error ?? ''} ${result.stderr}`;
	return result.exitCode === null && /executable file not found|no such file or directory/i.test(text);
}

class ProbeError extends Error {
	readonly failure: ProbeFailure;

	constructor(failure: ProbeFailure) {
		super(failure.message);
		this.failure = failure;
	}
}

function execFailure(command: readonly string[], result: ExecResult, namespace = '<debug namespace>'): ProbeFailure {
	const shown = sanitizeLine(command.join(' '), 80);
	if (result.outcome === 'timeout') {
		return {
			reason: 'timeout',
			message: `\`${shown}\` did not finish in time`,
			fix: 'the node or the API server is slow or the exec hangs; try again, or check the node',
		};
	}
	if (result.httpStatus === 403) {
		return {reason: 'forbidden', message: `not allowed to exec: ${result.error ?? ''}`, fix: roleHint(namespace)};
	}
	return {
		reason: 'exec-failed',
		message: `\`${shown}\` failed: ${result.error ?? `exit ${result.exitCode ?? '?'}`}${result.stderr ? `: ${sanitizeLine(result.stderr, 200)}` : ''}`,
		fix: 'try again; if it persists, check the debug pod (kubectl describe pod)',
	};
}

/** Output cap of one command (exec.ts and local-runner.ts keep at most this much). */
export const outputCapBytes = 4 * 1024 * 1024;

function tooMuchOutput(command: readonly string[]): ProbeFailure {
	return {
		reason: 'exec-failed',
		message: `\`${sanitizeLine(command.join(' '), 80)}\` printed more than ${outputCapBytes / 1024 / 1024} MB, the limit netinspect reads; the table would be incomplete`,
		fix: 'capture it yourself (kubectl exec … > file) and judge it with netinspect analyze --routes FILE',
	};
}

/** Runs a command that must succeed; 'missing' when the image lacks it. */
async function required(
	run: CommandRunner,
	command: readonly string[],
	timeoutMs: number,
	signal?: AbortSignal,
): Promise<string | 'missing'> {
	const result = await run(command, timeoutMs, signal);
	// A table cut at the output cap would judge IPs against part of the routes: never use it as if whole.
	if (result.truncated) throw new ProbeError(tooMuchOutput(command));
	if (result.outcome === 'exited' && result.exitCode === 0) return result.stdout;
	if (result.outcome === 'exited' && isMissing(result)) return 'missing';
	throw new ProbeError(execFailure(command, result));
}

/** Runs every command through `run`, turning a refused exec into a failure that names the namespace. */
function withNamespaceHint(run: CommandRunner, namespace: string | undefined): CommandRunner {
	if (namespace === undefined) return run;
	return async (command, timeoutMs, signal) => {
		const result = await run(command, timeoutMs, signal);
		if (result.outcome === 'error' && result.httpStatus === 403) throw new ProbeError(execFailure(command, result, namespace));
		return result;
	};
}

export async function detectTools(run: CommandRunner, timeoutMs: number, signal?: AbortSignal): Promise<ProbeTools> {
	const result = await run(['ip', '-V'], timeoutMs, signal);
	// Only an answer from the image tells its tools: a lost or refused exec says nothing about them, and a
	// guess of 'basic' would stick for the whole session once the other commands get through.
	if (result.outcome !== 'exited') throw new ProbeError(execFailure(['ip', '-V'], result));
	return result.exitCode === 0 && /iproute2/i.test(result.stdout) ? 'iproute2' : 'basic';
}

function withoutEmptyWarnings(text: string, warnings: readonly ParseWarning[]): readonly ParseWarning[] {
	const trimmed = text.trim();
	return trimmed === '' || trimmed === '[]' ? [] : warnings;
}

/** `previous` when it was read from exactly these outputs, else what `parse` makes of them (remembering them). */
function parsedOnce(previous: NodeTables | undefined, outputs: readonly string[], parse: () => NodeTables): NodeTables {
	const before = previous?.outputs;
	if (previous && before && before.length === outputs.length && before.every((output, index) => output === outputs[index])) return previous;
	return {...parse(), outputs};
}

/** An optional command's outcome as part of the outputs (its exit code decides whether it is parsed). */
function outcomeOf(result: ExecResult): string {
	return `${result.outcome} ${result.exitCode ?? ''}`;
}

async function probeIproute2(run: CommandRunner, image: string, timeoutMs: number, signal?: AbortSignal, previous?: NodeTables): Promise<NodeTables> {
	const [routes4, routes6, addresses, links] = await Promise.all([
		required(run, ['ip', '-j', 'route', 'show', 'table', 'all'], timeoutMs, signal),
		run(['ip', '-6', '-j', 'route', 'show', 'table', 'all'], timeoutMs, signal),
		required(run, ['ip', '-j', 'addr'], timeoutMs, signal),
		run(['ip', '-d', '-j', 'link'], timeoutMs, signal),
	]);
	if (routes4 === 'missing' || addresses === 'missing') throw new ProbeError(imageCommandMissing('ip', image));
	if (routes6.truncated) throw new ProbeError(tooMuchOutput(['ip', '-6', '-j', 'route', 'show', 'table', 'all']));
	const outputs = ['ip -j', routes4, outcomeOf(routes6), routes6.stdout, addresses, outcomeOf(links), links.stdout];
	return parsedOnce(previous, outputs, () => parseIproute2(routes4, routes6, addresses, links));
}

function parseIproute2(routes4: string, routes6: ExecResult, addresses: string, links: ExecResult): NodeTables {
	// iproute2 6.x lists both families under `table all`; the -6 call is for older ones. Keep each family once.
	const parsed4 = parseIpRouteJson(routes4);
	const parsed6 =
		routes6.outcome === 'exited' && routes6.exitCode === 0
			? parseIpRouteJson(routes6.stdout, 6)
			: {routes: [], warnings: [], format: 'ip-route-json' as const};
	const parsedAddresses = parseIpAddrJson(addresses);
	const parsedLinks =
		links.outcome === 'exited' && links.exitCode === 0 ? parseIpLinkJson(links.stdout) : {interfaces: [], warnings: []};
	return {
		tools: 'iproute2',
		routes: [...parsed4.routes.filter(route => route.family === 4 || parsed6.routes.length === 0), ...parsed6.routes],
		interfaces: mergeLinkKinds(parsedAddresses.interfaces, parsedLinks.interfaces),
		warnings: [
			...parsed4.warnings,
			...(routes6.outcome === 'exited' ? withoutEmptyWarnings(routes6.stdout, parsed6.warnings) : []),
			...parsedAddresses.warnings,
			...parsedLinks.warnings,
		],
	};
}

async function probeBasic(run: CommandRunner, image: string, timeoutMs: number, signal?: AbortSignal, previous?: NodeTables): Promise<NodeTables> {
	const [routeN, addresses] = await Promise.all([
		required(run, ['route', '-n'], timeoutMs, signal),
		required(run, ['ip', 'addr'], timeoutMs, signal),
	]);
	// The usual case (BusyBox): both there. The fallbacks below are parsed every time.
	if (routeN !== 'missing' && addresses !== 'missing') {
		return parsedOnce(previous, ['route -n', routeN, addresses], () => {
			const parsedRoutes = parseRouteN(routeN);
			const parsedAddresses = parseIpAddr(addresses);
			return {
				tools: 'basic',
				routes: parsedRoutes.routes,
				interfaces: parsedAddresses.interfaces,
				warnings: [...parsedRoutes.warnings, ...parsedAddresses.warnings],
			};
		});
	}
	let routes: readonly Route[];
	let routeWarnings: readonly ParseWarning[];
	if (routeN === 'missing') {
		const proc = await required(run, ['cat', '/proc/net/route'], timeoutMs, signal);
		if (proc === 'missing') throw new ProbeError(imageCommandMissing('route', image));
		({routes, warnings: routeWarnings} = parseProcNetRoute(proc));
	} else {
		({routes, warnings: routeWarnings} = parseRouteN(routeN));
	}
	if (addresses === 'missing') {
		// Images with net-tools but no iproute2 (or an old BusyBox) still have ifconfig: primary IPv4 only.
		const ifconfig = await required(run, ['ifconfig', '-a'], timeoutMs, signal);
		if (ifconfig !== 'missing') {
			const parsed = parseIfconfig(ifconfig);
			return {tools: 'basic', routes, interfaces: parsed.interfaces, warnings: [...routeWarnings, ...parsed.warnings]};
		}
		return {
			tools: 'basic',
			routes,
			interfaces: [],
			warnings: [
				...routeWarnings,
				{line: null, text: 'ip addr', reason: `\`ip\` is not in the image ${sanitizeLine(image, 80)}, nor \`ifconfig\`: no interfaces read`},
			],
		};
	}
	const parsedAddresses = parseIpAddr(addresses);
	return {tools: 'basic', routes, interfaces: parsedAddresses.interfaces, warnings: [...routeWarnings, ...parsedAddresses.warnings]};
}

/** A BusyBox image by its name (`busybox`, `busybox:1.37.0`, `mirror.example:5000/library/busybox@sha256:…`). */
export function namesBusybox(image: string): boolean {
	const last = image.split('/').at(-1) ?? '';
	return /^busybox(?:[:@]|$)/.test(last);
}

export async function probeTables(run: CommandRunner, options: ProbeOptions): Promise<ProbeResult> {
	const timeoutMs = options.commandTimeoutMs ?? 10_000;
	run = withNamespaceHint(run, options.namespace);
	// BusyBox (the default image) has no iproute2: its `route -n` and `ip addr` go out with the tool check instead
	// of after it, one exec round trip sooner. `ip -V` still decides; an iproute2 answer drops these reads.
	const guessed = options.tools === undefined && namesBusybox(options.image) ? probeBasic(run, options.image, timeoutMs, options.signal, options.previous) : null;
	guessed?.catch(() => undefined);
	try {
		const tools = options.tools ?? (await detectTools(run, timeoutMs, options.signal));
		const tables =
			tools === 'iproute2'
				? await probeIproute2(run, options.image, timeoutMs, options.signal, options.previous)
				: await (guessed ?? probeBasic(run, options.image, timeoutMs, options.signal, options.previous));
		return {ok: true, tables};
	} catch (error) {
		if (error instanceof ProbeError) return {ok: false, failure: error.failure};
		return {ok: false, failure: {reason: 'unknown', message: sanitizeLine(error) || 'probe failed', fix: 'try again'}};
	}
}
