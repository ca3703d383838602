import {afterEach, describe, expect, it} from 'vitest';
import {cidrContains} from '../../../source/net/ip.js';
import type {KubeObject} from '../../../source/lab/cluster-types.js';
import {createLabCluster, generateTopology, seedTopology, type LabClusterHandle, type LabClusterOptions} from '../../../source/lab/state/index.js';
import {captureIo, containerState, pod, podEvent, statusOf, waitForEvent} from './cluster-test-helpers.js';

const clusters: LabClusterHandle[] = [];
function lab(options: Partial<LabClusterOptions> = {}): LabClusterHandle {
	const cluster = createLabCluster({topology: seedTopology(), imagePullDelayMs: 20, schedulingDelayMs: 5, terminationDelayMs: 20, ...options});
	clusters.push(cluster);
	return cluster;
}
afterEach(() => {
	for (const cluster of clusters.splice(0)) cluster.close();
});

const worker2 = 'networking-worker2';
const calicoWorker2 = {namespace: 'kube-system', pod: 'calico-node-wf5n6', container: null, tty: false} as const;

async function routeN(cluster: LabClusterHandle): Promise<string> {
	const io = captureIo();
	const result = await cluster.exec({...calicoWorker2, command: ['route', '-n']}, io);
	expect(result).toEqual({ok: true, value: {exitCode: 0}});
	return io.out();
}

