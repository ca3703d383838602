/**
 * Proof that the lab's renderers print what the real tools print, byte for byte: worker2's kernel (from the
 * seed topology) is built in real network namespaces, then the real net-tools 2.10, iproute2 6.1 and
 * BusyBox 1.35 run there and their output is compared with the renderers'.
 *
 * Stand-in: this machine cannot create ipip (or dummy) devices, so `tunl0` is a VXLAN device named tunl0
 * with IPv6 disabled (a real ipip tunl0 has no IPv6). Routes through it are real (onlink, proto bird); only
 * tunl0's own link line, flags and `@NONE` differ, and those are masked in the `ip addr` comparisons.
 * The docker side of eth0 and the pods' netns are unnamed (held by `unshare --net sleep`), so iproute2
 * prints `link-netnsid N` as it does in a debug pod. DNS for `route` without -n goes to 127.0.0.1 inside
 * the namespace (refused at once): no traffic leaves the namespaces this test makes.
 *
 * Needs root, `ip netns`, `unshare` and `nsenter`; each case needs the tool it runs (its name's first word:
 * busybox, route, ifconfig, ip …). Without them it is skipped, saying why (test/helpers/system-tools.ts);
 * under NETINSPECT_REQUIRE_TOOLS=1 (.ci/run, as root) it fails instead.
 *
 * `ifconfig` prints traffic counters (the namespace's devices see neighbour discovery; the lab's see nothing)
 * and lists IPv6 addresses in /proc/net/if_inet6 order, which hashes with the netns: counters are masked and
 * the IPv6 lines of a device compared as a set.
 */
import {execFile, spawn} from 'node:child_process';
import type {ChildProcess} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdir, rm, writeFile} from 'node:fs/promises';
import {promisify} from 'node:util';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import type {NodeKernel} from '../../../source/lab/kernel/node-kernel.js';
import {deriveNodeKernel} from '../../../source/lab/kernel/node-kernel.js';
import {renderIpAddr, renderIpAddrJson, renderIpLinkJson, vethQueues} from '../../../source/lab/kernel/render-ip-addr.js';
import {renderIpRoute, renderIpRouteJson} from '../../../source/lab/kernel/render-ip-route.js';
import {renderProcNetRoute, renderRouteN, renderRouteNInet6} from '../../../source/lab/kernel/render-route-n.js';
import {runNodeCommand} from '../../../source/lab/kernel/run-node-command.js';
import {seedNodes, seedPods} from './helpers/seed-kernel.js';
import {missingTools, notRoot, skipReason} from '../../helpers/system-tools.js';

const run = promisify(execFile);
const namespace = `ni-k-${randomBytes(4).toString('hex')}`;
const kernel: NodeKernel = deriveNodeKernel({nodes: seedNodes, pods: seedPods, node: 'networking-worker2'});
const holders: ChildProcess[] = [];
let unavailable: string | null = null;

async function sh(argv: readonly string[]): Promise<string> {
	const [file, ...args] = argv;
	const {stdout} = await run(file!, args, {env: {...process.env, LC_ALL: 'C'}, maxBuffer: 1 << 22});
	return stdout;
}

/** Runs a tool inside the node namespace, as a debug pod on that node would. */
async function inNode(...argv: string[]): Promise<string> {
	return sh(['ip', 'netns', 'exec', namespace, 'env', 'LC_ALL=C', ...argv]);
}

/** Runs a tool in the node namespace and keeps everything a caller sees: stdout, stderr and the exit code. */
async function outcomeInNode(...argv: string[]): Promise<{stdout: string; stderr: string; exitCode: number}> {
	return new Promise(resolve => {
		execFile('ip', ['netns', 'exec', namespace, 'env', 'LC_ALL=C', ...argv], (error, stdout, stderr) => {
			const code = error && typeof error.code === 'number' ? error.code : 0;
			resolve({stdout: String(stdout), stderr: String(stderr), exitCode: code});
		});
	});
}

/** An unnamed network namespace, alive while its `sleep` runs; returns the holder's pid. */
async function unnamedNetns(): Promise<number> {
	const holder = spawn('unshare', ['--net', 'sleep', '600'], {stdio: 'ignore'});
	holders.push(holder);
	const pid = holder.pid;
	if (pid === undefined) throw new Error('unshare did not start');
	// Wait until the holder is in its own netns (unshare has exec'd sleep).
	for (let attempt = 0; attempt < 200; attempt++) {
		const [mine, theirs] = await Promise.all([sh(['readlink', '/proc/self/ns/net']), sh(['readlink', `/proc/${pid}/ns/net`]).catch(() => '')]);
		const command = await sh(['cat', `/proc/${pid}/comm`]).catch(() => '');
		if (theirs !== '' && theirs !== mine && command.trim() === 'sleep') return pid;
		await new Promise(resolve => setImmediate(resolve));
	}
	throw new Error('unshare --net did not come up');
}

