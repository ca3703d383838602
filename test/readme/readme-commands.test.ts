/**
 * The README cannot rot: every command line of its ```sh blocks is either run here (against a lab started
 * in-process, or the committed fixtures) with its exit code and a meaningful part of its output checked,
 * or listed in `coveredElsewhere` with the test that covers it. A README command in neither place fails.
 * Lines run in README order, as a reader would type them (the walkthrough deletes a pod, then looks again).
 */
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {hostname, tmpdir} from 'node:os';
import {join} from 'node:path';
import stringWidth from 'string-width';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {debugPodManifest, debugPodName, defaultDebugImage, managedByLabel, managedByValue} from '../../source/kube/debug-pod-spec.js';
import {startLab, type RunningLab} from '../../source/lab/index.js';
import {fencedBlocks, markedSection, readmeCommands, type ReadmeCommand} from './readme-blocks.js';
import {keysTable} from './keys-table.js';
import {argvOf, repoRoot, runArgv, runLine, startLong, type Run, type RunContext} from './run-readme-command.js';
import {splitShellWords} from './shell-words.js';
import {missingToolsReason} from '../helpers/system-tools.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
/** The README's kubectl lines (and the lab lines, which use kubectl) need the real kubectl, a system tool. */
const kubectlMissing = missingToolsReason('README lines that run kubectl', ['kubectl']);
/** The system tools a README line needs: kubectl for kubectl and lab lines, `ip` to read this machine's interfaces. */
function systemToolsOf(text: string): readonly string[] {
	return [...(/\bkubectl\b/.test(text) || labLines[text] ? ['kubectl'] : []), ...(/--local\b/.test(text) ? ['ip'] : [])];
}
const commands = readmeCommands(readme);

/** Commands this test cannot run, each with the test (or suite script) that covers it and a word it must contain. */
const coveredElsewhere: Readonly<Record<string, {readonly by: string; readonly mentions: string; readonly why: string}>> = {
	'npm install && npm run demo': {
		by: 'test/e2e/tmux.test.ts',
		mentions: 'demo',
		why: 'the interactive demo in a real terminal (tmux); npm install is .ci/run\'s npm ci',
	},
	'npm test': {by: '.ci/run', mentions: 'npm test', why: 'this very suite: .ci/run runs exactly npm test'},
	'npm run build': {by: '.ci/run', mentions: 'npm ci', why: 'npm ci runs the prepare script, which is npm run build'},
	'npm run fuzz': {
		by: 'test/fuzz/fuzz-runs.ts',
		mentions: 'FUZZ_RUNS',
		why: 'npm test runs the same properties with 300 inputs each; 100,000 take minutes',
	},
	'npm run bench:full-table': {
		by: 'test/commands/analyze.test.ts',
		mentions: '150_000',
		why: 'a 1M-route table takes tens of seconds and over a GB: the 150,000-route correctness test runs instead',
	},
	'npm run cluster:create': {
		by: 'test/setup/setup-files.test.ts',
		mentions: 'create-cluster.sh',
		why: 'needs Docker and kind: shellcheck of the script and its missing-tool run',
	},
	'npm run cluster:delete': {
		by: 'test/setup/setup-files.test.ts',
		mentions: 'delete-cluster.sh',
		why: 'needs Docker and kind: shellcheck of the script',
	},
};

type Context = RunContext & {
	readonly lab: RunningLab;
	/** `route -n` outputs of worker2 seen so far, in README order. */
	readonly worker2Routes: string[];
};

type Check = (run: Run, context: Context) => void | Promise<void>;

/** The seed's worker2 routes that no pod deletion changes, in `route -n` form. */
function expectWorker2Skeleton(text: string): void {
	expect(text).toMatch(/^Kernel IP routing table$/m);
	expect(text).toMatch(/^0\.0\.0\.0\s+172\.20\.0\.1\s+0\.0\.0\.0\s+UG\s.*eth0$/m);
	expect(text).toMatch(/^192\.168\.21\.128\s+172\.20\.0\.4\s+255\.255\.255\.192\s+UG\s.*tunl0$/m);
	expect(text).toMatch(/^192\.168\.78\.128\s+172\.20\.0\.3\s+255\.255\.255\.192\s+UG\s.*tunl0$/m);
	expect(text).toMatch(/^192\.168\.223\.128\s+172\.20\.0\.2\s+255\.255\.255\.192\s+UG\s.*tunl0$/m);
	expect(text).toMatch(/^192\.168\.175\.0\s+0\.0\.0\.0\s+255\.255\.255\.192\s+U\s.*\*$/m);
	expect(text).toMatch(/^192\.168\.175\.1\s+0\.0\.0\.0\s+255\.255\.255\.255\s+UH\s.*cali7dac2757ae1$/m);
}