describe('createLabCluster: the seed as the API serves it', () => {
	it('serves nodes with the Calico annotations, podCIDRs, addresses, nodeInfo and roles', () => {
		const cluster = lab();
		const node = cluster.get('nodes', null, 'networking-control-plane')!;
		expect(node.metadata.annotations).toMatchObject({
			'projectcalico.org/IPv4Address': '172.20.0.2/16',
			'projectcalico.org/IPv4IPIPTunnelAddr': '192.168.223.128',
		});
		expect(node.metadata.labels).toMatchObject({'kubernetes.io/hostname': 'networking-control-plane', 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/os': 'linux'});
		expect(node['spec']).toMatchObject({podCIDR: '192.168.0.0/24', podCIDRs: ['192.168.0.0/24'], taints: [{key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule'}]});
		expect(node['status']).toMatchObject({
			addresses: [{type: 'InternalIP', address: '172.20.0.2'}, {type: 'Hostname', address: 'networking-control-plane'}],
			nodeInfo: {kubeletVersion: expect.stringMatching(/^v1\.32\./), osImage: 'Debian GNU/Linux 12 (bookworm)', containerRuntimeVersion: expect.stringMatching(/^containerd:\/\//)},
		});
		expect(cluster.list('nodes', null).items.map((item) => item.metadata.name)).toEqual([
			'networking-control-plane', 'networking-worker', 'networking-worker2', 'networking-worker3',
		]);
	});

	it('serves namespaces, leases with MicroTime and events, all on one resourceVersion counter with unique uids', () => {
		const cluster = lab();
		expect(cluster.list('namespaces', null).items.map((item) => item.metadata.name)).toEqual([
			'default', 'kube-node-lease', 'kube-public', 'kube-system', 'local-path-storage',
		]);
		const leases = cluster.list('leases', 'kube-node-lease').items;
		expect(leases).toHaveLength(4);
		for (const lease of leases) expect((lease['spec'] as {renewTime: string}).renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
		expect(cluster.list('events', null).items.length).toBeGreaterThan(0);
		const everything = (['nodes', 'pods', 'namespaces', 'events', 'leases'] as const).flatMap((resource) => cluster.list(resource, null).items);
		const versions = everything.map((item) => Number(item.metadata.resourceVersion));
		expect(new Set(versions).size).toBe(versions.length);
		expect(Math.max(...versions)).toBeLessThanOrEqual(cluster.currentResourceVersion());
		expect(new Set(everything.map((item) => item.metadata.uid)).size).toBe(everything.length);
		expect(cluster.list('pods', 'default').resourceVersion).toBe(cluster.currentResourceVersion());
	});

	it('serves the seed pods Running with their IPs, hello-world owned by its ReplicaSet', () => {
		const cluster = lab();
		const hello = cluster.get('pods', 'default', 'hello-world-7c64bd9f6b-tpnrz')!;
		expect(statusOf(hello)).toMatchObject({phase: 'Running', podIP: '192.168.175.5'});
		expect(hello['spec']).toMatchObject({nodeName: worker2});
		expect(hello.metadata.labels).toMatchObject({app: 'hello-world'});
		expect(hello.metadata.ownerReferences).toEqual([expect.objectContaining({kind: 'ReplicaSet', name: 'hello-world-7c64bd9f6b', controller: true})]);
		expect(statusOf(cluster.get('pods', 'kube-system', 'kube-proxy-8gzgz')!).podIP).toBe('172.20.0.5');
		expect(containerState(hello)).toBe('running');
	});

	it('boots a generated cluster of 2000 pods', () => {
		const cluster = createLabCluster({topology: generateTopology({nodes: 40, pods: 2000, seed: 5})});
		clusters.push(cluster);
		expect(cluster.list('pods', null).items).toHaveLength(2000 + 80);
		expect(cluster.list('nodes', null).items).toHaveLength(40);
	});
});

describe('createLabCluster: watch history', () => {
	it('answers expired for RVs newer than now or dropped, and after a resourceVersion jump', () => {
		const cluster = lab({historySize: 5, historyFreshMs: 0});
		const current = cluster.currentResourceVersion();
		expect(cluster.eventsSince(current + 1)).toBe('expired');
		expect(cluster.eventsSince(1)).toBe('expired');
		expect(cluster.eventsSince(current)).toEqual([]);
		cluster.faults.jumpResourceVersion(10_000);
		expect(cluster.currentResourceVersion()).toBe(current + 10_000);
		expect(cluster.eventsSince(current)).toBe('expired');
	});
});

describe('createLabCluster: pod create and lifecycle', () => {
	it('schedules a pod with nodeName, shows ContainerCreating, then Running with the next IP of the node block', async () => {
		const cluster = lab();
		const states: string[] = [];
		cluster.subscribe((event) => {
			if (event.resource === 'pods' && event.object.metadata.name === 'web') states.push(`${statusOf(event.object).phase}/${containerState(event.object) ?? '-'}`);
		});
		const running = waitForEvent(cluster, podEvent('web', (object) => statusOf(object).phase === 'Running'));
		const created = cluster.createPod('default', pod('web', {nodeName: worker2, containers: [{name: 'web', image: 'nginx'}]}), {dryRun: false});
		expect(created.ok && statusOf(created.value).phase).toBe('Pending');
		const event = await running;
		const ip = statusOf(event.object).podIP!;
		expect(cidrContains('192.168.175.0/26', ip)).toBe(true);
		expect(['192.168.175.0', '192.168.175.1', '192.168.175.5']).not.toContain(ip);
		expect(states).toEqual(['Pending/-', 'Pending/ContainerCreating', 'Running/running']);
		const conditions = (event.object['status'] as {conditions: {type: string; status: string}[]}).conditions;
		expect(conditions.find((condition) => condition.type === 'PodScheduled')?.status).toBe('True');
		expect(conditions.find((condition) => condition.type === 'Ready')?.status).toBe('True');
		// The node kernel follows: a /32 to a cali device for the new pod.
		expect(await routeN(cluster)).toMatch(new RegExp(`^${ip.replaceAll('.', '\\.')}\\s+0\\.0\\.0\\.0\\s+255\\.255\\.255\\.255 UH .* cali[0-9a-f]{11}$`, 'm'));
	});

	it('leaves pods without nodeName Pending; host-network pods take the node IP', async () => {
		const cluster = lab();
		const running = waitForEvent(cluster, podEvent('host', (object) => statusOf(object).phase === 'Running'));
		cluster.createPod('default', pod('floating', {containers: [{name: 'a', image: 'nginx'}]}), {dryRun: false});
		cluster.createPod('default', pod('host', {nodeName: worker2, hostNetwork: true, containers: [{name: 'a', image: 'nginx'}]}), {dryRun: false});
		expect(statusOf((await running).object).podIP).toBe('172.20.0.5');
		const floating = cluster.get('pods', 'default', 'floating')!;
		expect(statusOf(floating).phase).toBe('Pending');
		expect(floating['spec']).not.toHaveProperty('nodeName');
	});

	it('rejects as the apiserver does and stores nothing on dryRun', () => {
		const cluster = lab();
		const body = pod('x', {containers: [{name: 'a', image: 'nginx'}]});
		expect(cluster.createPod('ghost', body, {dryRun: false})).toMatchObject({ok: false, error: {code: 404, message: 'namespaces "ghost" not found'}});
		const before = cluster.currentResourceVersion();
		const dry = cluster.createPod('default', pod('', {containers: [{name: 'a', image: 'nginx'}]}, {generateName: 'dry-'}), {dryRun: true});
		expect(dry.ok && dry.value.metadata.name).toMatch(/^dry-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
		expect(cluster.currentResourceVersion()).toBe(before);
		expect(cluster.createPod('default', body, {dryRun: false}).ok).toBe(true);
		expect(cluster.createPod('default', body, {dryRun: false})).toMatchObject({ok: false, error: {code: 409, reason: 'AlreadyExists', message: 'pods "x" already exists'}});
	});

	it('rejects host-network pods with the Pod Security message once the namespace enforces baseline', async () => {
		const cluster = lab();
		const labelled = waitForEvent(cluster, (event) => event.resource === 'namespaces' && event.type === 'MODIFIED');
		cluster.faults.setPodSecurity('default', 'baseline');
		expect((await labelled).object.metadata.labels).toMatchObject({'pod-security.kubernetes.io/enforce': 'baseline'});
		const result = cluster.createPod('default', pod('dbg', {hostNetwork: true, containers: [{name: 'a', image: 'busybox'}]}), {dryRun: true});
		expect(result).toMatchObject({ok: false, error: {code: 403, reason: 'Forbidden', message: 'pods "dbg" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true)'}});
		expect(cluster.createPod('kube-system', pod('dbg', {hostNetwork: true, containers: [{name: 'a', image: 'busybox'}]}), {dryRun: true}).ok).toBe(true);
	});

	it('fails a pull with ErrImagePull then ImagePullBackOff, and recovers when the fault clears', async () => {
		const cluster = lab();
		cluster.faults.failImagePull('*nosuch*');
		const errPull = waitForEvent(cluster, podEvent('bad', (object) => containerState(object) === 'ErrImagePull'));
		const backOff = waitForEvent(cluster, podEvent('bad', (object) => containerState(object) === 'ImagePullBackOff'));
		cluster.createPod('default', pod('bad', {nodeName: worker2, containers: [{name: 'a', image: 'nosuch/image:1'}]}), {dryRun: false});
		const pulled = await errPull;
		expect(JSON.stringify(pulled.object['status'])).toContain('failed to pull and unpack image \\"docker.io/nosuch/image:1\\"');
		await backOff;
		const running = waitForEvent(cluster, podEvent('bad', (object) => statusOf(object).phase === 'Running'));
		cluster.faults.failImagePull(null);
		expect(containerState((await running).object)).toBe('running');
	});

	it('keeps pods on a NotReady node ContainerCreating until it is Ready again', async () => {
		const cluster = lab();
		const nodeChanged = waitForEvent(cluster, (event) => event.resource === 'nodes' && event.type === 'MODIFIED');
		cluster.faults.setNodeReady('networking-worker3', false);
		const node = (await nodeChanged).object;
		const ready = (node['status'] as {conditions: {type: string; status: string}[]}).conditions.find((condition) => condition.type === 'Ready');
		expect(ready?.status).toBe('Unknown');
		expect(JSON.stringify(node['spec'])).toContain('node.kubernetes.io/unreachable');
		const other = waitForEvent(cluster, podEvent('elsewhere', (object) => statusOf(object).phase === 'Running'));
		cluster.createPod('default', pod('stuck', {nodeName: 'networking-worker3', containers: [{name: 'a', image: 'nginx'}]}), {dryRun: false});
		cluster.createPod('default', pod('elsewhere', {nodeName: worker2, containers: [{name: 'a', image: 'nginx'}]}), {dryRun: false});
		await other;
		expect(containerState(cluster.get('pods', 'default', 'stuck')!)).toBe('ContainerCreating');
		const recovered = waitForEvent(cluster, podEvent('stuck', (object) => statusOf(object).phase === 'Running'));
		cluster.faults.setNodeReady('networking-worker3', true);
		expect(cidrContains('192.168.21.128/26', statusOf((await recovered).object).podIP!)).toBe(true);
	});

	it('fails a pod whose activeDeadlineSeconds passes', async () => {
		const cluster = lab();
		const failed = waitForEvent(cluster, podEvent('short', (object) => statusOf(object).phase === 'Failed'));
		cluster.createPod('default', pod('short', {nodeName: worker2, activeDeadlineSeconds: 1, containers: [{name: 'a', image: 'nginx'}]}), {dryRun: false});
		expect(statusOf((await failed).object)).toMatchObject({phase: 'Failed', reason: 'DeadlineExceeded'});
	});

	it('runs sleep N for N seconds, then Succeeded', async () => {
		const cluster = lab();
		const running = waitForEvent(cluster, podEvent('nap', (object) => statusOf(object).phase === 'Running'));
		const done = waitForEvent(cluster, podEvent('nap', (object) => statusOf(object).phase === 'Succeeded'));
		cluster.createPod('default', pod('nap', {nodeName: worker2, hostNetwork: true, restartPolicy: 'Never', containers: [{name: 'a', image: 'busybox', command: ['sleep', '1']}]}), {dryRun: false});
		await running;
		expect(containerState((await done).object)).toBe('terminated');
	});
});

describe('createLabCluster: kubectl debug pods (finite node commands)', () => {
	const debugPod = (name: string, stdin: boolean) =>
		pod(name, {
			nodeName: worker2,
			hostNetwork: true,
			hostPID: true,
			hostIPC: true,
			restartPolicy: 'Never',
			tolerations: [{operator: 'Exists'}],
			volumes: [{name: 'host-root', hostPath: {path: '/'}}],
			containers: [{name: 'debugger', image: 'busybox', command: ['route', '-n'], stdin, tty: stdin, volumeMounts: [{name: 'host-root', mountPath: '/host'}]}],
		});

	it('with stdin: Running until attached, then replays the output, terminates and Succeeds; the log keeps it', async () => {
		const cluster = lab();
		const running = waitForEvent(cluster, podEvent('node-debugger-a', (object) => containerState(object) === 'running'));
		cluster.createPod('default', debugPod('node-debugger-a', true), {dryRun: false});
		await running;
		const succeeded = waitForEvent(cluster, podEvent('node-debugger-a', (object) => statusOf(object).phase === 'Succeeded'));
		const io = captureIo();
		const result = await cluster.attach({namespace: 'default', pod: 'node-debugger-a', container: 'debugger', tty: true}, io);
		expect(result).toEqual({ok: true, value: {exitCode: 0}});
		expect(io.out()).toContain('192.168.175.5   0.0.0.0         255.255.255.255 UH    0      0        0 cali52440ec1550');
		await succeeded;
		expect(cluster.podLog('default', 'node-debugger-a', 'debugger')).toEqual({ok: true, value: io.out()});
	});

	it('without stdin: runs at once, Succeeds, and the log is the output', async () => {
		const cluster = lab();
		const done = waitForEvent(cluster, podEvent('node-debugger-b', (object) => statusOf(object).phase === 'Succeeded'));
		cluster.createPod('default', debugPod('node-debugger-b', false), {dryRun: false});
		const object = (await done).object;
		expect(statusOf(object).containerStatuses?.[0]?.state['terminated']).toMatchObject({exitCode: 0, reason: 'Completed'});
		const log = cluster.podLog('default', 'node-debugger-b', null);
		expect(log.ok && log.value).toMatch(/^Kernel IP routing table\n/);
		expect(await cluster.attach({namespace: 'default', pod: 'node-debugger-b', container: null, tty: false}, captureIo())).toMatchObject({
			ok: false,
			error: {code: 400, message: 'cannot attach to a container in a completed pod; current phase is Succeeded'},
		});
	});
});

describe('createLabCluster: delete and the hello-world controller', () => {
	it('deletes gracefully, replaces the pod with a new name and IP on a worker, and the routes follow', async () => {
		const cluster = lab();
		const old = 'hello-world-7c64bd9f6b-tpnrz';
		const replacementRunning = waitForEvent(cluster, (event) =>
			event.resource === 'pods' && event.object.metadata.name.startsWith('hello-world-7c64bd9f6b-') && event.object.metadata.name !== old && statusOf(event.object).phase === 'Running');
		const gone = waitForEvent(cluster, podEvent(old, (_, event) => event.type === 'DELETED'));
		const result = cluster.deletePod('default', old, {gracePeriodSeconds: null});
		expect(result.ok && result.value.metadata.deletionTimestamp).toBeTruthy();
		expect(result.ok && result.value.metadata.deletionGracePeriodSeconds).toBe(30);
		const deleted = await gone;
		expect(statusOf(deleted.object).podIP).toBe('192.168.175.5');
		expect(Number(deleted.object.metadata.resourceVersion)).toBe(deleted.resourceVersion);
		const replacement = (await replacementRunning).object;
		expect(replacement.metadata.name).toMatch(/^hello-world-7c64bd9f6b-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
		expect(replacement.metadata.labels).toMatchObject({app: 'hello-world'});
		expect(replacement['spec']).toMatchObject({nodeName: worker2});
		const ip = statusOf(replacement).podIP!;
		expect(ip).not.toBe('192.168.175.5');
		const active = cluster.list('pods', 'default').items.filter((item: KubeObject) => item.metadata.labels?.['app'] === 'hello-world');
		expect(active).toHaveLength(3);
		const routes = await routeN(cluster);
		expect(routes).toContain(`${ip.padEnd(16)}0.0.0.0`);
		expect(routes).not.toContain('192.168.175.5 ');
	});

	it('deletes at once with grace 0, and answers 404 for unknown pods', async () => {
		const cluster = lab();
		const result = cluster.deletePod('kube-system', 'coredns-558bd4d5db-k4j7g', {gracePeriodSeconds: 0});
		expect(result.ok).toBe(true);
		expect(cluster.get('pods', 'kube-system', 'coredns-558bd4d5db-k4j7g')).toBeNull();
		expect(await routeN(cluster)).not.toContain('192.168.175.1 ');
		expect(cluster.deletePod('default', 'nope', {gracePeriodSeconds: null})).toEqual({
			ok: false,
			error: {code: 404, reason: 'NotFound', message: 'pods "nope" not found', details: {name: 'nope', kind: 'pods'}},
		});
	});
});

describe('createLabCluster: exec', () => {
	it('runs node commands in host-network pods against the node kernel, with exit codes', async () => {
		const cluster = lab();
		const routes = await routeN(cluster);
		expect(routes).toContain('192.168.223.128 172.20.0.2      255.255.255.192 UG    0      0        0 tunl0');
		const io = captureIo();
		const missing = await cluster.exec({...calicoWorker2, command: ['nope']}, io);
		expect(missing).toEqual({ok: true, value: {exitCode: 127}});
		expect(io.err()).toContain('nope');
	});

	it('answers 404, invalid container, not running and completed pod as the apiserver words them', async () => {
		const cluster = lab();
		const exec = (pod: string, container: string | null) => cluster.exec({namespace: 'default', pod, container, command: ['hostname'], tty: false}, captureIo());
		expect(await exec('nope', null)).toMatchObject({ok: false, error: {code: 404, message: 'pods "nope" not found'}});
		expect(await exec('hello-world-7c64bd9f6b-tpnrz', 'other')).toMatchObject({ok: false, error: {code: 400, message: 'container other is not valid for pod hello-world-7c64bd9f6b-tpnrz'}});
		cluster.createPod('default', pod('waiting', {nodeName: worker2, containers: [{name: 'a', image: 'nginx'}]}), {dryRun: false});
		expect(await exec('waiting', null)).toMatchObject({ok: false, error: {code: 400, reason: 'BadRequest'}});
		expect(cluster.podLog('default', 'waiting', null)).toMatchObject({ok: false, error: {code: 400, message: 'container "a" in pod "waiting" is waiting to start: ContainerCreating'}});
		const done = waitForEvent(cluster, podEvent('finished', (object) => statusOf(object).phase === 'Succeeded'));
		cluster.createPod('default', pod('finished', {nodeName: worker2, hostNetwork: true, containers: [{name: 'a', image: 'busybox', command: ['hostname']}]}), {dryRun: false});
		await done;
		expect(await exec('finished', null)).toMatchObject({ok: false, error: {code: 400, message: 'cannot exec into a container in a completed pod; current phase is Succeeded'}});
	});

	it('gives non-host-network pods hostname and sleep, and a clear error for network commands', async () => {
		const cluster = lab();
		const io = captureIo();
		const target = {namespace: 'default', pod: 'hello-world-7c64bd9f6b-tpnrz', container: null, tty: false};
		expect(await cluster.exec({...target, command: ['hostname']}, io)).toEqual({ok: true, value: {exitCode: 0}});
		expect(io.out()).toBe('hello-world-7c64bd9f6b-tpnrz\n');
		const routeIo = captureIo();
		expect(await cluster.exec({...target, command: ['route', '-n']}, routeIo)).toEqual({ok: true, value: {exitCode: 126}});
		expect(routeIo.err()).toContain('only host-network pods');
	});

	it('honours sleep and stops it when the client goes away', async () => {
		const cluster = lab();
		const io = captureIo();
		const pending = cluster.exec({...calicoWorker2, command: ['sleep', '60']}, io);
		io.abort();
		expect(await pending).toMatchObject({ok: false, error: {code: 500}});
	});

	it('hangs until aborted, or truncates to half the output with an InternalError', async () => {
		const cluster = lab();
		const full = await routeN(cluster);
		cluster.faults.setExecFault({mode: 'truncate', node: worker2});
		const io = captureIo();
		const truncated = await cluster.exec({...calicoWorker2, command: ['route', '-n']}, io);
		expect(truncated).toMatchObject({ok: false, error: {code: 500, reason: 'InternalError'}});
		expect(io.out()).toBe(full.slice(0, Math.floor(full.length / 2)));
		// The fault is per node: other nodes answer normally.
		const other = captureIo();
		expect(await cluster.exec({namespace: 'kube-system', pod: 'calico-node-bq7rd', container: null, tty: false, command: ['hostname']}, other)).toEqual({ok: true, value: {exitCode: 0}});
		cluster.faults.setExecFault({mode: 'hang'});
		const hangIo = captureIo();
		let settled = false;
		const hanging = cluster.exec({...calicoWorker2, command: ['hostname']}, hangIo).then((result) => {
			settled = true;
			return result;
		});
		await Promise.resolve();
		expect(settled).toBe(false);
		hangIo.abort();
		expect(await hanging).toMatchObject({ok: false, error: {code: 500}});
		expect(hangIo.out()).toBe('');
	});

	it('removes a route from a node kernel and restores it', async () => {
		const cluster = lab();
		cluster.faults.removeRoute(worker2, '192.168.21.128/26');
		expect(await routeN(cluster)).not.toContain('192.168.21.128');
		cluster.faults.restoreRoutes(worker2);
		expect(await routeN(cluster)).toContain('192.168.21.128');
	});
});
