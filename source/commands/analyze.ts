/**
 * `netinspect analyze`: judge pod IPs against captured node output, no cluster needed.
 * Reads route tables (`route -n`, `ip route`, `ip -j route`, /proc/net/route) and interfaces (`ip addr`,
 * `ip -o addr`, `ip -br addr`, `ifconfig`, `ip -j addr`, `ip -d -j link`), optionally `kubectl get nodes/pods
 * -o json`, and prints the verdicts. An address file that cannot be read or recognised is a warning: the
 * routes are judged without it.
 */
import {canonicalIp} from '../net/ip.js';
import {mergeLinkKinds, parseAny} from '../net/detect-format.js';
import {buildClusterIndex} from '../net/cluster-index.js';
import {judgeAll, prepareNetwork} from '../net/reachability.js';
import type {ClusterNode, ClusterPod, Interface, Route, SourceFormat} from '../net/types.js';
import {clusterNodesFromList, clusterPodsFromList} from '../kube/cluster-objects.js';
import {analysisJsonText, type Analysis, type SourcedWarning} from './analysis-output.js';
import {exitCodes, type Command, type CommandIo} from './command.js';
import {sanitizeLine} from '../text/sanitize.js';
import {listShapeProblem, type ListKind} from './list-shape.js';
import {parseFlags, UsageError, wantsHelp} from './parse-flags.js';
import {InputError, readInputs, type InputText} from './read-input.js';

export const analyzeHelp = `
  Usage
    $ netinspect analyze --routes FILE [--routes FILE] [--addrs FILE]... [--node NAME]
                         [--nodes FILE] [--pods FILE] [--ip IP]... [--json]

  Judges every pod IP in --pods (status.podIPs) and every --ip against a node's route table:
  which route carries it, out of which interface, to which next hop and which node.

  Options
    --routes FILE   route table: \`route -n\`, \`route -n -A inet6\`, \`ip route [show table all]\`,
                    \`ip -j route\`, or /proc/net/route (the format is detected); repeat for IPv6
    --addrs FILE    interfaces: \`ip addr\`, \`ip -o addr\`, \`ip -br addr\`, \`ifconfig\`, \`ip -j addr\` or
                    \`ip -d -j link\`; repeat to combine (one it cannot read is a warning)
    --node NAME     the node the tables come from (for local pods and next hops)
    --nodes FILE    \`kubectl get nodes -o json\`
    --pods FILE     \`kubectl get pods -A -o json\`
    --ip IP         also judge this IP; repeat for more
    --json          one JSON object (node, input, routes, interfaces, verdicts, warnings)
    FILE may be - for standard input (once). Each FILE must be text of at most 128 MiB
    (a table at most 2,000,000 lines): a full BGP table (~1M routes) fits.

  Exit status: 0 when it could judge (problems are data), 2 for unusable arguments or input.

  Examples
    $ kubectl debug node/w2 -it --image=busybox -- route -n > w2-routes.txt
    $ kubectl get pods -A -o json > pods.json; kubectl get nodes -o json > nodes.json
    $ netinspect analyze --routes w2-routes.txt --node w2 --nodes nodes.json --pods pods.json
    $ ip -j route show table all | netinspect analyze --routes - --ip 10.244.1.5 --json
`;

const flags = {
	routes: {type: 'string', isMultiple: true},
	addrs: {type: 'string', isMultiple: true},
	node: {type: 'string'},
	nodes: {type: 'string'},
	pods: {type: 'string'},
	ip: {type: 'string', isMultiple: true},
	json: {type: 'boolean', default: false},
} as const;

type Options = {
	readonly routes: readonly string[];
	readonly addrs: readonly string[];
	readonly node: string | null;
	readonly nodes: string | null;
	readonly pods: string | null;
	readonly ips: readonly string[];
	readonly json: boolean;
};

function parseOptions(argv: readonly string[]): Options {
	const cli = parseFlags(argv, flags, analyzeHelp);
	if (cli.input.length > 0) throw new UsageError(`unexpected argument "${cli.input[0]}" (files go after --routes/--addrs)`);
	const routes = cli.flags.routes ?? [];
	if (routes.length === 0) throw new UsageError('--routes FILE is required (see --help)');
	const ips = (cli.flags.ip ?? []).map(text => {
		const ip = canonicalIp(text.trim());
		if (ip === null) throw new UsageError(`--ip "${sanitizeLine(text, 100)}" is not an IP address`);
		return ip;
	});
	return {
		routes,
		addrs: cli.flags.addrs ?? [],
		node: cli.flags.node ?? null,
		nodes: cli.flags.nodes ?? null,
		pods: cli.flags.pods ?? null,
		ips,
		json: cli.flags.json,
	};
}

/** Reads `--pods` / `--nodes`: JSON, and a list of that kind (exit 2 naming what it is instead). */
function parseList(input: InputText, kind: ListKind): unknown {
	const expected = `expected \`kubectl get ${kind === 'Pod' ? 'pods -A' : 'nodes'} -o json\``;
	let document: unknown;
	try {
		document = JSON.parse(input.text) as unknown;
	} catch {
		throw new InputError(`${input.label}: not JSON (${expected})`);
	}
	const problem = listShapeProblem(document, kind);
	if (problem !== null) throw new InputError(`${input.label}: ${expected}, ${problem}`);
	return document;
}

/**
 * Most lines (for JSON: objects) one table input may hold: a full BGP table (~1M routes) fits twice over, and
 * the routes built from it stay within a few GB.
 */
export const maxTableEntries = 2_000_000;

function countOf(text: string, character: string): number {
	let count = 0;
	for (let at = text.indexOf(character); at !== -1; at = text.indexOf(character, at + 1)) count++;
	return count;
}