/** `ip route` on worker3, through its calico-node pod (what a debug pod there would print). */
async function worker3Routes(lab: RunningLab): Promise<string> {
	let out = '';
	await lab.cluster.exec(
		{namespace: 'kube-system', pod: 'calico-node-m4vtz', container: null, tty: false, command: ['ip', 'route']},
		{stdout: chunk => (out += chunk), stderr: () => undefined, signal: new AbortController().signal},
	);
	return out;
}

/** The Running pod-network pods the lab has on a node right now. */
function podIpsOn(lab: RunningLab, node: string): readonly string[] {
	return lab.cluster
		.list('pods', null)
		.items.filter(pod => {
			const spec = pod['spec'] as {nodeName?: string; hostNetwork?: boolean} | undefined;
			const status = pod['status'] as {phase?: string} | undefined;
			return spec?.nodeName === node && spec.hostNetwork !== true && status?.phase === 'Running' && !pod.metadata.deletionTimestamp;
		})
		.map(pod => (pod['status'] as {podIP?: string}).podIP ?? '')
		.filter(ip => ip !== '');
}

/** Names of netinspect's debug pods on a node that are not on their way out. */
function debugPodsOn(lab: RunningLab, node: string): readonly string[] {
	return lab.cluster
		.list('pods', null)
		.items.filter(pod => pod.metadata.labels?.[managedByLabel] === managedByValue && !pod.metadata.deletionTimestamp)
		.filter(pod => (pod['spec'] as {nodeName?: string} | undefined)?.nodeName === node)
		.map(pod => pod.metadata.name);
}

/** A debug pod as a `kill -9`ed run leaves it, for the README's cleanup lines to find. */
const leftoverRun = 'readme01';
const leftoverName = debugPodName('networking-worker3', leftoverRun);

/** The node's Ready condition status as the lab holds it. */
function nodeReady(lab: RunningLab, node: string): string | null {
	const conditions = (lab.cluster.get('nodes', null, node)?.['status'] as {conditions?: {type: string; status: string}[]} | undefined)?.conditions;
	return conditions?.find(condition => condition.type === 'Ready')?.status ?? null;
}

function ok(run: Run): void {
	expect(run.exitCode, `exit code; stderr: ${run.stderr}`).toBe(0);
}

function tableRows(text: string): string[][] {
	return text
		.trim()
		.split('\n')
		.map(line => line.trim().split(/\s+/));
}

const seedAnalyze =
	'netinspect analyze --routes test/fixtures/parsers/seed-worker2-route-n.txt --node networking-worker2 --nodes test/fixtures/analyze/nodes.json --pods test/fixtures/analyze/pods.json';

type VerdictOut = {ip: string; outcome: string; interface: string | null; nextHopNode: string | null; problems: string[]};

type InputOut = {formats: string[]; caveats: string[]};

function analysisJson(run: Run): {node: string | null; input: InputOut; routes: unknown[]; interfaces: unknown[]; verdicts: VerdictOut[]; warnings: unknown[]} {
	ok(run);
	const parsed = JSON.parse(run.stdout) as Record<string, unknown>;
	expect(Object.keys(parsed)).toEqual(['node', 'input', 'routes', 'interfaces', 'verdicts', 'warnings']);
	return parsed as ReturnType<typeof analysisJson>;
}

