/**
 * `netinspect trace` on a live cluster: lists nodes and pods, resolves SRC and DST, then reads the nodes the
 * path needs through the probe pool with policy rules and sysctls (both ends first, then any node a hop leads
 * to that has no tables yet, at most 8), traces, and stops the pool, which deletes every debug pod (the exit
 * guard does the same on SIGINT, SIGTERM and SIGHUP).
 */
import {CoreV1Api} from '@kubernetes/client-node';
import {apiErrorInfo} from '../kube/api-error.js';
import {clusterNodesFromList, clusterPodsFromList} from '../kube/cluster-objects.js';
import type {LoadedKubeconfig} from '../kube/kubeconfig.js';
import type {ProbeFailure, ProbeState} from '../kube/types.js';
import {buildClusterIndex, type ClusterIndex} from '../net/cluster-index.js';
import type {SourcedWarning} from '../net/trace-capture.js';
import {parseEndpointSpec, type EndpointSpec} from '../net/trace-endpoint.js';
import {prepareTraceNetwork, trace} from '../net/trace.js';
import type {Trace, TraceNode} from '../net/trace-types.js';
import type {ClusterNode, ClusterPod} from '../net/types.js';
import {sanitizeLine, sanitizeText} from '../text/sanitize.js';
import {commandKubeconfig} from './command-kubeconfig.js';
import {exitCodes, type CommandIo} from './command.js';
import {startCommandPool} from './command-pool.js';
import {captureCaveats, resolvePair, writeReport, type TraceOptions} from './trace.js';

/** More nodes than this on one path is a loop or a mistake: stop probing. */
const maxProbedNodes = 8;

class ProbeFailed extends Error {
	readonly failure: ProbeFailure;

	constructor(node: string, failure: ProbeFailure) {
		super(`${sanitizeText(node)}: ${failure.message}`);
		this.failure = failure;
	}
}

async function listCluster(loaded: LoadedKubeconfig): Promise<{readonly nodes: readonly ClusterNode[]; readonly pods: readonly ClusterPod[]}> {
	const api = loaded.kubeConfig.makeApiClient(CoreV1Api);
	const withCause = (what: string) => (error: unknown) => {
		throw new ProbeFailed('cluster', {reason: 'unknown', message: `cannot list ${what}: ${apiErrorInfo(error).message}`, fix: 'check the context and your access (kubectl get pods -A)'});
	};
	const [nodes, pods] = await Promise.all([
		api.listNode().then(list => clusterNodesFromList(list), withCause('nodes')),
		api.listPodForAllNamespaces().then(list => clusterPodsFromList(list), withCause('pods')),
	]);
	return {nodes, pods};
}

/** Nodes a trace reached that have no tables yet (hops with `not-captured`). */
function missingNodes(result: Trace): string[] {
	const names = [...result.forward.hops, ...result.reverse.hops].filter(hop => hop.outcome === 'not-captured' && hop.node !== null).map(hop => hop.node!);
	return [...new Set(names)];
}

export async function traceLive(options: TraceOptions, io: CommandIo): Promise<number> {
	const loaded = commandKubeconfig('trace', {kubeconfig: options.kubeconfig, context: options.context, namespace: options.namespace, env: io.env}, io);
	if (loaded === null) return exitCodes.usage;
	const say = (text: string) => io.stderr.write(`netinspect trace: ${text}\n`);
	const probes = startCommandPool({
		loaded,
		image: options.image,
		debugNamespace: options.debugNamespace,
		timeoutMs: options.timeoutMs,
		readPolicy: true,
		maxStarting: maxProbedNodes,
		nameNodes: true,
		say,
		stderr: io.stderr,
	});
	const traceNode = (state: ProbeState, name: string): {readonly node: TraceNode; readonly warnings: readonly SourcedWarning[]} => {
		const source = `debug pod on ${name}`;
		return {
			node: {name, routes: state.routes, interfaces: state.interfaces, rules: state.policy?.rules ?? null, sysctls: state.policy?.sysctls ?? null},
			warnings: [...state.warnings, ...(state.policy?.warnings ?? [])].map(warning => ({...warning, source})),
		};
	};
	try {
		const listed = await listCluster(loaded);
		const cluster: ClusterIndex = buildClusterIndex(listed.nodes, listed.pods);
		// A POD without NS/ is in -n, else the context's namespace (as kubectl reads it).
		const inNamespace = (text: string, parsed: EndpointSpec) => {
			const spec = parseEndpointSpec(text, loaded.namespace);
			return typeof spec === 'string' ? parsed : spec;
		};
		const pair = resolvePair({...options, source: inNamespace(options.texts[0], options.source), destination: inNamespace(options.texts[1], options.destination)}, cluster);
		const wanted = [pair.source.node, pair.destination.node].filter((name): name is string => name !== null && cluster.node(name) !== null);
		if (wanted.length === 0) say('neither end is on a node of this cluster: nothing to probe');
		const probed = new Map<string, {readonly node: TraceNode; readonly warnings: readonly SourcedWarning[]}>();
		let result: Trace | null = null;
		let pending = [...new Set(wanted)];
		for (;;) {
			const batch = pending.filter(name => !probed.has(name)).slice(0, Math.max(0, maxProbedNodes - probed.size));
			const read = await probes.read(batch);
			if (!read.ok) throw new ProbeFailed(read.node, read.failure);
			for (const name of batch) probed.set(name, traceNode(read.states.get(name)!, name));
			// Our own debug pods are not part of the picture.
			const pods = listed.pods.filter(pod => !probes.isOwnPod(pod));
			const index = buildClusterIndex(listed.nodes, pods);
			const nodes = [...probed.values()].map(entry => entry.node);
			result = trace(pair.source, pair.destination, prepareTraceNetwork(nodes, index));
			pending = missingNodes(result).filter(name => index.node(name) !== null && !probed.has(name));
			if (pending.length === 0 || probed.size >= maxProbedNodes || batch.length === 0) break;
		}
		await probes.cleanup();
		const nodes = [...probed.values()].map(entry => entry.node);
		writeReport({result: result!, nodes, warnings: [...probed.values()].flatMap(entry => entry.warnings), caveats: captureCaveats(nodes, true)}, options.json, io);
		// The trace is printed, but a debug pod left running is a failure of the run (named on stderr).
		return probes.leftPods() ? exitCodes.failed : exitCodes.ok;
	} catch (error) {
		if (error instanceof ProbeFailed) {
			say(sanitizeLine(error.message, 400));
			if (error.failure.fix) io.stderr.write(`  fix: ${error.failure.fix}\n`);
			return exitCodes.failed;
		}
		throw error;
	} finally {
		await probes.cleanup();
		probes.dispose();
	}
}
