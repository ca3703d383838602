/**
 * The real kubectl 1.32 against the lab: the seed's walkthrough, end to end over HTTPS and WebSocket.
 * Every call gets its own --cache-dir (kubectl caches discovery per host:port) and the lab's kubeconfig.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {startLab, type RunningLab} from '../../source/lab/index.js';
import {missingToolsReason} from '../helpers/system-tools.js';

let lab: RunningLab;
const scratch = mkdtempSync(join(tmpdir(), 'ni-kubectl-'));
let calls = 0;

type Run = {readonly exitCode: number; readonly stdout: string; readonly stderr: string};

async function kubectl(...args: string[]): Promise<Run> {
	const cacheDir = join(scratch, `cache-${++calls}`);
	const result = await execa('kubectl', ['--kubeconfig', lab.kubeconfigPath, '--cache-dir', cacheDir, ...args], {
		reject: false,
		timeout: 60_000,
		stdin: 'ignore',
		env: {KUBECONFIG: '', HOME: scratch},
	});
	return {exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr)};
}

async function hostNetworkPod(prefix: string, node: string): Promise<string> {
	const run = await kubectl('get', 'pods', '-n', 'kube-system', '--field-selector', `spec.nodeName=${node}`, '-o', 'name');
	const name = run.stdout.split('\n').find(line => line.startsWith(`pod/${prefix}`));
	if (!name) throw new Error(`no ${prefix} pod on ${node}: ${run.stdout}${run.stderr}`);
	return name.slice('pod/'.length);
}

function rows(text: string): string[][] {
	return text.trim().split('\n').map(line => line.trim().split(/\s+/));
}

// The real kubectl 1.32 is a system tool: without it these tests skip, saying why (fail under NETINSPECT_REQUIRE_TOOLS=1).
const unavailable = missingToolsReason('kubectl end-to-end tests', ['kubectl']);

beforeAll(async () => {
	if (unavailable !== null) return;
	lab = await startLab({imagePullDelayMs: 100});
});
beforeEach(({skip}) => {
	if (unavailable !== null) skip(unavailable);
});
afterAll(async () => {
	await lab?.stop();
	rmSync(scratch, {recursive: true, force: true});
});

describe('kubectl against the lab (the seed walkthrough)', () => {
	it('get nodes -o wide: the four nodes with their InternalIPs', async () => {
		const run = await kubectl('get', 'nodes', '-o', 'wide');
		expect(run.exitCode, run.stderr).toBe(0);
		const table = rows(run.stdout);
		expect(table[0]?.slice(0, 7)).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP']);
		const byName = new Map(table.slice(1).map(row => [row[0], row]));
		expect(byName.get('networking-control-plane')?.slice(1, 3)).toEqual(['Ready', 'control-plane']);
		expect(byName.get('networking-control-plane')?.[5]).toBe('172.20.0.2');
		expect(byName.get('networking-worker')?.[5]).toBe('172.20.0.3');
		expect(byName.get('networking-worker2')?.[5]).toBe('172.20.0.5');
		expect(byName.get('networking-worker3')?.[5]).toBe('172.20.0.4');
		expect(byName.get('networking-worker2')?.[4]).toMatch(/^v1\.32\./);
	});

	it('get pods -A -o wide: the seed pods with their IPs and nodes', async () => {
		const run = await kubectl('get', 'pods', '-A', '-o', 'wide');
		expect(run.exitCode, run.stderr).toBe(0);
		const table = rows(run.stdout);
		expect(table[0]).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED', 'NODE', 'READINESS', 'GATES']);
		const pick = (name: string) => {
			const row = table.find(item => item[1] === name);
			return row && [row[0], row[2], row[3], row[6], row[7]];
		};
		expect(pick('hello-world-7c64bd9f6b-lmhxb')).toEqual(['default', '1/1', 'Running', '192.168.21.132', 'networking-worker3']);
		expect(pick('hello-world-7c64bd9f6b-s5cfz')).toEqual(['default', '1/1', 'Running', '192.168.78.132', 'networking-worker']);
		expect(pick('hello-world-7c64bd9f6b-tpnrz')).toEqual(['default', '1/1', 'Running', '192.168.175.5', 'networking-worker2']);
		expect(pick('coredns-558bd4d5db-k4j7g')).toEqual(['kube-system', '1/1', 'Running', '192.168.175.1', 'networking-worker2']);
		const calicoOnWorker2 = table.find(row => row[1]?.startsWith('calico-node-') && row[7] === 'networking-worker2');
		expect(calicoOnWorker2?.[6]).toBe('172.20.0.5');
	});

	it('describe node networking-control-plane: the Calico annotations and PodCIDR(s)', async () => {
		const run = await kubectl('describe', 'node', 'networking-control-plane');
		expect(run.exitCode, run.stderr).toBe(0);
		expect(run.stdout).toMatch(/^\s+projectcalico\.org\/IPv4Address: 172\.20\.0\.2\/16$/m);
		expect(run.stdout).toMatch(/^\s+projectcalico\.org\/IPv4IPIPTunnelAddr: 192\.168\.223\.128$/m);
		expect(run.stdout).toMatch(/^PodCIDR:\s+192\.168\.0\.0\/24$/m);
		expect(run.stdout).toMatch(/^PodCIDRs:\s+192\.168\.0\.0\/24$/m);
		expect(run.stdout).not.toContain('Failed to get lease');
	});
});

/** The seed's worker2 routes, in `route -n` form (gateways as numbers, not names). */
function expectWorker2Routes(text: string): void {
	expect(text).toMatch(/^Kernel IP routing table$/m);
	expect(text).toMatch(/^0\.0\.0\.0\s+172\.20\.0\.1\s+0\.0\.0\.0\s+UG\s+0\s+0\s+0\s+eth0$/m);
	expect(text).toMatch(/^172\.20\.0\.0\s+0\.0\.0\.0\s+255\.255\.0\.0\s+U\s+0\s+0\s+0\s+eth0$/m);
	expect(text).toMatch(/^192\.168\.21\.128\s+172\.20\.0\.4\s+255\.255\.255\.192\s+UG\s+0\s+0\s+0\s+tunl0$/m);
	expect(text).toMatch(/^192\.168\.78\.128\s+172\.20\.0\.3\s+255\.255\.255\.192\s+UG\s+0\s+0\s+0\s+tunl0$/m);
	expect(text).toMatch(/^192\.168\.223\.128\s+172\.20\.0\.2\s+255\.255\.255\.192\s+UG\s+0\s+0\s+0\s+tunl0$/m);
	expect(text).toMatch(/^192\.168\.175\.0\s+0\.0\.0\.0\s+255\.255\.255\.192\s+/m);
	expect(text).toMatch(/^192\.168\.175\.1\s+0\.0\.0\.0\s+255\.255\.255\.255\s+UH\s+0\s+0\s+0\s+cali[0-9a-f]{11}$/m);
	expect(text).toMatch(/^192\.168\.175\.5\s+0\.0\.0\.0\s+255\.255\.255\.255\s+UH\s+0\s+0\s+0\s+cali[0-9a-f]{11}$/m);
}