async function inPid(pid: number, ...argv: string[]): Promise<string> {
	return sh(['nsenter', `--net=/proc/${pid}/ns/net`, ...argv]);
}

async function buildWorker2(): Promise<void> {
	const ip = (...args: string[]): Promise<string> => sh(['ip', '-n', namespace, ...args]);
	await sh(['ip', 'netns', 'add', namespace]);
	await inNode('sysctl', '-qw', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0');
	await ip('link', 'set', 'lo', 'up');
	const device = (name: string) => kernel.interfaces.find(candidate => candidate.name === name)!;
	const link = (name: string) => kernel.links.find(candidate => candidate.name === name)!;
	const eth0 = device('eth0');
	const tunl0 = device('tunl0');
	const queues = ['numtxqueues', String(vethQueues), 'numrxqueues', String(vethQueues)];

	await ip('link', 'add', 'tunl0', 'index', String(tunl0.index), 'type', 'vxlan', 'id', '1', 'dstport', '4789');
	await inNode('sysctl', '-qw', 'net.ipv6.conf.tunl0.disable_ipv6=1');
	await ip('link', 'set', 'tunl0', 'mtu', String(tunl0.mtu), 'up');
	await ip('addr', 'add', tunl0.addresses[0]!.cidr, 'dev', 'tunl0');

	const docker = await unnamedNetns();
	await ip('link', 'add', 'eth0', 'index', String(eth0.index), 'address', link('eth0').address, ...queues,
		'type', 'veth', 'peer', 'name', 'veth-docker', 'index', String(eth0.peerIndex), ...queues, 'netns', String(docker));
	await inPid(docker, 'ip', 'link', 'set', 'veth-docker', 'up');
	await ip('link', 'set', 'eth0', 'up');
	for (const entry of eth0.addresses.filter(candidate => candidate.scope === 'global')) {
		const broadcast = link('eth0').inetBroadcast[entry.cidr];
		await ip('addr', 'add', entry.cidr, ...(broadcast ? ['brd', broadcast] : []), 'dev', 'eth0', ...entry.flags);
	}

	for (const cali of kernel.interfaces.filter(candidate => candidate.name.startsWith('cali'))) {
		const pod = await unnamedNetns();
		await ip('link', 'add', cali.name, 'index', String(cali.index), 'address', link(cali.name).address, 'mtu', String(cali.mtu),
			...queues, 'type', 'veth', 'peer', 'name', 'eth0', 'index', String(cali.peerIndex), ...queues, 'netns', String(pod));
		await inPid(pod, 'ip', 'link', 'set', 'lo', 'up');
		await inPid(pod, 'ip', 'link', 'set', 'eth0', 'up');
		await ip('link', 'set', cali.name, 'up');
	}

	// Routes as Calico (bird, felix) and docker program them, from the kernel under test.
	for (const route of kernel.routes.filter(candidate => candidate.table === null && candidate.protocol !== 'kernel')) {
		const args = [route.family === 6 ? '-6' : '-4', 'route', 'add'];
		if (route.kind !== 'unicast') args.push(route.kind);
		args.push(route.destination);
		if (route.gateway !== null) args.push('via', route.gateway);
		if (route.interface !== null) args.push('dev', route.interface);
		if (route.protocol !== null) args.push('proto', route.protocol);
		if (route.scope !== null) args.push('scope', route.scope);
		if (route.family === 6 && route.metric !== 1024) args.push('metric', String(route.metric));
		if (route.onlink) args.push('onlink');
		await ip(...args);
	}

	// `route` without -n looks names up: keep the lookups inside the namespace.
	await mkdir(`/etc/netns/${namespace}`, {recursive: true});
	await writeFile(`/etc/netns/${namespace}/resolv.conf`, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
}

beforeAll(async () => {
	unavailable = skipReason('namespace-parity', [...notRoot('network namespaces need root'), ...missingTools(['ip', 'unshare', 'nsenter'])]);
	if (unavailable !== null) return;
	try {
		await buildWorker2();
	} catch (error) {
		unavailable = skipReason('namespace-parity', [`could not build the namespaces: ${String(error)}`]);
	}
}, 60_000);

// A case runs the tool its name starts with (`busybox ip addr …`, `route -n …`): skipped, saying why, without it.
beforeEach(({task, skip}) => {
	const tool = task.name.split(' ')[0]!;
	const missing = unavailable === null ? skipReason(`namespace-parity ${tool} cases`, missingTools([tool])) : null;
	if (missing !== null) skip(missing);
});

afterAll(async () => {
	await sh(['ip', 'netns', 'del', namespace]).catch(() => '');
	for (const holder of holders) holder.kill();
	await rm(`/etc/netns/${namespace}`, {recursive: true, force: true});
});

/** Masks what only the VXLAN stand-in changes: tunl0's header flags/peer and its link line. */
function maskTunl0(text: string): string {
	const out: string[] = [];
	let inTunl0 = false;
	for (const line of text.split('\n')) {
		if (/^\d+: /.test(line)) inTunl0 = /^\d+: tunl0[@:]/.test(line);
		if (inTunl0 && /^\d+: /.test(line)) out.push(line.replace(/^(\d+: )tunl0(@NONE)?: <[^>]*>/, '$1tunl0: <masked>'));
		else if (inTunl0 && line.startsWith('    link/')) out.push('    link/masked');
		else out.push(line);
	}
	return out.join('\n');
}

/** Replaces the n-th whitespace-separated field (0-based) by `#`, keeping the other bytes. */
function maskColumn(line: string, column: number): string {
	let field = -1;
	return line.replace(/(\S+)/g, (match: string) => (++field === column ? '#'.repeat(match.length > 0 ? 1 : 0) : match));
}

type Device = Record<string, unknown> & {readonly ifname: string};

function withoutTunl0Link(devices: readonly Device[]): readonly Device[] {
	return devices.map(device =>
		device.ifname === 'tunl0' ? {ifname: 'tunl0', addr_info: device['addr_info']} : device,
	);
}

const cases: readonly {readonly command: readonly string[]; readonly expected: () => string}[] = [
	{command: ['route', '-n'], expected: () => renderRouteN(kernel, 'gnu')},
	{command: ['route'], expected: () => renderRouteN(kernel, 'gnu', {numeric: false})},
	{command: ['busybox', 'route', '-n'], expected: () => renderRouteN(kernel, 'busybox')},
	{command: ['busybox', 'route'], expected: () => renderRouteN(kernel, 'busybox', {numeric: false})},
	{command: ['cat', '/proc/net/route'], expected: () => renderProcNetRoute(kernel)},
	{command: ['ip', 'route'], expected: () => renderIpRoute(kernel, {table: 'main', family: null})},
	{command: ['ip', '-6', 'route'], expected: () => renderIpRoute(kernel, {table: 'main', family: 6})},
	{command: ['ip', 'route', 'show', 'table', 'all'], expected: () => renderIpRoute(kernel, {table: 'all', family: null})},
	{command: ['ip', 'route', 'show', 'table', 'local'], expected: () => renderIpRoute(kernel, {table: 'local', family: null})},
	{command: ['ip', '-j', 'route'], expected: () => renderIpRouteJson(kernel, {table: 'main', family: null})},
	{command: ['ip', '-j', '-6', 'route'], expected: () => renderIpRouteJson(kernel, {table: 'main', family: 6})},
	{command: ['ip', '-j', 'route', 'show', 'table', 'all'], expected: () => renderIpRouteJson(kernel, {table: 'all', family: null})},
	{command: ['busybox', 'ip', 'route'], expected: () => renderIpRoute(kernel, {table: 'main', family: null}, 'busybox')},
	{command: ['busybox', 'ip', '-6', 'route'], expected: () => renderIpRoute(kernel, {table: 'main', family: 6}, 'busybox')},
	{command: ['busybox', 'ip', 'route', 'show', 'table', 'all'], expected: () => renderIpRoute(kernel, {table: 'all', family: null}, 'busybox')},
	{command: ['busybox', 'ip', 'route', 'show', 'table', 'local'], expected: () => renderIpRoute(kernel, {table: 'local', family: null}, 'busybox')},
	{command: ['ip', 'rule'], expected: () => runNodeCommand(kernel, ['ip', 'rule'], 'gnu').stdout},
	{command: ['ip', '-j', 'rule'], expected: () => runNodeCommand(kernel, ['ip', '-j', 'rule'], 'gnu').stdout},
	{command: ['ip', '-j', '-6', 'rule'], expected: () => runNodeCommand(kernel, ['ip', '-j', '-6', 'rule'], 'gnu').stdout},
	{command: ['busybox', 'ip', 'rule'], expected: () => runNodeCommand(kernel, ['ip', 'rule'], 'busybox').stdout},
];

/** Masks what only the VXLAN stand-in changes in a `-br` line: tunl0's `@NONE` (and so its padding). */
function maskTunl0Brief(text: string): string {
	return text.replace(/^tunl0(?:@NONE)? +/m, 'tunl0 ');
}

/**
 * Masks, per ifconfig block: the traffic counters, tunl0's stand-in flags, broadcast and hardware, and the
 * order of IPv6 lines (compared as a set).
 */
function maskIfconfig(text: string): string {
	return text
		.split('\n\n')
		.map(block => {
			const lines = block.split('\n');
			const tunl0 = /^tunl0[: ]/.test(lines[0] ?? '');
			const masked = lines.map((line, index) => {
				if (/^\s+(RX|TX|collisions)[ :]/.test(line)) return line.replace(/\(\d+\.\d [KMGTPE]?i?B\)/g, '(#)').replace(/\d+/g, '#');
				if (!tunl0) return line;
				if (index === 0) return line.replace(/flags=\d+<[^>]*>/, 'flags=#').replace(/Link encap:.*$/, 'Link encap:masked');
				if (/^\s+(tunnel|ether|unspec) /.test(line)) return '        masked';
				if (/ MTU:\d/.test(line)) return line.replace(/^(\s+).*?( MTU:)/, '$1masked$2');
				return line.replace(/ {2}broadcast \S+/, '').replace(/ Bcast:\S+ /, '');
			});
			const v6 = masked.filter(line => /^\s+inet6 /.test(line)).sort();
			let next = 0;
			return masked.map(line => (/^\s+inet6 /.test(line) ? v6[next++]! : line)).join('\n');
		})
		.join('\n\n');
}

describe(`worker2's kernel in a real network namespace (${namespace})`, () => {
	for (const {command, expected} of cases) {
		it(`${command.join(' ')} prints the same bytes`, async ({skip}) => {
			if (unavailable !== null) skip(unavailable);
			expect(expected()).toBe(await inNode(...command));
		});
	}

	// IPv6 Ref counts live dst references (neighbour discovery, MLD, any traffic): the renderer prints a quiet
	// node's values, the namespace shows whatever its first seconds left behind. Everything else must match.
	for (const [command, flavor, refColumn] of [
		[['route', '-n', '-A', 'inet6'], 'gnu', 4],
		[['busybox', 'route', '-n', '-A', 'inet6'], 'busybox', 4],
	] as const) {
		it(`${command.join(' ')} prints the same bytes (Ref column masked)`, async ({skip}) => {
			if (unavailable !== null) skip(unavailable);
			const mask = (text: string): string =>
				text
					.split('\n')
					.map((line, index) => (index < 2 || line === '' ? line : maskColumn(line, refColumn)))
					.join('\n');
			const rendered = renderRouteNInet6(kernel, flavor);
			expect(mask(rendered)).toBe(mask(await inNode(...command)));
			expect(rendered).toMatch(/^::\/0 +:: +!n +-1 /m);
		});
	}

	for (const [label, command, family, flavor] of [
		['ip addr', ['ip', 'addr'], null, 'gnu'],
		['ip -4 addr', ['ip', '-4', 'addr'], 4, 'gnu'],
		['ip -6 addr', ['ip', '-6', 'addr'], 6, 'gnu'],
		['busybox ip addr', ['busybox', 'ip', 'addr'], null, 'busybox'],
	] as const) {
		it(`${label} prints the same bytes (tunl0's stand-in link masked)`, async ({skip}) => {
			if (unavailable !== null) skip(unavailable);
			expect(maskTunl0(renderIpAddr(kernel, flavor, {family}))).toBe(maskTunl0(await inNode(...command)));
		});
	}

	// The one-line and brief address formats, through the command table (issue 8 item 17).
	for (const [real, argv, flavor] of [
		[['ip', '-o', 'addr'], ['ip', '-o', 'addr'], 'gnu'],
		[['ip', '-4', '-o', 'addr'], ['ip', '-4', '-o', 'addr'], 'gnu'],
		[['ip', '-6', '-oneline', 'address', 'show'], ['ip', '-6', '-oneline', 'address', 'show'], 'gnu'],
		[['ip', '-br', 'addr'], ['ip', '-br', 'addr'], 'gnu'],
		[['ip', '-br', '-4', 'addr'], ['ip', '-br', '-4', 'addr'], 'gnu'],
		[['busybox', 'ip', '-o', 'addr'], ['ip', '-o', 'addr'], 'busybox'],
		[['busybox', 'ip', '-4', '-o', 'addr'], ['ip', '-4', '-o', 'addr'], 'busybox'],
	] as const) {
		it(`${real.join(' ')} prints the same bytes`, async ({skip}) => {
			if (unavailable !== null) skip(unavailable);
			const outcome = runNodeCommand(kernel, argv, flavor);
			expect(outcome.exitCode).toBe(0);
			expect(maskTunl0Brief(outcome.stdout)).toBe(maskTunl0Brief(await inNode(...real)));
		});
	}

	for (const [real, argv, flavor] of [
		[['ifconfig'], ['ifconfig'], 'gnu'],
		[['ifconfig', '-a'], ['ifconfig', '-a'], 'gnu'],
		[['ifconfig', 'eth0'], ['ifconfig', 'eth0'], 'gnu'],
		[['busybox', 'ifconfig'], ['ifconfig'], 'busybox'],
		[['busybox', 'ifconfig', '-a'], ['ifconfig', '-a'], 'busybox'],
		[['busybox', 'ifconfig', 'lo'], ['ifconfig', 'lo'], 'busybox'],
	] as const) {
		it(`${real.join(' ')} prints the same bytes (counters, IPv6 order and tunl0's stand-in masked)`, async ({skip}) => {
			if (unavailable !== null) skip(unavailable);
			const outcome = runNodeCommand(kernel, argv, flavor);
			expect(outcome.exitCode).toBe(0);
			expect(maskIfconfig(outcome.stdout)).toBe(maskIfconfig(await inNode(...real)));
		});
	}

	// What the command table prints for versions, usage and missing commands (stdout, stderr, exit code).
	for (const [real, argv, flavor] of [
		[['route', '--version'], ['route', '--version'], 'gnu'],
		[['ip', '-V'], ['ip', '-V'], 'gnu'],
		[['ip', 'foo'], ['ip', 'foo'], 'gnu'],
		[['ip', '-x', 'route'], ['ip', '-x', 'route'], 'gnu'],
		[['busybox', 'route', '--version'], ['route', '--version'], 'busybox'],
		[['busybox', 'ip', '-j', 'addr'], ['ip', '-j', 'addr'], 'busybox'],
		[['busybox', 'ip', '-V'], ['ip', '-V'], 'busybox'],
		[['busybox', 'ip', '-br', 'addr'], ['ip', '-br', 'addr'], 'busybox'],
		[['ifconfig', 'ni-nosuch0'], ['ifconfig', 'ni-nosuch0'], 'gnu'],
		[['ifconfig', '-x'], ['ifconfig', '-x'], 'gnu'],
		[['busybox', 'ifconfig', 'ni-nosuch0'], ['ifconfig', 'ni-nosuch0'], 'busybox'],
		[['busybox', 'ifconfig', '-x'], ['ifconfig', '-x'], 'busybox'],
		[['sh', '-c', 'ni-no-such-tool'], ['sh', '-c', 'ni-no-such-tool'], 'gnu'],
		[['busybox', 'sh', '-c', 'ni-no-such-tool'], ['sh', '-c', 'ni-no-such-tool'], 'busybox'],
	] as const) {
		it(`${real.join(' ')} answers the same (stdout, stderr, exit code)`, async ({skip}) => {
			if (unavailable !== null) skip(unavailable);
			expect(runNodeCommand(kernel, argv, flavor)).toEqual(await outcomeInNode(...real));
		});
	}

	it('ip -j addr and ip -d -j link print the same JSON (tunl0: addresses only)', async ({skip}) => {
		if (unavailable !== null) skip(unavailable);
		const addr = JSON.parse(await inNode('ip', '-j', 'addr')) as Device[];
		const mineAddr = withoutTunl0Link(JSON.parse(renderIpAddrJson(kernel)) as Device[]);
		expect(mineAddr).toEqual(withoutTunl0Link(addr));
		expect(JSON.stringify(mineAddr)).toBe(JSON.stringify(withoutTunl0Link(addr)));
		const links = (JSON.parse(await inNode('ip', '-d', '-j', 'link')) as Device[]).filter(device => device.ifname !== 'tunl0');
		const mine = (JSON.parse(renderIpLinkJson(kernel, {details: true})) as Device[]).filter(device => device.ifname !== 'tunl0');
		expect(mine).toEqual(links);
		expect(JSON.stringify(mine)).toBe(JSON.stringify(links));
	});
});