/** What each command line of the README must do. Keys are the lines as the README has them. */
const checks: Readonly<Record<string, Check>> = {
	'kubectl --kubeconfig /tmp/lab.yaml get nodes -o wide'(run) {
		ok(run);
		const rows = tableRows(run.stdout);
		expect(rows[0]?.slice(0, 6)).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP']);
		const ips = Object.fromEntries(rows.slice(1).map(row => [row[0], row[5]]));
		expect(ips).toEqual({
			'networking-control-plane': '172.20.0.2',
			'networking-worker': '172.20.0.3',
			'networking-worker2': '172.20.0.5',
			'networking-worker3': '172.20.0.4',
		});
	},
	'kubectl --kubeconfig /tmp/lab.yaml get pods -A -o wide'(run) {
		ok(run);
		const rows = tableRows(run.stdout);
		const find = (name: string) => rows.find(row => row[1] === name)?.slice(6, 8);
		expect(find('hello-world-7c64bd9f6b-lmhxb')).toEqual(['192.168.21.132', 'networking-worker3']);
		expect(find('hello-world-7c64bd9f6b-s5cfz')).toEqual(['192.168.78.132', 'networking-worker']);
		expect(find('hello-world-7c64bd9f6b-tpnrz')).toEqual(['192.168.175.5', 'networking-worker2']);
		expect(find('coredns-558bd4d5db-k4j7g')).toEqual(['192.168.175.1', 'networking-worker2']);
		expect(find('calico-node-wf5n6')).toEqual(['172.20.0.5', 'networking-worker2']);
	},
	'kubectl --kubeconfig /tmp/lab.yaml describe node networking-control-plane'(run) {
		ok(run);
		expect(run.stdout).toMatch(/^\s+projectcalico\.org\/IPv4Address: 172\.20\.0\.2\/16$/m);
		expect(run.stdout).toMatch(/^\s+projectcalico\.org\/IPv4IPIPTunnelAddr: 192\.168\.223\.128$/m);
		expect(run.stdout).toMatch(/^PodCIDR:\s+192\.168\.0\.0\/24$/m);
		expect(run.stdout).toMatch(/^PodCIDRs:\s+192\.168\.0\.0\/24$/m);
	},
	'kubectl --kubeconfig /tmp/lab.yaml debug node/networking-worker2 -it --image=busybox -- route -n'(run, context) {
		ok(run);
		expect(run.stdout).toMatch(/^Creating debugging pod node-debugger-networking-worker2-\w+ with container debugger on node networking-worker2\.$/m);
		expectWorker2Skeleton(run.stdout);
		// One /32 into a cali device per Running pod the API has on worker2, and none for pods that are gone.
		const hostRoutes = [...run.stdout.matchAll(/^(\S+)\s+0\.0\.0\.0\s+255\.255\.255\.255\s+UH\s.*\s(cali[0-9a-f]{11})$/gm)].map(match => match[1]);
		expect(hostRoutes.sort()).toEqual([...podIpsOn(context.lab, 'networking-worker2')].sort());
		context.worker2Routes.push(run.stdout);
	},
	'kubectl --kubeconfig /tmp/lab.yaml delete pod hello-world-7c64bd9f6b-tpnrz'(run, context) {
		ok(run);
		expect(run.stdout.trim()).toBe('pod "hello-world-7c64bd9f6b-tpnrz" deleted');
		expect(context.lab.cluster.get('pods', 'default', 'hello-world-7c64bd9f6b-tpnrz')).toBeNull();
	},
	async 'kubectl --kubeconfig /tmp/lab.yaml get pods -o wide'(run, context) {
		ok(run);
		const rows = tableRows(run.stdout).filter(row => row[0]?.startsWith('hello-world-'));
		expect(rows.map(row => row[0])).not.toContain('hello-world-7c64bd9f6b-tpnrz');
		// The Deployment keeps 3 replicas: the replacement is listed (it may still be starting).
		expect(rows).toHaveLength(3);
		// Wait (not sleep) for it to run, so the next README line sees its route, as the README's output shows.
		await waitUntil(() => podIpsOn(context.lab, 'networking-worker2').some(ip => ip !== '192.168.175.1' && ip !== '192.168.175.5'), 10_000);
	},
	'kubectl --kubeconfig /tmp/lab.yaml create --raw /lab/v1/faults -f test/readme/node-not-ready.json'(run, context) {
		ok(run);
		expect(JSON.parse(run.stdout)).toMatchObject({kind: 'Status', status: 'Success'});
		// As when a kubelet stops posting status: Ready turns Unknown (or False).
		expect(['Unknown', 'False']).toContain(nodeReady(context.lab, 'networking-worker3'));
	},
	'kubectl --kubeconfig /tmp/lab.yaml get nodes'(run) {
		ok(run);
		const status = Object.fromEntries(tableRows(run.stdout).slice(1).map(row => [row[0], row[1]]));
		expect(status).toEqual({
			'networking-control-plane': 'Ready',
			'networking-worker': 'Ready',
			'networking-worker2': 'Ready',
			'networking-worker3': 'NotReady',
		});
	},
	'kubectl --kubeconfig /tmp/lab.yaml create --raw /lab/v1/faults -f test/readme/node-ready.json'(run, context) {
		ok(run);
		expect(JSON.parse(run.stdout)).toMatchObject({kind: 'Status', status: 'Success'});
		expect(nodeReady(context.lab, 'networking-worker3')).toBe('True');
	},
	async 'kubectl --kubeconfig /tmp/lab.yaml create --raw /lab/v1/faults -f test/readme/drop-pod-route.json'(run, context) {
		ok(run);
		expect(JSON.parse(run.stdout)).toMatchObject({kind: 'Status', status: 'Success'});
		expect(await worker3Routes(context.lab)).not.toMatch(/^192\.168\.21\.132 dev cali/m);
	},
	async 'kubectl --kubeconfig /tmp/lab.yaml create --raw /lab/v1/faults -f test/readme/clear-worker3.json'(run, context) {
		ok(run);
		expect(JSON.parse(run.stdout)).toMatchObject({kind: 'Status', status: 'Success'});
		expect(await worker3Routes(context.lab)).toMatch(/^192\.168\.21\.132 dev cali[0-9a-f]{11} scope link $/m);
	},
	'kubectl auth can-i list nodes'(run) {
		ok(run);
		expect(run.stdout.trim()).toBe('yes');
	},
	'kubectl auth can-i create pods/exec -n netinspect-debug'(run) {
		ok(run);
		expect(run.stdout.trim()).toBe('yes');
	},
	'netinspect --help'(run) {
		ok(run);
		for (const name of ['analyze', 'routes', 'lab', 'demo', 'cleanup']) expect(run.stdout).toMatch(new RegExp(`^ {4}${name}\\s`, 'm'));
		expect(run.stdout).toContain('netinspect --context kind-networking');
	},
	'netinspect inspect --help'(run) {
		ok(run);
		for (const flag of ['--kubeconfig FILE', '--context NAME', '-n, --namespace NS', '-A, --all-namespaces', '--image IMAGE', '--debug-namespace NS', '--refresh SECONDS', '--no-color']) {
			expect(run.stdout).toMatch(new RegExp(`^ {4}${flag.replaceAll(/[-,]/g, '\\$&')}\\s`, 'm'));
		}
	},
	[seedAnalyze](run) {
		ok(run);
		expect(run.stdout).toContain('Routes of networking-worker2 (8)');
		expect(run.stdout).toMatch(/^input: main-table-only, degraded-input$/m);
		expect(run.stdout).toMatch(/^192\.168\.21\.132\s+tunnel-to-node\s+tunl0 → networking-worker3 default\/hello-world-7c64bd9f6b-lmhxb$/m);
		expect(run.stdout).toMatch(/^192\.168\.175\.5\s+local-pod\s+cali52440ec1550 \(local\) default\/hello-world-7c64bd9f6b-tpnrz$/m);
		expect(run.stdout).toMatch(/^172\.20\.0\.5\s+local-address\s+this node/m);
	},
	[`${seedAnalyze} --ip 192.168.223.130 --json`](run) {
		const json = analysisJson(run);
		expect(json.node).toBe('networking-worker2');
		expect(json.routes).toHaveLength(8);
		const byIp = new Map(json.verdicts.map(verdict => [verdict.ip, verdict]));
		expect(byIp.get('192.168.223.130')).toMatchObject({outcome: 'tunnel-to-node', interface: 'tunl0'});
		expect(byIp.get('192.168.78.132')).toMatchObject({outcome: 'tunnel-to-node', nextHopNode: 'networking-worker'});
		expect(byIp.get('192.168.175.1')).toMatchObject({outcome: 'local-pod', interface: 'cali7dac2757ae1', problems: []});
		expect(json.input).toEqual({formats: ['route-n'], caveats: ['main-table-only', 'degraded-input']});
		expect(Object.keys(json.verdicts[0] ?? {})).toEqual(['ip', 'outcome', 'route', 'interface', 'gateway', 'nextHopNode', 'pod', 'problems']);
	},
	'netinspect analyze --routes - --ip 192.168.21.132 --ip 10.9.9.9 --json < test/fixtures/cni/calico-ipip/ip-j-route.json'(run) {
		const json = analysisJson(run);
		expect(json.input).toEqual({formats: ['ip-route-json'], caveats: []});
		expect(json.verdicts).toEqual([
			{ip: '192.168.21.132', outcome: 'tunnel-to-node', route: '192.168.21.128/26', interface: 'tunl0', gateway: '172.20.0.4', nextHopNode: null, pod: null, problems: ['next-hop-unknown']},
			expect.objectContaining({ip: '10.9.9.9', outcome: 'via-default', route: '0.0.0.0/0', interface: 'eth0'}),
		]);
	},
	'netinspect trace kube-system/coredns-558bd4d5db-k4j7g default/hello-world-7c64bd9f6b-lmhxb --kubeconfig /tmp/lab.yaml'(run, context) {
		ok(run);
		expect(run.stdout).toMatch(/^forward: kube-system\/coredns-558bd4d5db-k4j7g → default\/hello-world-7c64bd9f6b-lmhxb\ndelivered$/m);
		expect(run.stdout).toContain('│ 192.168.21.128/26 via 172.20.0.4 dev tunl0');
		expect(run.stdout).toContain('   │ tunl0 ipip mtu 1480 → 172.20.0.4 (networking-worker3)');
		expect(run.stdout).toMatch(/^reverse: .*\ndelivered$/m);
		expect(run.stdout).toMatch(/^path MTU: 1480$/m);
		expect(run.stdout).toMatch(/^problems: none$/m);
		expect(debugPodsOn(context.lab, 'networking-worker2'), 'the debug pods are deleted before exit').toEqual([]);
		// The planted leftover of the cleanup lines is not ours.
		expect(debugPodsOn(context.lab, 'networking-worker3').filter(name => name !== leftoverName)).toEqual([]);
	},
	'kubectl --kubeconfig /tmp/lab.yaml create --raw /lab/v1/faults -f test/readme/trace-remove-route.json'(run) {
		ok(run);
		expect(run.stdout).toContain('"status":"Success"');
	},
	'netinspect trace kube-system/coredns-558bd4d5db-k4j7g default/hello-world-7c64bd9f6b-lmhxb --kubeconfig /tmp/lab.yaml --json'(run) {
		ok(run);
		const json = JSON.parse(run.stdout) as {forward: {delivered: boolean; hops: Array<{node: string; outcome: string; problems: string[]}>}};
		expect(json.forward.delivered).toBe(false);
		expect(json.forward.hops.at(-1)).toMatchObject({node: 'networking-worker3', outcome: 'blackhole'});
		expect(json.forward.hops.at(-1)?.problems).toContain('missing-host-route');
	},
	'kubectl --kubeconfig /tmp/lab.yaml create --raw /lab/v1/faults -f test/readme/trace-restore-routes.json'(run) {
		ok(run);
		expect(run.stdout).toContain('"status":"Success"');
	},
	'netinspect trace default/hello-world-7c64bd9f6b-tpnrz default/hello-world-7c64bd9f6b-lmhxb --capture networking-worker2=test/fixtures/trace/seed/networking-worker2 --capture networking-worker3=test/fixtures/trace/seed/networking-worker3 --nodes test/fixtures/trace/seed/nodes.json --pods test/fixtures/trace/seed/pods.json --json'(run) {
		ok(run);
		const json = JSON.parse(run.stdout) as {forward: {delivered: boolean; hops: Array<{route: string; out: string}>}; reverse: {delivered: boolean}; pathMtu: number};
		expect(json.forward.delivered).toBe(true);
		expect(json.forward.hops.map(hop => hop.out)).toEqual(['tunl0', 'cali6fd140eb306']);
		expect(json.reverse.delivered).toBe(true);
		expect(json.pathMtu).toBe(1480);
	},
	'netinspect sweep --kubeconfig /tmp/lab.yaml'(run, context) {
		ok(run);
		expect(run.stdout).toMatch(/^4 nodes: 4 probed, 0 failed · \d+ pod IPs checked · 0 problems · /m);
		expect(run.stdout).toContain('Every probed node routes every pod IP to the node that runs it.');
		for (const node of ['networking-control-plane', 'networking-worker', 'networking-worker2', 'networking-worker3']) {
			expect(debugPodsOn(context.lab, node).filter(name => name.startsWith('ni-sweep-')), 'the sweep pods are deleted before exit').toEqual([]);
		}
	},
	'kubectl --kubeconfig /tmp/lab.yaml create --raw /lab/v1/faults -f test/readme/remove-route.json'(run) {
		ok(run);
		expect(JSON.parse(run.stdout)).toMatchObject({kind: 'Status', status: 'Success'});
	},
	'netinspect sweep --kubeconfig /tmp/lab.yaml --report /tmp/sweep.html'(run, context) {
		ok(run);
		expect(run.stdout).toMatch(/ · 1 problem \(missing-route 1\) · /);
		expect(run.stdout).toMatch(/^✗ missing-route on networking-worker2 · \d+ pods · route 0\.0\.0\.0\/0 · block 192\.168\.21\.128\/26$/m);
		expect(run.stdout).toMatch(/^ {4}expected {2}a route to networking-worker3$/m);
		expect(run.stderr).toMatch(/^netinspect sweep: report written to \S*sweep\.html$/m);
		const report = readFileSync(join(context.scratch, 'readme-sweep.html'), 'utf8');
		expect(report).toContain('data-kind="missing-route" data-node="networking-worker2" data-route="0.0.0.0/0"');
	},
	'kubectl --kubeconfig /tmp/lab.yaml create --raw /lab/v1/faults -f test/readme/restore-routes.json'(run) {
		ok(run);
		expect(JSON.parse(run.stdout)).toMatchObject({kind: 'Status', status: 'Success'});
	},
	'netinspect routes networking-worker2 --kubeconfig /tmp/lab.yaml'(run, context) {
		ok(run);
		expect(run.stderr).toMatch(/^netinspect routes: running on networking-worker2$/m);
		expect(run.stdout).toMatch(/^Routes of networking-worker2 \(\d+\)$/m);
		expect(run.stdout).toMatch(/^input: main-table-only, degraded-input$/m);
		expect(run.stdout).toMatch(/^192\.168\.21\.132\s+tunnel-to-node\s+tunl0 → networking-worker3 default\/hello-world-7c64bd9f6b-lmhxb$/m);
		const local = podIpsOn(context.lab, 'networking-worker2');
		expect(local.length).toBeGreaterThanOrEqual(2);
		for (const ip of local) expect(run.stdout).toMatch(new RegExp(`^${ip.replaceAll('.', '\\.')}\\s+local-pod\\s+cali[0-9a-f]{11} \\(local\\) `, 'm'));
		expect(debugPodsOn(context.lab, 'networking-worker2'), 'the debug pod is deleted before exit').toEqual([]);
	},
	'netinspect routes networking-worker2 --kubeconfig /tmp/lab.yaml --image nicolaka/netshoot:v0.13 --ip 192.168.223.130 --json'(run, context) {
		const json = analysisJson(run);
		expect(json.node).toBe('networking-worker2');
		const byIp = new Map(json.verdicts.map(verdict => [verdict.ip, verdict]));
		expect(byIp.get('192.168.223.130')).toMatchObject({outcome: 'tunnel-to-node', interface: 'tunl0', nextHopNode: 'networking-control-plane'});
		// iproute2 JSON hides nothing that matters: no input-wide problems.
		expect(json.input.caveats).toEqual([]);
		expect(byIp.get('192.168.21.132')).toMatchObject({outcome: 'tunnel-to-node', nextHopNode: 'networking-worker3', problems: []});
		expect(json.interfaces).toContainEqual(expect.objectContaining({name: 'tunl0', kind: 'tunnel', mtu: 1480}));
		expect(json.routes).toContainEqual(expect.objectContaining({destination: '192.168.175.0/26', kind: 'blackhole'}));
		expect(debugPodsOn(context.lab, 'networking-worker2')).toEqual([]);
	},
	'netinspect routes --local --json'(run) {
		const json = analysisJson(run);
		expect(json.node).toBe(hostname());
		expect(json.routes.length).toBeGreaterThan(0);
		expect(json.interfaces).toContainEqual(expect.objectContaining({name: 'lo', kind: 'loopback'}));
	},
	'netinspect cleanup --kubeconfig /tmp/lab.yaml --dry-run'(run, context) {
		ok(run);
		expect(run.stdout).toMatch(new RegExp(`^would delete default/${leftoverName} \\(node networking-worker3, \\w+, expires in \\d+m, run ${leftoverRun}, from readme-test\\)$`, 'm'));
		expect(debugPodsOn(context.lab, 'networking-worker3')).toEqual([leftoverName]);
	},
	'netinspect cleanup --kubeconfig /tmp/lab.yaml'(run, context) {
		ok(run);
		expect(run.stdout).toMatch(new RegExp(`^deleted default/${leftoverName} \\(node networking-worker3, `, 'm'));
		expect(debugPodsOn(context.lab, 'networking-worker3')).toEqual([]);
	},
	'npx tsx test/readme/keys-table.ts'(run) {
		ok(run);
		expect(run.stdout.trim()).toBe(keysTable());
		expect(markedSection(readme, 'keys')).toBe(run.stdout.trim());
	},
	'npm run bench'(run) {
		ok(run);
		expect(run.stdout).toMatch(/ratio linear \/ LPM \(text lookups\)\s+[\d,.]+x/);
		expect(run.stdout).toMatch(/LPM vs linear on the sample\s+agree/);
		expect(run.stdout).toMatch(/judgeAll, 150,000 pod IPs\s+[\d,.]+ ms/);
		expect(run.stdout).toMatch(/parseRouteN \([\d.]+ MB\)\s+[\d,.]+ MB\/s/);
		expect(run.stdout).toContain('UI section skipped (NETINSPECT_BENCH_UI=0)');
		expect(run.stdout).toContain('sweep section skipped (NETINSPECT_BENCH_SWEEP=0)');
		expect(run.stdout).toContain('store section skipped (NETINSPECT_BENCH_STORE=0)');
	},
};