describe('kubectl on namespaces, events and leases (discovery of every group)', () => {
	it('get ns, get events -A, get leases -n kube-node-lease', async () => {
		const namespaces = await kubectl('get', 'ns', '--no-headers');
		expect(namespaces.exitCode, namespaces.stderr).toBe(0);
		expect(rows(namespaces.stdout).map(row => row[0])).toEqual(expect.arrayContaining(['default', 'kube-system', 'kube-node-lease']));
		const events = await kubectl('get', 'events', '-A');
		expect(events.exitCode, events.stderr).toBe(0);
		expect(events.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
		const leases = await kubectl('get', 'leases', '-n', 'kube-node-lease', '--no-headers');
		expect(leases.exitCode, leases.stderr).toBe(0);
		expect(rows(leases.stdout).map(row => row[0]).sort()).toEqual(['networking-control-plane', 'networking-worker', 'networking-worker2', 'networking-worker3']);
	});
});

describe('kubectl exec and debug over WebSocket v5', () => {
	it('debug node/networking-worker2 --image=busybox -- route -n prints the seed worker2 routes', async () => {
		const run = await kubectl('debug', 'node/networking-worker2', '-it', '--image=busybox', '--', 'route', '-n');
		expect(run.exitCode, run.stderr).toBe(0);
		expect(run.stdout).toMatch(/Creating debugging pod node-debugger-networking-worker2-\w{5} with container debugger on node networking-worker2\./);
		expectWorker2Routes(run.stdout);
		const name = /Creating debugging pod (node-debugger-networking-worker2-\w{5})/.exec(run.stdout)?.[1] ?? '';
		const logs = await kubectl('logs', name);
		expect(logs.exitCode, logs.stderr).toBe(0);
		expectWorker2Routes(logs.stdout);
	});

	it("debug node/networking-control-plane --image=ubuntu -- ifconfig tunl0 prints the seed's paste (net-tools); ip -4 -o addr answers too", async () => {
		const run = await kubectl('debug', 'node/networking-control-plane', '-it', '--image=ubuntu', '--', 'ifconfig', 'tunl0');
		expect(run.exitCode, run.stderr).toBe(0);
		const paste = readFileSync(new URL('../fixtures/parsers/seed-control-plane-ifconfig.txt', import.meta.url), 'utf8');
		expect(run.stdout).toContain(paste.slice(paste.indexOf('\n') + 1));
		const oneline = await kubectl('exec', '-n', 'kube-system', await hostNetworkPod('calico-node-', 'networking-worker2'), '--', 'ip', '-4', '-o', 'addr');
		expect(oneline.exitCode, oneline.stderr).toBe(0);
		expect(oneline.stdout).toMatch(/^\d+: eth0 {4}inet 172\.20\.0\.5\/16 brd 172\.20\.255\.255 scope global eth0\\ {7}valid_lft forever preferred_lft forever$/m);
	});

	it('exec route -n in calico-node on worker2 (host network) prints the same routes', async () => {
		const pod = await hostNetworkPod('calico-node-', 'networking-worker2');
		const run = await kubectl('exec', '-n', 'kube-system', pod, '--', 'route', '-n');
		expect(run.exitCode, run.stderr).toBe(0);
		expectWorker2Routes(run.stdout);
	});

	it('carries exit codes through exec: exit 3, false (1), a missing command (127)', async () => {
		const pod = await hostNetworkPod('calico-node-', 'networking-worker2');
		const three = await kubectl('exec', '-n', 'kube-system', pod, '--', 'sh', '-c', 'exit 3');
		expect(three.stderr).toContain('command terminated with exit code 3');
		expect(three.exitCode).toBe(3);
		const one = await kubectl('exec', '-n', 'kube-system', pod, '--', 'sh', '-c', 'false');
		expect(one.stderr).toContain('command terminated with exit code 1');
		expect(one.exitCode).toBe(1);
		const missing = await kubectl('exec', '-n', 'kube-system', pod, '--', 'no-such-tool');
		expect(missing.exitCode).toBe(127);
		expect(missing.stderr).toContain('command terminated with exit code 127');
	});

	it('exec into a missing pod is the real NotFound', async () => {
		const run = await kubectl('exec', 'nope', '--', 'true');
		expect(run.exitCode).toBe(1);
		expect(run.stderr.trim()).toBe('Error from server (NotFound): pods "nope" not found');
	});
});

describe('kubectl delete pod: the controller replaces it and the routes follow', () => {
	it('a replacement hello-world pod appears with a new IP, and the kernels route it', async () => {
		const old = 'hello-world-7c64bd9f6b-tpnrz';
		const deleted = await kubectl('delete', 'pod', old);
		expect(deleted.exitCode, deleted.stderr).toBe(0);
		expect(deleted.stdout.trim()).toBe(`pod "${old}" deleted`);
		const seedIps = new Set(['192.168.21.132', '192.168.78.132', '192.168.175.5']);
		let replacement: string[] | undefined;
		await expect
			.poll(
				async () => {
					const run = await kubectl('get', 'pods', '-l', 'app=hello-world', '-o', 'wide', '--no-headers');
					const table = rows(run.stdout);
					replacement = table.find(row => row[0] !== old && row[2] === 'Running' && !seedIps.has(row[5] ?? ''));
					return table.length === 3 && !table.some(row => row[0] === old) && replacement !== undefined;
				},
				{timeout: 20_000, interval: 200},
			)
			.toBe(true);
		const [, , , , , ip, node] = replacement ?? [];
		expect(ip).toMatch(/^192\.168\.\d+\.\d+$/);
		const calico = await hostNetworkPod('calico-node-', node ?? '');
		const routes = await kubectl('exec', '-n', 'kube-system', calico, '--', 'route', '-n');
		expect(routes.exitCode, routes.stderr).toBe(0);
		expect(routes.stdout).toMatch(new RegExp(`^${(ip ?? '').replaceAll('.', '\\.')}\\s+0\\.0\\.0\\.0\\s+255\\.255\\.255\\.255\\s+UH\\s.*cali[0-9a-f]{11}$`, 'm'));
		const worker2 = await kubectl('exec', '-n', 'kube-system', await hostNetworkPod('calico-node-', 'networking-worker2'), '--', 'route', '-n');
		if (ip !== '192.168.175.5') expect(worker2.stdout).not.toMatch(/^192\.168\.175\.5\s/m);
	});
});

describe('kubectl get -w (Table watch)', () => {
	it('shows a deleted pod Terminating and its replacement coming up', async () => {
		const victim = 'hello-world-7c64bd9f6b-lmhxb';
		const watcher = execa('kubectl', ['--kubeconfig', lab.kubeconfigPath, '--cache-dir', join(scratch, 'cache-watch'), 'get', 'pods', '-w', '-l', 'app=hello-world'], {
			reject: false,
			stdin: 'ignore',
			env: {KUBECONFIG: '', HOME: scratch},
		});
		let out = '';
		watcher.stdout?.on('data', chunk => (out += String(chunk)));
		try {
			await expect.poll(() => out.trim().split('\n').length, {timeout: 20_000}).toBeGreaterThanOrEqual(4);
			expect(out.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
			const deleted = await kubectl('delete', 'pod', victim, '--wait=false');
			expect(deleted.exitCode, deleted.stderr).toBe(0);
			await expect.poll(() => out, {timeout: 20_000}).toMatch(new RegExp(`^${victim}\\s+\\S+\\s+Terminating\\s`, 'm'));
			await expect
				.poll(() => out.split('\n').some(line => /^hello-world-7c64bd9f6b-\w{5}\s+1\/1\s+Running\s/.test(line) && !/^hello-world-7c64bd9f6b-(lmhxb|s5cfz|tpnrz)\s/.test(line) && !line.startsWith(victim)), {timeout: 20_000})
				.toBe(true);
		} finally {
			watcher.kill('SIGTERM');
			await watcher;
		}
	});
});

describe('faults as kubectl sees them', () => {
	it('a 500 from the API server', async () => {
		lab.faults.failNext({count: 1, code: 500, path: /\/api\/v1\/nodes/});
		const run = await kubectl('get', 'nodes');
		expect(run.exitCode).toBe(1);
		expect(run.stderr.trim()).toBe('Error from server (InternalError): Internal error occurred: injected fault: the lab answers 500');
	});
	it('an image pull failure: ErrImagePull, then ImagePullBackOff', async () => {
		lab.faults.failImagePull('nginx*');
		try {
			const created = await kubectl('run', 'pull-fail', '--image=nginx:1.27', '--restart=Never', '--overrides={"spec":{"nodeName":"networking-worker"}}');
			expect(created.exitCode, created.stderr).toBe(0);
			await expect
				.poll(async () => rows((await kubectl('get', 'pod', 'pull-fail', '--no-headers')).stdout)[0]?.[2], {timeout: 20_000, interval: 200})
				.toMatch(/^(ErrImagePull|ImagePullBackOff)$/);
		} finally {
			lab.faults.failImagePull(null);
			await kubectl('delete', 'pod', 'pull-fail', '--grace-period=0', '--wait=false');
		}
	});
	it('Pod Security admission rejects a pod in a restricted namespace', async () => {
		lab.faults.setPodSecurity('default', 'restricted');
		try {
			const run = await kubectl('run', 'psa', '--image=busybox', '--restart=Never');
			expect(run.exitCode).toBe(1);
			expect(run.stderr).toMatch(/^Error from server \(Forbidden\): pods "psa" is forbidden: violates PodSecurity "restricted:latest": /);
		} finally {
			lab.faults.setPodSecurity('default', 'privileged');
		}
	});
	it('a NotReady node', async () => {
		lab.faults.setNodeReady('networking-worker3', false);
		try {
			const run = await kubectl('get', 'node', 'networking-worker3', '--no-headers');
			expect(rows(run.stdout)[0]?.[1]).toBe('NotReady');
		} finally {
			lab.faults.setNodeReady('networking-worker3', true);
		}
		expect(rows((await kubectl('get', 'node', 'networking-worker3', '--no-headers')).stdout)[0]?.[1]).toBe('Ready');
	});
	it('a route removed from a node kernel, then restored', async () => {
		const pod = await hostNetworkPod('calico-node-', 'networking-worker2');
		lab.faults.removeRoute('networking-worker2', '192.168.78.128/26');
		try {
			const run = await kubectl('exec', '-n', 'kube-system', pod, '--', 'route', '-n');
			expect(run.stdout).toMatch(/^192\.168\.21\.128\s/m);
			expect(run.stdout).not.toMatch(/^192\.168\.78\.128\s/m);
		} finally {
			lab.faults.restoreRoutes('networking-worker2');
		}
		expect((await kubectl('exec', '-n', 'kube-system', pod, '--', 'route', '-n')).stdout).toMatch(/^192\.168\.78\.128\s/m);
	});
	it('a hanging exec never answers until the client gives up', async () => {
		const pod = await hostNetworkPod('calico-node-', 'networking-worker2');
		lab.faults.setExecFault({mode: 'hang'});
		try {
			const run = await execa('kubectl', ['--kubeconfig', lab.kubeconfigPath, '--cache-dir', join(scratch, 'cache-hang'), 'exec', '-n', 'kube-system', pod, '--', 'route', '-n'], {
				reject: false,
				timeout: 2000,
				stdin: 'ignore',
				env: {KUBECONFIG: '', HOME: scratch},
			});
			expect(run.timedOut).toBe(true);
			expect(String(run.stdout)).toBe('');
		} finally {
			lab.faults.setExecFault(null);
		}
	});
	it('a truncated exec prints part of the output and the error', async () => {
		const pod = await hostNetworkPod('calico-node-', 'networking-worker2');
		lab.faults.setExecFault({mode: 'truncate'});
		try {
			const run = await kubectl('exec', '-n', 'kube-system', pod, '--', 'route', '-n');
			expect(run.exitCode).not.toBe(0);
			expect(run.stdout).toContain('Kernel IP routing table');
			expect(run.stdout).not.toMatch(/^192\.168\.175\.1\s/m);
			expect(run.stderr).toMatch(/error|Internal/i);
		} finally {
			lab.faults.setExecFault(null);
		}
	});
});

describe('RBAC', () => {
	it('a denied verb reads as the apiserver says it', async () => {
		lab.faults.denyVerb({verb: 'create', resource: 'pods', namespace: 'default'});
		try {
			const run = await kubectl('run', 'denied', '--image=busybox', '--restart=Never');
			expect(run.exitCode).toBe(1);
			expect(run.stderr.trim()).toBe(
				'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:netinspect" cannot create resource "pods" in API group "" in the namespace "default"',
			);
			const canI = await kubectl('auth', 'can-i', 'create', 'pods');
			expect(canI.stdout.trim()).toBe('no');
		} finally {
			lab.faults.clearHttpFaults();
		}
		const allowed = await kubectl('auth', 'can-i', 'create', 'pods');
		expect(allowed.stdout.trim()).toBe('yes');
	});
});
