/**
 * `netinspect trace SRC DST`: the path between two pods (or IPs, or nodes) both ways, hop by hop, from the
 * tables of the nodes it crosses: live through debug pods (trace-live.ts), or offline from captured files
 * (`--capture NODE=DIR`). Prints the path as a picture (trace-picture.ts) or, with --json, one object.
 */
import {readdir, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {clusterNodesFromList, clusterPodsFromList} from '../kube/cluster-objects.js';
import {buildClusterIndex, type ClusterIndex} from '../net/cluster-index.js';
import {parseIp} from '../net/ip.js';
import {readCapturedNode, type CapturedNode, type SourcedWarning} from '../net/trace-capture.js';
import {parseEndpointSpec, resolveEndpoint, type EndpointSpec} from '../net/trace-endpoint.js';
import {prepareTraceNetwork, trace, tunnelKind, type TraceNetwork} from '../net/trace.js';
import type {Endpoint, Trace, TraceNode} from '../net/trace-types.js';
import {defaultDebugImage, defaultDebugNamespace} from '../kube/debug-pod-spec.js';
import {sanitizeLine, sanitizeText} from '../text/sanitize.js';
import {exitCodes, type Command, type CommandIo} from './command.js';
import {parseFlags, UsageError, wantsHelp} from './parse-flags.js';
import {InputError, readInputs} from './read-input.js';
import {tracePicture} from './trace-picture.js';

export const traceHelp = `
  Usage
    $ netinspect trace SRC DST [--json] [--kubeconfig FILE] [--context NAME] [-n NS]
                               [--image IMAGE] [--debug-namespace NS] [--timeout SECONDS]
    $ netinspect trace SRC DST --capture NODE=DIR [--capture NODE=DIR]... [--nodes FILE] [--pods FILE] [--json]

  Follows a packet from SRC to DST and the reply back, node by node: which rule and route each node
  uses, out of which device, to which node; whether it arrives; the smallest MTU on the way; and
  what breaks it (missing-host-route, blackhole, no-route, rp-filter-drop, mtu-mismatch, loop, ...).
  SRC and DST are NS/POD, POD (in -n), an IP, or node/NAME.

  Live, it reads the tables of every node the path crosses through short-lived debug pods (host
  network, no privileges; deleted before exit). Offline (--capture), it reads captured files instead.

  Options
    --json                   one JSON object: source, destination, forward, reverse, pathMtu, problems, warnings
    --capture NODE=DIR       NODE's captured files: any of \`ip route show table all\`, \`ip -j route ...\`,
                             \`route -n\`, \`ip addr\`, \`ip -j addr\`, \`ip -d -j link\`, \`ip rule\`, \`ip -j rule\`,
                             \`grep -r . /proc/sys/net/ipv4/conf\` (rp_filter), each detected by content
    --nodes FILE             \`kubectl get nodes -o json\` (offline: which node owns which address)
    --pods FILE              \`kubectl get pods -A -o json\` (offline: pods by name and IP)
    -n, --namespace NS       namespace of a POD without NS/ (default: the context's, else default)
    --kubeconfig FILE        kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config)
    --context NAME           kubeconfig context (default: the current one)
    --image IMAGE            debug pod image (default ${defaultDebugImage}; iproute2 images give rules and all tables)
    --debug-namespace NS     where the debug pods run (default ${defaultDebugNamespace})
    --timeout SECONDS        how long a debug pod may take to start (default 120)

  Exit status: 0 when it could trace (a broken path is data), 1 when a probe failed, 2 for bad arguments.

  Examples
    $ netinspect trace default/web-1 default/db-0
    $ netinspect trace 10.244.1.5 10.244.2.7 --capture w1=./w1 --capture w2=./w2 --pods pods.json --json
`;

const flags = {
	json: {type: 'boolean', default: false},
	capture: {type: 'string', isMultiple: true},
	nodes: {type: 'string'},
	pods: {type: 'string'},
	namespace: {type: 'string', shortFlag: 'n'},
	kubeconfig: {type: 'string'},
	context: {type: 'string'},
	image: {type: 'string'},
	debugNamespace: {type: 'string'},
	timeout: {type: 'number'},
} as const;

export type TraceOptions = {
	readonly source: EndpointSpec;
	readonly destination: EndpointSpec;
	/** SRC and DST as typed: live, a POD without NS/ is read again in the context's namespace. */
	readonly texts: readonly [string, string];
	readonly json: boolean;
	readonly captures: ReadonlyArray<{readonly node: string; readonly dir: string}>;
	readonly nodes: string | null;
	readonly pods: string | null;
	readonly namespace: string | undefined;
	readonly kubeconfig: string | undefined;
	readonly context: string | undefined;
	readonly image: string;
	readonly debugNamespace: string;
	readonly timeoutMs: number;
};

const nodeNamePattern = /^[a-zA-Z0-9]([-a-zA-Z0-9._]{0,252})?$/;

function parseOptions(argv: readonly string[]): TraceOptions {
	const cli = parseFlags(argv, flags, traceHelp);
	const [sourceText, destinationText, extra] = cli.input;
	if (sourceText === undefined || destinationText === undefined) throw new UsageError('trace what? netinspect trace SRC DST (see --help)');
	if (extra !== undefined) throw new UsageError(`unexpected argument "${sanitizeText(extra)}" (SRC and DST only)`);
	const namespace = cli.flags.namespace ?? 'default';
	const endpoint = (text: string, what: string): EndpointSpec => {
		const spec = parseEndpointSpec(text, namespace);
		if (typeof spec === 'string') throw new UsageError(`${what}: ${sanitizeLine(spec, 200)}`);
		return spec;
	};
	const captures = (cli.flags.capture ?? []).map(text => {
		const equals = text.indexOf('=');
		const node = equals === -1 ? '' : text.slice(0, equals);
		const dir = equals === -1 ? '' : text.slice(equals + 1);
		if (!nodeNamePattern.test(node) || dir === '') throw new UsageError(`--capture ${JSON.stringify(sanitizeText(text))} is not NODE=DIR`);
		return {node, dir};
	});
	const offline = captures.length > 0;
	if (!offline && (cli.flags.nodes !== undefined || cli.flags.pods !== undefined)) throw new UsageError('--nodes and --pods go with --capture (offline)');
	if (offline) {
		for (const name of ['kubeconfig', 'context', 'image', 'debugNamespace', 'timeout'] as const) {
			if (cli.flags[name] !== undefined) throw new UsageError(`--${name === 'debugNamespace' ? 'debug-namespace' : name} is for a live trace, not with --capture`);
		}
	}
	const timeout = cli.flags.timeout ?? 120;
	if (!(timeout > 0)) throw new UsageError('--timeout needs a positive number of seconds');
	return {
		source: endpoint(sourceText, 'SRC'),
		destination: endpoint(destinationText, 'DST'),
		texts: [sourceText, destinationText],
		json: cli.flags.json,
		captures,
		nodes: cli.flags.nodes ?? null,
		pods: cli.flags.pods ?? null,
		namespace: cli.flags.namespace,
		kubeconfig: cli.flags.kubeconfig,
		context: cli.flags.context,
		image: cli.flags.image ?? defaultDebugImage,
		debugNamespace: cli.flags.debugNamespace ?? defaultDebugNamespace,
		timeoutMs: timeout * 1000,
	};
}

/** An endpoint, or a usage error saying why it is none in this cluster. */
export function endpointOrFail(spec: EndpointSpec, cluster: ClusterIndex, what: string, family: 4 | 6 | null = null): Endpoint {
	const resolved = resolveEndpoint(spec, cluster, family);
	if (typeof resolved === 'string') throw new UsageError(`${what}: ${sanitizeLine(resolved, 200)}`);
	return resolved;
}

/** Both endpoints in one family (the destination follows the source's when it has a choice). */
export function resolvePair(options: TraceOptions, cluster: ClusterIndex): {readonly source: Endpoint; readonly destination: Endpoint} {
	const source = endpointOrFail(options.source, cluster, 'SRC');
	const family = parseIp(source.ip)?.family ?? null;
	return {source, destination: endpointOrFail(options.destination, cluster, 'DST', family)};
}

/** For an IP endpoint no cluster data places: the captured node that holds it (its own address or a pod veth). */
function placeByTables(endpoint: Endpoint, network: TraceNetwork, names: readonly string[]): Endpoint {
	if (endpoint.node !== null) return endpoint;
	const ip = parseIp(endpoint.ip);
	if (!ip) return endpoint;
	for (const name of names) {
		const node = network.node(name);
		if (!node) continue;
		const decision = node.router.lookup({destination: ip, source: null, iif: null, mark: 0});
		if (decision.kind === 'local') return {...endpoint, node: name};
		if (decision.route && decision.route.gateway === null && decision.route.interface !== null && decision.route.destination.endsWith(ip.family === 4 ? '/32' : '/128')) {
			return {...endpoint, node: name};
		}
	}
	return endpoint;
}

async function readCaptureDir(node: string, dir: string, stdin: NodeJS.ReadableStream): Promise<CapturedNode> {
	let names: string[];
	try {
		names = (await readdir(dir)).sort();
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new InputError(`--capture ${node}=${dir}: ${code === 'ENOENT' ? 'no such directory' : code === 'ENOTDIR' ? 'not a directory' : sanitizeLine(error)}`);
	}
	const paths: string[] = [];
	for (const name of names) {
		const path = join(dir, name);
		if ((await stat(path)).isFile()) paths.push(path);
	}
	const texts = await readInputs(paths, stdin);
	const captured = readCapturedNode(
		node,
		paths.map(path => ({label: `${node}:${path.slice(dir.length).replace(/^[/\\]/, '')}`, text: texts.get(path)!.text})),
	);
	if (captured.read.routes === 0) throw new InputError(`--capture ${node}=${dir}: no route table among ${paths.length} file(s) (ip route show table all, ip -j route, route -n)`);
	return captured;
}

function parseListFile(text: string, label: string, what: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw new InputError(`${label}: not JSON (expected \`kubectl get ${what} -o json\`)`);
	}
}

