/**
 * The trace against the real kernel. Two "nodes" and four "pods" as network namespaces, Calico VXLAN style:
 * an underlay bridge in a `lan` namespace, each node's eth0 on it, a `vxlan.calico` device per node holding
 * the node's tunnel address (static FDB and neighbour entries, as Felix programs them), a blackhole for the
 * node's own /26 block, a /32 host route per pod into its `cali…` veth, and pods with `default via
 * 169.254.1.1`. Each case breaks the path in one way, captures every node's real `ip -j route show table
 * all`, `ip -j addr`, `ip -d -j link`, `ip -j rule` and rp_filter (`grep -r . /proc/sys/net/ipv4/conf`),
 * runs `netinspect trace --capture` on them, and checks that what the trace says agrees with a real ping
 * between the pod namespaces, both ways.
 *
 * Traffic stays inside the namespaces this test makes (names ni-trace-<pid>-*); all are deleted afterwards.
 * Needs root, iproute2 and iputils ping (for `-M do`); skips with the reason otherwise.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {command} from '../../source/commands/trace.js';
import {calicoVethName} from '../../source/net/calico-veth-name.js';
import type {Trace} from '../../source/net/trace-types.js';
import {skipReason, toolRuns} from '../helpers/system-tools.js';
import {captureIo} from './io-capture.js';

function missing(): string[] {
	const reasons: string[] = [];
	if (process.getuid?.() !== 0) reasons.push('not root (network namespaces need it)');
	if (!toolRuns('ip', ['-V'])) reasons.push('ip (iproute2) is not installed');
	const ping = spawnSync('ping', ['-V'], {encoding: 'utf8', timeout: 10_000});
	if (ping.error || !/iputils/.test(`${ping.stdout}${ping.stderr}`)) reasons.push('iputils ping is not installed (ping -M do)');
	return reasons;
}

const skip = skipReason('the real-kernel trace test', missing());
const prefix = `ni-trace-${process.pid}`;
const ns = (name: string) => `${prefix}-${name}`;

type PodSpec = {readonly name: string; readonly node: 'node1' | 'node2'; readonly ip: string};
const pods: readonly PodSpec[] = [
	{name: 'pod1a', node: 'node1', ip: '10.200.1.10'},
	{name: 'pod1b', node: 'node1', ip: '10.200.1.11'},
	{name: 'pod2a', node: 'node2', ip: '10.200.2.10'},
	{name: 'pod2b', node: 'node2', ip: '10.200.2.11'},
];
const nodes = {
	node1: {underlay: '198.18.0.1', tunnel: '10.200.1.0', block: '10.200.1.0/26', mac: '02:00:00:00:01:01'},
	node2: {underlay: '198.18.0.2', tunnel: '10.200.2.0', block: '10.200.2.0/26', mac: '02:00:00:00:02:01'},
} as const;
const other = {node1: 'node2', node2: 'node1'} as const;
const veth = (pod: PodSpec) => calicoVethName('default', pod.name);
const pod = (name: string) => pods.find(entry => entry.name === name)!;

function ip(...args: string[]): string {
	return execFileSync('ip', args, {encoding: 'utf8', timeout: 10_000});
}

function inNs(name: string, ...argv: string[]): string {
	return execFileSync('ip', ['netns', 'exec', ns(name), ...argv], {encoding: 'utf8', timeout: 10_000});
}

function sysctl(name: string, key: string, value: string): void {
	inNs(name, 'sysctl', '-q', '-w', `${key}=${value}`);
}

function deleteAll(): void {
	const listed = spawnSync('ip', ['netns', 'list'], {encoding: 'utf8', timeout: 10_000}).stdout ?? '';
	for (const line of listed.split('\n')) {
		const name = line.split(' ')[0] ?? '';
		if (name.startsWith(`${prefix}-`)) spawnSync('ip', ['netns', 'del', name], {timeout: 10_000});
	}
}

/** The baseline: everything delivers. */
function build(): void {
	deleteAll();
	ip('netns', 'add', ns('lan'));
	ip('-n', ns('lan'), 'link', 'add', 'br0', 'type', 'bridge');
	ip('-n', ns('lan'), 'link', 'set', 'br0', 'up');
	for (const [name, node] of Object.entries(nodes) as Array<[keyof typeof nodes, (typeof nodes)[keyof typeof nodes]]>) {
		ip('netns', 'add', ns(name));
		ip('-n', ns(name), 'link', 'set', 'lo', 'up');
		for (const key of ['net.ipv4.conf.all.rp_filter', 'net.ipv4.conf.default.rp_filter']) sysctl(name, key, '0');
		sysctl(name, 'net.ipv4.ip_forward', '1');
		ip('-n', ns(name), 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', `up-${name}`, 'netns', ns('lan'));
		ip('-n', ns('lan'), 'link', 'set', `up-${name}`, 'master', 'br0', 'up');
		ip('-n', ns(name), 'addr', 'add', `${node.underlay}/24`, 'dev', 'eth0');
		ip('-n', ns(name), 'link', 'set', 'eth0', 'up');
		ip('-n', ns(name), 'route', 'add', 'default', 'via', '198.18.0.254', 'dev', 'eth0');
		ip('-n', ns(name), 'link', 'add', 'vxlan.calico', 'address', node.mac, 'type', 'vxlan', 'id', '4096', 'dstport', '4789', 'local', node.underlay, 'dev', 'eth0', 'nolearning');
		ip('-n', ns(name), 'link', 'set', 'vxlan.calico', 'mtu', '1450', 'up');
		ip('-n', ns(name), 'addr', 'add', `${node.tunnel}/32`, 'dev', 'vxlan.calico');
		ip('-n', ns(name), 'route', 'add', 'blackhole', node.block, 'proto', '80');
		const remote = nodes[other[name]];
		ip('-n', ns(name), 'neigh', 'add', remote.tunnel, 'lladdr', remote.mac, 'dev', 'vxlan.calico', 'nud', 'permanent');
		execFileSync('bridge', ['-n', ns(name), 'fdb', 'append', remote.mac, 'dev', 'vxlan.calico', 'dst', remote.underlay], {timeout: 10_000});
		ip('-n', ns(name), 'route', 'add', remote.block, 'via', remote.tunnel, 'dev', 'vxlan.calico', 'onlink', 'proto', '80');
	}
	for (const spec of pods) {
		ip('netns', 'add', ns(spec.name));
		ip('-n', ns(spec.node), 'link', 'add', veth(spec), 'mtu', '1450', 'type', 'veth', 'peer', 'name', 'eth0', 'mtu', '1450', 'netns', ns(spec.name));
		ip('-n', ns(spec.node), 'link', 'set', veth(spec), 'up');
		ip('-n', ns(spec.node), 'route', 'add', spec.ip, 'dev', veth(spec), 'scope', 'link');
		const hostMac = JSON.parse(ip('-n', ns(spec.node), '-j', 'link', 'show', veth(spec)))[0].address as string;
		ip('-n', ns(spec.name), 'link', 'set', 'lo', 'up');
		ip('-n', ns(spec.name), 'addr', 'add', `${spec.ip}/32`, 'dev', 'eth0');
		ip('-n', ns(spec.name), 'link', 'set', 'eth0', 'up');
		ip('-n', ns(spec.name), 'route', 'add', '169.254.1.1', 'dev', 'eth0', 'scope', 'link');
		ip('-n', ns(spec.name), 'route', 'add', 'default', 'via', '169.254.1.1', 'dev', 'eth0');
		ip('-n', ns(spec.name), 'neigh', 'add', '169.254.1.1', 'lladdr', hostMac, 'dev', 'eth0', 'nud', 'permanent');
	}
}

const scratch = mkdtempSync(join(tmpdir(), 'ni-trace-netns-'));

/** Every node's real tables into NODE folders, and the cluster as kubectl prints it. */
function capture(label: string): string[] {
	const root = join(scratch, label);
	const args: string[] = [];
	for (const name of Object.keys(nodes)) {
		const folder = join(root, name);
		mkdirSync(folder, {recursive: true});
		writeFileSync(join(folder, 'ip-j-route-table-all.json'), ip('-n', ns(name), '-j', 'route', 'show', 'table', 'all'));
		writeFileSync(join(folder, 'ip-j-addr.json'), ip('-n', ns(name), '-j', 'addr'));
		writeFileSync(join(folder, 'ip-d-j-link.json'), ip('-n', ns(name), '-d', '-j', 'link'));
		writeFileSync(join(folder, 'ip-j-rule.json'), ip('-n', ns(name), '-j', 'rule'));
		// grep exits 2 for the few unreadable files (stable_secret is IPv6; none here): keep stdout either way.
		const grep = spawnSync('ip', ['netns', 'exec', ns(name), 'grep', '-r', '.', '/proc/sys/net/ipv4/conf'], {encoding: 'utf8', timeout: 10_000});
		writeFileSync(join(folder, 'rp-filter.txt'), grep.stdout);
		args.push('--capture', `${name}=${folder}`);
	}
	const nodeItems = Object.entries(nodes).map(([name, node]) => ({
		metadata: {name, annotations: {'projectcalico.org/IPv4Address': `${node.underlay}/24`, 'projectcalico.org/IPv4VXLANTunnelAddr': node.tunnel}},
		spec: {},
		status: {addresses: [{type: 'InternalIP', address: node.underlay}]},
	}));
	const podItems = pods.map(spec => ({
		metadata: {namespace: 'default', name: spec.name},
		spec: {nodeName: spec.node},
		status: {phase: 'Running', podIP: spec.ip, podIPs: [{ip: spec.ip}]},
	}));
	writeFileSync(join(root, 'nodes.json'), JSON.stringify({items: nodeItems}));
	writeFileSync(join(root, 'pods.json'), JSON.stringify({items: podItems}));
	return [...args, '--nodes', join(root, 'nodes.json'), '--pods', join(root, 'pods.json')];
}

async function traced(label: string, from: string, to: string): Promise<Trace> {
	const io = captureIo([`default/${from}`, `default/${to}`, ...capture(label), '--json']);
	const code = await command.run(io);
	expect(io.err()).toBe('');
	expect(code).toBe(0);
	return JSON.parse(io.out()) as Trace;
}

/** A real ping from one pod namespace to the other pod's IP: did the echo come back? */
function pings(from: string, to: string, size: number | null = null): boolean {
	const sizeArgs = size === null ? [] : ['-M', 'do', '-s', String(size)];
	const result = spawnSync('ip', ['netns', 'exec', ns(from), 'ping', '-n', '-q', '-c', '1', '-W', '1', ...sizeArgs, pod(to).ip], {timeout: 20_000});
	return result.status === 0;
}

/** Trace both ways, ping both ways, and check they agree: a ping needs the request and the reply delivered. */
async function agree(label: string, from: string, to: string) {
	const there = await traced(label, from, to);
	const back = await traced(`${label}-back`, to, from);
	const roundTrip = there.forward.delivered && there.reverse.delivered;
	expect(back.forward.delivered && back.reverse.delivered).toBe(roundTrip);
	expect(pings(from, to), `ping ${from} → ${to}`).toBe(roundTrip);
	expect(pings(to, from), `ping ${to} → ${from}`).toBe(roundTrip);
	return there;
}

afterEach(() => {
	if (!skip) deleteAll();
});

afterAll(() => {
	if (!skip) deleteAll();
	rmSync(scratch, {recursive: true, force: true});
});

describe.skipIf(skip !== null)('trace agrees with ping on real namespaces (Calico VXLAN style)', () => {
	it('a working path: delivered both ways through vxlan.calico, as ping says; same-node pods too', async () => {
		build();
		const result = await agree('working', 'pod1a', 'pod2a');
		expect(result.forward.delivered).toBe(true);
		expect(result.reverse.delivered).toBe(true);
		expect(result.forward.hops.map(hop => [hop.node, hop.in, hop.outcome, hop.out])).toEqual([
			['node1', veth(pod('pod1a')), 'tunnel-to-node', 'vxlan.calico'],
			['node2', 'vxlan.calico', 'local-pod', veth(pod('pod2a'))],
		]);
		expect(result.pathMtu).toBe(1450);
		expect(result.problems).toEqual([]);
		const local = await agree('same-node', 'pod1a', 'pod1b');
		expect(local.forward.hops).toHaveLength(1);
		expect(local.forward.delivered).toBe(true);
	});

	it('the destination’s host route deleted: not delivered, missing-host-route on node2; ping fails', async () => {
		build();
		ip('-n', ns('node2'), 'route', 'del', pod('pod2a').ip, 'dev', veth(pod('pod2a')));
		const result = await agree('no-host-route', 'pod1a', 'pod2a');
		expect(result.forward.delivered).toBe(false);
		expect(result.forward.hops.at(-1)).toMatchObject({node: 'node2', outcome: 'blackhole'});
		expect(result.forward.hops.at(-1)!.problems).toContain('missing-host-route');
		// The other pod on node2 is untouched.
		expect((await agree('no-host-route-other', 'pod1a', 'pod2b')).forward.delivered).toBe(true);
	});

	it('a blackhole on the way: not delivered at node1; ping fails', async () => {
		build();
		ip('-n', ns('node1'), 'route', 'add', 'blackhole', `${pod('pod2a').ip}/32`);
		const result = await agree('blackhole', 'pod1a', 'pod2a');
		expect(result.forward.delivered).toBe(false);
		expect(result.forward.hops).toEqual([expect.objectContaining({node: 'node1', outcome: 'blackhole', route: '10.200.2.10/32'})]);
		expect(result.forward.problems).toContain('blackhole');
	});

	it('the tunnel MTU lowered: the path MTU says which ping -M do sizes pass', async () => {
		build();
		ip('-n', ns('node1'), 'link', 'set', 'vxlan.calico', 'mtu', '1200');
		const result = await agree('mtu', 'pod1a', 'pod2a');
		expect(result.forward.delivered).toBe(true);
		expect(result.pathMtu).toBe(1200);
		expect(result.forward.hops[0]).toMatchObject({out: 'vxlan.calico', mtu: 1200});
		expect(result.problems).toContain('mtu-mismatch');
		// 28 bytes of IPv4 and ICMP headers around the payload; both sizes fit the 1450 veth.
		for (const size of [1100, 1172, 1173, 1300]) {
			expect(pings('pod1a', 'pod2a', size), `ping -M do -s ${size}`).toBe(size + 28 <= result.pathMtu!);
		}
	});

	it('strict rp_filter with an asymmetric return: the reply is dropped at node1, as ping says; loose passes', async () => {
		build();
		// node2 answers node1's pods straight over the underlay, while node1 sends through the tunnel.
		ip('-n', ns('node2'), 'route', 'replace', nodes.node1.block, 'via', nodes.node1.underlay, 'dev', 'eth0', 'proto', '80');
		sysctl('node1', 'net.ipv4.conf.all.rp_filter', '1');
		const strict = await agree('rp-strict', 'pod1a', 'pod2a');
		expect(strict.forward.delivered).toBe(true);
		expect(strict.reverse.delivered).toBe(false);
		expect(strict.reverse.hops.at(-1)).toMatchObject({node: 'node1', in: 'eth0'});
		expect(strict.reverse.hops.at(-1)!.problems).toContain('rp-filter-drop');
		expect(strict.reverse.problems).toContain('asymmetric');
		sysctl('node1', 'net.ipv4.conf.all.rp_filter', '2');
		const loose = await agree('rp-loose', 'pod1a', 'pod2a');
		expect(loose.reverse.delivered).toBe(true);
		expect(loose.reverse.problems).toContain('asymmetric');
	});

	it('a policy rule that diverts the reply into another table: not delivered back; ping fails', async () => {
		build();
		ip('-n', ns('node2'), 'route', 'add', 'default', 'via', '198.18.0.254', 'dev', 'eth0', 'table', '100');
		ip('-n', ns('node2'), 'rule', 'add', 'from', pod('pod2a').ip, 'lookup', '100', 'pref', '100');
		const result = await agree('rule', 'pod1a', 'pod2a');
		expect(result.forward.delivered).toBe(true);
		expect(result.reverse.delivered).toBe(false);
		expect(result.reverse.hops[0]).toMatchObject({node: 'node2', rule: '100: from 10.200.2.10/32 lookup 100', table: '100', route: '0.0.0.0/0'});
		expect(result.reverse.problems).toContain('leaves-cluster');
	});
});