/** Why a table input is too big to parse (more lines, for JSON objects, than {@link maxTableEntries}), or null. */
function sizeProblem(input: InputText): string | null {
	const json = input.text.trimStart().startsWith('[');
	const entries = countOf(input.text, json ? '{' : '\n');
	return entries > maxTableEntries ? `${input.label}: too big (${entries} ${json ? 'JSON objects' : 'lines'}; at most ${maxTableEntries} are read)` : null;
}

type Tables = {
	readonly routes: Route[];
	readonly interfaces: Interface[];
	readonly warnings: SourcedWarning[];
	readonly formats: SourceFormat[];
};

function readTables(options: Options, texts: ReadonlyMap<string, InputText>): Tables {
	const routes: Route[] = [];
	const warnings: SourcedWarning[] = [];
	const interfaces: Interface[] = [];
	const links: Interface[] = [];
	const formats: SourceFormat[] = [];
	for (const path of options.routes) {
		const input = texts.get(path)!;
		const tooBig = sizeProblem(input);
		if (tooBig !== null) throw new InputError(tooBig);
		const parsed = parseAny(input.text);
		if (parsed.kind === 'unknown') throw new InputError(`${input.label}: not a route table this tool knows (route -n, ip route, ip -j route)`);
		if (parsed.kind !== 'routes') throw new InputError(`${input.label}: this is interface output; pass it with --addrs`);
		formats.push(parsed.result.format);
		// One push per item: a spread of a full BGP table (~1M routes) overflows the call stack.
		for (const route of parsed.result.routes) routes.push(route);
		for (const warning of parsed.result.warnings) warnings.push({...warning, source: input.label});
	}
	for (const path of options.addrs) {
		const input = texts.get(path);
		if (input === undefined) continue; // unreadable: already a warning (readAddressFiles)
		const tooBig = sizeProblem(input);
		if (tooBig !== null) {
			warnings.push({line: null, text: '', reason: `${tooBig}: judged without it`, source: input.label});
			continue;
		}
		const parsed = parseAny(input.text);
		if (parsed.kind === 'unknown') {
			const reason = 'not interface output this tool knows (ip addr, ip -o addr, ip -br addr, ifconfig, ip -j addr, ip -d -j link): judged without it';
			for (const item of parsed.warnings) warnings.push({...item, reason, source: input.label});
			continue;
		}
		if (parsed.kind !== 'interfaces') throw new InputError(`${input.label}: this is a route table; pass it with --routes`);
		formats.push(parsed.result.format);
		const target = parsed.result.format === 'ip-link-json' ? links : interfaces;
		for (const device of parsed.result.interfaces) target.push(device);
		for (const warning of parsed.result.warnings) warnings.push({...warning, source: input.label});
	}
	const merged = interfaces.length > 0 ? mergeLinkKinds(interfaces, links) : links;
	return {routes, interfaces: [...merged], warnings, formats};
}

export function analyzeTexts(options: Options, texts: ReadonlyMap<string, InputText>): Analysis {
	const tables = readTables(options, texts);
	const nodes: readonly ClusterNode[] = options.nodes ? clusterNodesFromList(parseList(texts.get(options.nodes)!, 'Node')) : [];
	const pods: readonly ClusterPod[] = options.pods ? clusterPodsFromList(parseList(texts.get(options.pods)!, 'Pod')) : [];
	const prepared = prepareNetwork({node: options.node, routes: tables.routes, interfaces: tables.interfaces});
	const verdicts = judgeAll(prepared, buildClusterIndex(nodes, pods), options.ips);
	return {node: options.node, formats: tables.formats, routes: tables.routes, interfaces: tables.interfaces, verdicts, warnings: tables.warnings};
}

/**
 * Reads the --addrs files that the other inputs did not already read. One that cannot be read becomes a
 * warning (the routes can still be judged); stdin may still be given only once overall.
 */
async function readAddressFiles(options: Options, texts: Map<string, InputText>, stdin: NodeJS.ReadableStream): Promise<SourcedWarning[]> {
	const warnings: SourcedWarning[] = [];
	for (const path of options.addrs) {
		if (texts.has(path)) continue;
		try {
			for (const [key, value] of await readInputs([path], stdin)) texts.set(key, value);
		} catch (error) {
			if (!(error instanceof InputError)) throw error;
			warnings.push({line: null, text: '', reason: `${error.message}: judged without it`, source: path === '-' ? 'stdin' : path});
		}
	}
	return warnings;
}

async function run(io: CommandIo): Promise<number> {
	if (wantsHelp(io.argv)) {
		io.stdout.write(`${analyzeHelp}\n`);
		return exitCodes.ok;
	}
	try {
		const options = parseOptions(io.argv);
		const paths = [...options.routes, ...[options.nodes, options.pods].filter(path => path !== null)];
		if ([...paths, ...options.addrs].filter(path => path === '-').length > 1) throw new InputError('"-" (stdin) can be given only once');
		const texts = await readInputs(paths, io.stdin);
		const unreadable = await readAddressFiles(options, texts, io.stdin);
		const analyzed = analyzeTexts(options, texts);
		const analysis = {...analyzed, warnings: [...unreadable, ...analyzed.warnings]};
		if (options.json) {
			io.stdout.write(`${analysisJsonText(analysis)}\n`);
		} else {
			const {writeAnalysis} = await import('./analysis-table.js');
			writeAnalysis(analysis, io.stdout);
		}
		return exitCodes.ok;
	} catch (error) {
		if (error instanceof UsageError || error instanceof InputError) {
			io.stderr.write(`netinspect analyze: ${error.message}\n`);
			return exitCodes.usage;
		}
		throw error;
	}
}

export const command: Command = {
	name: 'analyze',
	summary: 'judge pod IPs against captured route / address output',
	run,
};