const mainTableOnly: ReadonlySet<string> = new Set(['route-n', 'route-n-busybox', 'proc-net-route']);

/**
 * Caveats said once per node: what the input could not show and the trace had to assume. `probed`: the
 * rules and sysctls were asked for live, and the probe's own warnings already say what was missing and why.
 */
export function captureCaveats(nodes: readonly TraceNode[], probed = false): string[] {
	const caveats: string[] = [];
	for (const node of nodes) {
		const name = sanitizeText(node.name);
		const v4 = node.routes.filter(route => route.family === 4);
		if (v4.length > 0 && v4.every(route => mainTableOnly.has(route.source))) {
			caveats.push(`${name}: routes from \`route -n\`: the main table only (an image with iproute2 shows every table)`);
		}
		if (node.rules === null && !probed) caveats.push(`${name}: no \`ip rule\` read; the kernel's default rules are assumed`);
		if (node.sysctls === null && !probed) caveats.push(`${name}: no rp_filter read; reverse-path filtering is not checked`);
		if (node.interfaces.length === 0) caveats.push(`${name}: no interfaces read; MTUs and link states are unknown`);
	}
	return caveats;
}

export type TraceReport = {
	readonly result: Trace;
	readonly nodes: readonly TraceNode[];
	readonly warnings: readonly SourcedWarning[];
	readonly caveats: readonly string[];
};

