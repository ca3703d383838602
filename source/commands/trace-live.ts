/**
 * `netinspect trace` on a live cluster: lists nodes and pods, resolves SRC and DST, then probes the nodes
 * the path needs (both ends first, then any node a hop leads to that has no tables yet) through one
 * short-lived debug pod per node (startDebugPod + probeTables + probePolicy), traces, and deletes every
 * pod before exit (tracker + exit guard, as `routes` does).
 */
import {CoreV1Api} from '@kubernetes/client-node';
import {apiErrorInfo} from '../kube/api-error.js';
import {clusterNodesFromList, clusterPodsFromList} from '../kube/cluster-objects.js';
import {createPodTracker, type PodRef} from '../kube/cleanup.js';
import {newRunId} from '../kube/debug-pod-spec.js';
import {startDebugPod} from '../kube/debug-pod.js';
import {installExitGuard} from '../kube/exit-guard.js';
import {KubeconfigError, loadKubeconfig, type LoadedKubeconfig} from '../kube/kubeconfig.js';
import {podCommandRunner, probeTables} from '../kube/probe.js';
import {probePolicy} from '../kube/probe-policy.js';
import type {ProbeFailure} from '../kube/types.js';
import {buildClusterIndex, type ClusterIndex} from '../net/cluster-index.js';
import type {SourcedWarning} from '../net/trace-capture.js';
import {parseEndpointSpec, type EndpointSpec} from '../net/trace-endpoint.js';
import {prepareTraceNetwork, trace} from '../net/trace.js';
import type {Trace, TraceNode} from '../net/trace-types.js';
import type {ClusterNode, ClusterPod} from '../net/types.js';
import {sanitizeLine, sanitizeText} from '../text/sanitize.js';
import {exitCodes, type CommandIo} from './command.js';
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
	let loaded: LoadedKubeconfig;
	try {
		loaded = loadKubeconfig({kubeconfig: options.kubeconfig, context: options.context, namespace: options.namespace, env: io.env});
	} catch (error) {
		if (error instanceof KubeconfigError) {
			io.stderr.write(`netinspect trace: ${error.message}\n`);
			return exitCodes.usage;
		}
		throw error;
	}
	const say = (text: string) => io.stderr.write(`netinspect trace: ${text}\n`);
	const tracker = createPodTracker(loaded.kubeConfig);
	const cancel = new AbortController();
	const starting = new Set<Promise<unknown>>();
	const cleanup = async () => {
		cancel.abort();
		await Promise.all([...starting].map(async start => start.catch(() => undefined)));
		const errors = await tracker.removeAll();
		for (const error of errors) say(`could not delete debug pod ${error}`);
	};
	const guard = installExitGuard(cleanup, {stderr: io.stderr});
	const runId = newRunId();
	const ours: PodRef[] = [];
	const probeNode = async (node: string): Promise<{readonly node: TraceNode; readonly warnings: readonly SourcedWarning[]}> => {
		let lastPhase = '';
		const start = startDebugPod(
			{
				kubeConfig: loaded.kubeConfig,
				namespace: options.debugNamespace,
				image: options.image,
				runId,
				context: loaded.contextName,
				tracker,
				ttlSeconds: Math.max(300, Math.ceil(options.timeoutMs / 1000) + 120),
				timeoutMs: options.timeoutMs,
			},
			node,
			progress => {
				if (progress.phase !== lastPhase) say(`${sanitizeText(node)}: ${progress.message}`);
				lastPhase = progress.phase;
			},
			cancel.signal,
		);
		starting.add(start);
		const started = await start;
		if (!started.ok) throw new ProbeFailed(node, started.failure);
		ours.push(started.pod);
		const run = podCommandRunner(loaded.kubeConfig, started.pod);
		const tables = await probeTables(run, {image: options.image, namespace: options.debugNamespace, signal: cancel.signal});
		if (!tables.ok) throw new ProbeFailed(node, tables.failure);
		const policy = await probePolicy(run, tables.tables.tools, 10_000, cancel.signal);
		const source = `debug pod on ${node}`;
		return {
			node: {name: node, routes: tables.tables.routes, interfaces: tables.tables.interfaces, rules: policy.rules, sysctls: policy.sysctls},
			warnings: [...tables.tables.warnings, ...policy.warnings].map(warning => ({...warning, source})),
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
			const done = await Promise.all(batch.map(async name => [name, await probeNode(name)] as const));
			for (const [name, entry] of done) probed.set(name, entry);
			// Our own debug pods are not part of the picture.
			const pods = listed.pods.filter(pod => !ours.some(own => own.namespace === pod.namespace && own.name === pod.name));
			const index = buildClusterIndex(listed.nodes, pods);
			const nodes = [...probed.values()].map(entry => entry.node);
			result = trace(pair.source, pair.destination, prepareTraceNetwork(nodes, index));
			pending = missingNodes(result).filter(name => index.node(name) !== null && !probed.has(name));
			if (pending.length === 0 || probed.size >= maxProbedNodes || batch.length === 0) break;
		}
		await guard.runCleanup();
		const nodes = [...probed.values()].map(entry => entry.node);
		writeReport({result: result!, nodes, warnings: [...probed.values()].flatMap(entry => entry.warnings), caveats: captureCaveats(nodes, true)}, options.json, io);
		return exitCodes.ok;
	} catch (error) {
		if (error instanceof ProbeFailed) {
			say(sanitizeLine(error.message, 400));
			if (error.failure.fix) io.stderr.write(`  fix: ${error.failure.fix}\n`);
			return exitCodes.failed;
		}
		throw error;
	} finally {
		await guard.runCleanup();
		guard.dispose();
	}
}