/** `netinspect lab ...` lines: started, used with kubectl, stopped with Ctrl-C (SIGINT). Expected node count. */
const labLines: Readonly<Record<string, {readonly nodes: number; readonly node: string}>> = {
	'netinspect lab --kubeconfig /tmp/lab.yaml': {nodes: 4, node: 'networking-worker2'},
	'netinspect lab --topology generated --nodes 50 --pods 1000 --kubeconfig /tmp/big.yaml': {nodes: 50, node: ''},
	'netinspect lab --cni aws-vpc --kubeconfig /tmp/aws.yaml': {nodes: 4, node: 'networking-worker2'},
};

async function waitUntil(condition: () => boolean, ms: number): Promise<void> {
	const deadline = Date.now() + ms;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
		await new Promise(resolve => setImmediate(resolve));
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

let context: Context;
const scratch = mkdtempSync(join(tmpdir(), 'ni-readme-'));
let cacheDirs = 0;

beforeAll(async () => {
	const lab = await startLab({kubeconfigPath: join(scratch, 'lab.yaml'), imagePullDelayMs: 50});
	const leftover = debugPodManifest({
		node: 'networking-worker3',
		runId: leftoverRun,
		image: defaultDebugImage,
		namespace: 'default',
		ttlSeconds: 600,
		host: 'readme-test',
		pid: process.pid,
		startedAt: Date.now(),
		context: lab.contextName,
	});
	const created = lab.cluster.createPod('default', leftover, {dryRun: false});
	if (!created.ok) throw new Error(`cannot plant the leftover debug pod: ${created.error.message}`);
	context = {
		lab,
		labKubeconfig: lab.kubeconfigPath,
		scratch,
		nextCacheDir: () => join(scratch, `kube-cache-${++cacheDirs}`),
		worker2Routes: [],
	};
});

afterAll(async () => {
	await context?.lab.stop();
	rmSync(scratch, {recursive: true, force: true});
});

async function runLabLine(command: ReadmeCommand, expected: {readonly nodes: number; readonly node: string}): Promise<void> {
	const argv = argvOf(splitShellWords(command.text), context, join(scratch, `started-by-line-${command.line}.yaml`));
	const labFile = argv[argv.indexOf('--kubeconfig') + 1] ?? '';
	expect(labFile.startsWith(scratch), 'a lab started by a README line writes its kubeconfig into the scratch directory').toBe(true);
	const running = startLong(argv, context);
	try {
		const stdout = await running.waitFor('Ctrl-C stops the lab.', 30_000);
		expect(stdout).toMatch(/^netinspect lab: serving the Kubernetes API at https:\/\/127\.0\.0\.1:\d+ \(context netinspect-lab\)$/m);
		expect(stdout).toContain(`kubeconfig: ${labFile}\n`);
		expect(existsSync(labFile)).toBe(true);
		const nodes = await runArgv(['kubectl', '--cache-dir', context.nextCacheDir(), '--kubeconfig', labFile, 'get', 'nodes', '--no-headers'], null, context);
		ok(nodes);
		const names = nodes.stdout.trim().split('\n').map(line => line.split(/\s+/)[0]);
		expect(names).toHaveLength(expected.nodes);
		if (expected.node !== '') expect(names).toContain(expected.node);
	} finally {
		const stopped = await running.stop('SIGINT');
		expect(stopped.exitCode, stopped.stderr).toBe(0);
		expect(stopped.stdout).toMatch(/^netinspect lab: stopped$/m);
	}
}

describe('README.md', () => {
	it('has shell commands, and only sh, text, yaml or json blocks (no command hides in an unlabelled block)', () => {
		expect(commands.length).toBeGreaterThan(10);
		for (const block of fencedBlocks(readme)) expect(['sh', 'text', 'yaml', 'json'], `block at line ${block.line}`).toContain(block.language);
	});

	it('every table entry of this test is a command the README still has', () => {
		const texts = new Set(commands.map(command => command.text));
		const known = [...Object.keys(checks), ...Object.keys(coveredElsewhere), ...Object.keys(labLines)];
		expect(known.filter(text => !texts.has(text))).toEqual([]);
	});

	it('the keys table is exactly what the keymap says', () => {
		expect(markedSection(readme, 'keys'), 'run npx tsx test/readme/keys-table.ts and paste its table').toBe(keysTable());
	});

	it('shows a captured screen of the inspector on networking-worker2', context => {
		const screen = markedSection(readme, 'screen') ?? '';
		if (screen.includes('PLACEHOLDER')) {
			context.skip('the README still has the screen placeholder: the inspector had not landed when it was written');
		}
		expect(screen).toMatch(/^```text\n/);
		expect(screen).toMatch(/^▸❯networking-worker2 .* loaded$/m);
		expect(screen).toMatch(/hello-world-7c64bd9f6b-lmhxb .*tunl0 → networking-worker3$/m);
		expect(screen).toMatch(/hello-world-7c64bd9f6b-tpnrz .*cali52440ec1550 \(local\)$/m);
		expect(screen).toMatch(/^ Routes · networking-worker2 /m);
		const rows = screen.split('\n').slice(1, -1);
		expect(rows.length).toBeGreaterThan(20);
		expect(rows.length, 'captured at 100x30').toBeLessThanOrEqual(30);
		expect(Math.max(...rows.map(row => stringWidth(row))), 'captured at 100x30').toBeLessThanOrEqual(100);
	});
});

describe('every command in README.md', () => {
	for (const command of commands) {
		// Generous: under the whole suite on 2 cores, the bench and a tsx start-up can take a while.
		it(`line ${command.line}: ${command.text}`, {timeout: 120_000}, async ({skip}) => {
			const elsewhere = coveredElsewhere[command.text];
			const missing = elsewhere ? null : missingToolsReason(`README line "${command.text}"`, systemToolsOf(command.text));
			if (missing !== null) skip(missing);
			if (elsewhere) {
				const path = join(repoRoot, elsewhere.by);
				expect(existsSync(path), `${elsewhere.by} (covers "${command.text}": ${elsewhere.why}) does not exist`).toBe(true);
				expect(readFileSync(path, 'utf8')).toContain(elsewhere.mentions);
				return;
			}
			const lab = labLines[command.text];
			if (lab) {
				await runLabLine(command, lab);
				return;
			}
			const check = checks[command.text];
			if (!check) {
				throw new Error(`README line ${command.line} "${command.text}" is neither run by this test nor listed in coveredElsewhere`);
			}
			const run = await runLine(splitShellWords(command.text), context);
			await check(run, context);
		});
	}

	it('the walkthrough shows worker2\'s routes change when its hello-world pod is deleted', ({skip}) => {
		if (kubectlMissing !== null) skip(kubectlMissing);
		expect(context.worker2Routes.length).toBeGreaterThanOrEqual(2);
		expect(context.worker2Routes[0]).toMatch(/^192\.168\.175\.5\s.*cali52440ec1550$/m);
		expect(context.worker2Routes.at(-1)).not.toMatch(/^192\.168\.175\.5\s/m);
		expect(context.worker2Routes.at(-1)).not.toBe(context.worker2Routes[0]);
	});
});