export function traceToJson(report: TraceReport): unknown {
	const {result} = report;
	return {
		source: result.source,
		destination: result.destination,
		forward: result.forward,
		reverse: result.reverse,
		pathMtu: result.pathMtu,
		problems: result.problems,
		warnings: report.warnings.map(warning => ({source: warning.source, line: warning.line, text: warning.text, reason: warning.reason})),
	};
}

export function writeReport(report: TraceReport, json: boolean, io: CommandIo): void {
	if (json) {
		io.stdout.write(`${JSON.stringify(traceToJson(report), null, 2)}\n`);
		return;
	}
	const stdout = io.stdout as NodeJS.WriteStream;
	const tty = stdout.isTTY === true;
	const byName = new Map(report.nodes.map(node => [node.name, node]));
	const deviceKind = (node: string, device: string): string | null => {
		const found = byName.get(node)?.interfaces.find(entry => entry.name === device);
		return tunnelKind(found, device);
	};
	const width = tty && typeof stdout.columns === 'number' && stdout.columns > 0 ? stdout.columns : 100;
	io.stdout.write(tracePicture(report.result, {width, color: tty && io.env['NO_COLOR'] === undefined, deviceKind}));
	for (const caveat of report.caveats) io.stderr.write(`netinspect trace: ${caveat}\n`);
	const shown = report.warnings.slice(0, 5);
	for (const warning of shown) {
		io.stderr.write(`netinspect trace: ${sanitizeText(warning.source)}${warning.line === null ? '' : `:${warning.line}`}: ${sanitizeText(warning.reason)}\n`);
	}
	if (report.warnings.length > shown.length) io.stderr.write(`netinspect trace: … ${report.warnings.length - shown.length} more warnings (--json lists them)\n`);
}

/** Offline: every --capture DIR read and parsed, the cluster from --nodes/--pods, then one trace. */
export async function traceOffline(options: TraceOptions, io: CommandIo): Promise<TraceReport> {
	const listPaths = [options.nodes, options.pods].filter((path): path is string => path !== null);
	const lists = await readInputs(listPaths, io.stdin);
	const nodesList = options.nodes ? clusterNodesFromList(parseListFile(lists.get(options.nodes)!.text, lists.get(options.nodes)!.label, 'nodes')) : [];
	const podsList = options.pods ? clusterPodsFromList(parseListFile(lists.get(options.pods)!.text, lists.get(options.pods)!.label, 'pods -A')) : [];
	const captured: CapturedNode[] = [];
	for (const capture of options.captures) captured.push(await readCaptureDir(capture.node, capture.dir, io.stdin));
	const cluster = buildClusterIndex(nodesList, podsList);
	const nodes = captured.map(entry => entry.node);
	const network = prepareTraceNetwork(nodes, cluster);
	const pair = resolvePair(options, cluster);
	const names = nodes.map(node => node.name);
	const result = trace(placeByTables(pair.source, network, names), placeByTables(pair.destination, network, names), network);
	return {result, nodes, warnings: captured.flatMap(entry => entry.warnings), caveats: captureCaveats(nodes)};
}

async function run(io: CommandIo): Promise<number> {
	if (wantsHelp(io.argv)) {
		io.stdout.write(`${traceHelp}\n`);
		return exitCodes.ok;
	}
	try {
		const options = parseOptions(io.argv);
		if (options.captures.length > 0) {
			writeReport(await traceOffline(options, io), options.json, io);
			return exitCodes.ok;
		}
		const {traceLive} = await import('./trace-live.js');
		return await traceLive(options, io);
	} catch (error) {
		if (error instanceof UsageError || error instanceof InputError) {
			io.stderr.write(`netinspect trace: ${sanitizeLine(error.message, 400)}\n`);
			return exitCodes.usage;
		}
		throw error;
	}
}

export const command: Command = {
	name: 'trace',
	summary: 'the path between two pods, both ways, hop by hop (live, or offline from --capture)',
	run,
};
