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
 * Every layout of `netinspect lab --cni` is built the same way (and a seed node with path-breaking faults);
 * only what this machine's kernel cannot show is masked: tunl0's ipip link (above) and the bridge's and its
 * ports' `info_data` in `ip -d -j link` (timers that change by the second).
 *
 * Needs root, `ip netns`, BusyBox, `unshare`, `nsenter` and net-tools (`route`, `ifconfig`) (test/helpers/
 * system-tools.ts). Without them it fails in CI (CI runs it as root, NETINSPECT_REQUIRE_TOOLS=1) and is
 * skipped, saying why, elsewhere.
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
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {NodeKernel} from '../../../source/lab/kernel/node-kernel.js';
import {deriveNodeKernel} from '../../../source/lab/kernel/node-kernel.js';
import {renderIpAddr, renderIpAddrJson, renderIpLinkJson, vethQueues} from '../../../source/lab/kernel/render-ip-addr.js';
import {renderIpRoute, renderIpRouteJson} from '../../../source/lab/kernel/render-ip-route.js';
import {renderProcNetRoute, renderRouteN, renderRouteNInet6} from '../../../source/lab/kernel/render-route-n.js';
import {runNodeCommand} from '../../../source/lab/kernel/run-node-command.js';
import type {LabCni} from '../../../source/lab/cni.js';
import {seedTopology, withCni} from '../../../source/lab/state/index.js';
import type {NodeKernelFaults} from '../../../source/lab/topology-types.js';
import {skipReason, toolRuns, toolsRequired} from '../../helpers/system-tools.js';
import {seedNodes, seedPods} from './helpers/seed-kernel.js';

const run = promisify(execFile);
/** Why this machine cannot run the comparisons (printed once; a failure under NETINSPECT_REQUIRE_TOOLS=1), or null. */
const missingSystem = skipReason('namespace-parity (real network namespaces)', [
	...(process.getuid?.() === 0 ? [] : ['not root: network namespaces need root']),
	...['ip', 'busybox', 'route', 'ifconfig', 'unshare', 'nsenter'].filter(tool => !toolRuns(tool)).map(tool => `${tool} is not installed`),
]);

/** The layout under test: each describe below builds its own namespace in its beforeAll (suites run one by one). */
let namespace = '';
let kernel: NodeKernel = deriveNodeKernel({nodes: seedNodes, pods: seedPods, node: 'networking-worker2'});
let holders: ChildProcess[] = [];
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

/** Writes net.ipv4.conf sysctls as the CNI and kube-proxy do (render-sysctl.ts reads the same kernel data). */
async function applySysctls(target: NodeKernel): Promise<void> {
	const set = (entry: string, key: string, value: number) => inNode('sysctl', '-qw', `net.ipv4.conf.${entry.replaceAll('.', '/')}.${key}=${value}`);
	const entries = ['all', 'default', ...target.interfaces.map(device => device.name)];
	// `all` first: writing all.forwarding also writes every device's.
	for (const entry of ['all', 'default', '*', ...Object.keys(target.ipv4Conf).filter(name => !['all', 'default', '*'].includes(name))]) {
		for (const [key, value] of Object.entries(target.ipv4Conf[entry] ?? {})) {
			const names = entry === '*' ? entries.filter(name => name !== 'all' && name !== 'default') : entry.endsWith('*') ? entries.filter(name => name.startsWith(entry.slice(0, -1))) : [entry];
			for (const name of names) await set(name, key, value);
		}
	}
	await inNode('sysctl', '-qw', `net.ipv6.conf.all.forwarding=${target.ipv6Forwarding}`);
}

/** Builds `target` in the namespace: devices with their indexes, MACs, MTUs and addresses, routes, rules, sysctls. */
async function buildNode(target: NodeKernel): Promise<void> {
	const ip = (...args: string[]): Promise<string> => sh(['ip', '-n', namespace, ...args]);
	await sh(['ip', 'netns', 'add', namespace]);
	await inNode('sysctl', '-qw', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0');
	await ip('link', 'set', 'lo', 'up');
	const link = (name: string) => target.links.find(candidate => candidate.name === name)!;
	const queues = ['numtxqueues', String(vethQueues), 'numrxqueues', String(vethQueues)];
	const addAddresses = async (device: NodeKernel['interfaces'][number]) => {
		for (const entry of device.addresses.filter(candidate => candidate.scope === 'global')) {
			const broadcast = link(device.name).inetBroadcast[entry.cidr];
			await ip('addr', 'add', entry.cidr, ...(broadcast ? ['brd', broadcast] : []), 'dev', device.name, ...entry.flags);
		}
	};

	const docker = await unnamedNetns();
	const peers = new Map<string, number>();
	for (const device of target.interfaces) {
		const own = link(device.name);
		if (device.name === 'lo') continue;
		if (device.name === 'tunl0') {
			await ip('link', 'add', 'tunl0', 'index', String(device.index), 'type', 'vxlan', 'id', '1', 'dstport', '4789');
			await inNode('sysctl', '-qw', 'net.ipv6.conf.tunl0.disable_ipv6=1');
		} else if (device.linkKind === 'vxlan' && own.vxlan) {
			await ip('link', 'add', device.name, 'index', String(device.index), 'address', own.address, 'type', 'vxlan', 'id', String(own.vxlan.id),
				'local', own.vxlan.local, 'dev', own.vxlan.link, 'dstport', String(own.vxlan.port), 'nolearning');
		} else if (device.linkKind === 'bridge') {
			await ip('link', 'add', device.name, 'index', String(device.index), 'address', own.address, 'type', 'bridge');
		} else if (own.linkNetnsid === 0) {
			// eth0 (and aws-vpc's eth1): a veth whose peer is in docker's namespace.
			const peerName = `veth-docker${peers.size}`;
			peers.set(device.name, 0);
			await ip('link', 'add', device.name, 'index', String(device.index), 'address', own.address, ...queues,
				'type', 'veth', 'peer', 'name', peerName, 'index', String(device.peerIndex), ...queues, 'netns', String(docker));
			await inPid(docker, 'ip', 'link', 'set', peerName, 'up');
		} else {
			const pod = await unnamedNetns();
			await ip('link', 'add', device.name, 'index', String(device.index), 'address', own.address, ...queues,
				'type', 'veth', 'peer', 'name', 'eth0', 'index', String(device.peerIndex), ...queues, 'netns', String(pod));
			await inPid(pod, 'ip', 'link', 'set', 'lo', 'up');
			await inPid(pod, 'ip', 'link', 'set', 'eth0', 'up');
			if (device.master !== null) await ip('link', 'set', device.name, 'master', device.master);
		}
		await ip('link', 'set', device.name, 'mtu', String(device.mtu), 'up');
		await addAddresses(device);
	}

	// Routes as the CNI (bird, felix, flanneld, kindnetd, aws-node) and docker program them, from the kernel
	// under test; routes without a gateway first, so a gateway is reachable when its route is added.
	const programmed = target.routes
		.filter(candidate => candidate.table !== 'local' && candidate.protocol !== 'kernel')
		.sort((a, b) => Number(a.gateway !== null) - Number(b.gateway !== null));
	for (const route of programmed) {
		const args = [route.family === 6 ? '-6' : '-4', 'route', 'add'];
		if (route.kind !== 'unicast') args.push(route.kind);
		args.push(route.destination);
		if (route.gateway !== null) args.push('via', route.gateway);
		if (route.interface !== null) args.push('dev', route.interface);
		if (route.table !== null) args.push('table', route.table);
		if (route.protocol !== null) args.push('proto', route.protocol);
		if (route.scope !== null) args.push('scope', route.scope);
		if (route.family === 6 && route.metric !== 1024) args.push('metric', String(route.metric));
		if (route.onlink) args.push('onlink');
		await ip(...args);
	}
	for (const rule of target.rules) {
		const args = ['rule', 'add', 'priority', String(rule.priority)];
		if (rule.from !== null) args.push('from', rule.from);
		if (rule.to !== null) args.push('to', rule.to);
		if (rule.fwmark !== null) args.push('fwmark', rule.fwmark);
		if (rule.iif !== null) args.push('iif', rule.iif);
		args.push('lookup', rule.table);
		await ip(...args);
	}
	await applySysctls(target);

	// `route` without -n looks names up: keep the lookups inside the namespace.
	await mkdir(`/etc/netns/${namespace}`, {recursive: true});
	await writeFile(`/etc/netns/${namespace}/resolv.conf`, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
}

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

/**
 * A bridge's and its ports' `info_data` / `info_slave_data` hold timers that change by the second (printed
 * as `0.00`, which JSON.stringify cannot print): the lab gives only their kinds, so only kinds are compared.
 */
function withoutBridgeData(devices: readonly Device[]): readonly Device[] {
	return devices.map(device => {
		const info = device['linkinfo'] as {info_kind?: string; info_slave_kind?: string} | undefined;
		if (info?.info_kind === 'bridge') return {...device, linkinfo: {info_kind: 'bridge'}};
		if (info?.info_slave_kind === 'bridge') return {...device, linkinfo: {info_kind: info.info_kind, info_slave_kind: 'bridge'}};
		return device;
	});
}

function withoutTunl0Link(devices: readonly Device[]): readonly Device[] {
	return devices.map(device =>
		device.ifname === 'tunl0' ? {ifname: 'tunl0', addr_info: device['addr_info']} : device,
	);
}

type Case = {readonly command: readonly string[]; readonly expected: () => string};

const cases: readonly Case[] = [
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
	// What a trace reads of the sysctls: coreutils cat, GNU grep and BusyBox grep, a shell glob.
	{command: ['cat', '/proc/sys/net/ipv4/conf/eth0/rp_filter', '/proc/sys/net/ipv4/conf/all/forwarding', '/proc/sys/net/ipv4/ip_forward'], expected: () => runNodeCommand(kernel, ['cat', '/proc/sys/net/ipv4/conf/eth0/rp_filter', '/proc/sys/net/ipv4/conf/all/forwarding', '/proc/sys/net/ipv4/ip_forward'], 'gnu').stdout},
	{command: ['cat', '/proc/sys/net/ipv6/conf/eth0/forwarding'], expected: () => runNodeCommand(kernel, ['cat', '/proc/sys/net/ipv6/conf/eth0/forwarding'], 'gnu').stdout},
	{command: ['grep', '-r', '.', '/proc/sys/net/ipv4/conf/'], expected: () => runNodeCommand(kernel, ['grep', '-r', '.', '/proc/sys/net/ipv4/conf/'], 'gnu').stdout},
	{command: ['busybox', 'grep', '-r', '.', '/proc/sys/net/ipv4/conf'], expected: () => runNodeCommand(kernel, ['grep', '-r', '.', '/proc/sys/net/ipv4/conf'], 'busybox').stdout},
	{command: ['sh', '-c', 'grep . /proc/sys/net/ipv4/conf/*/rp_filter'], expected: () => runNodeCommand(kernel, ['sh', '-c', 'grep . /proc/sys/net/ipv4/conf/*/rp_filter'], 'gnu').stdout},
	{command: ['busybox', 'sh', '-c', 'grep . /proc/sys/net/ipv4/conf/*/forwarding'], expected: () => runNodeCommand(kernel, ['sh', '-c', 'grep . /proc/sys/net/ipv4/conf/*/forwarding'], 'busybox').stdout},
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

function parity(label: string, make: () => NodeKernel, extra: readonly Case[] = []): void {
describe(`${label} in a real network namespace`, () => {
beforeAll(async () => {
		namespace = `ni-k-${randomBytes(4).toString('hex')}`;
		kernel = make();
		holders = [];
		unavailable = null;
		unavailable = missingSystem;
		if (unavailable === null) {
			try {
				await buildNode(kernel);
			} catch (error) {
				unavailable = `could not build the namespaces: ${String(error)}`;
			}
		}
		if (unavailable !== null && missingSystem === null) {
			const message = `namespace-parity: ${unavailable}`;
			if (process.env['CI'] || toolsRequired) throw new Error(`${message} (CI runs this test as root; it must not be skipped there)`);
			console.warn(`${message}; skipping the byte-for-byte comparisons`);
		}
	}, 60_000);
	
	afterAll(async () => {
		await sh(['ip', 'netns', 'del', namespace]).catch(() => '');
		for (const holder of holders) holder.kill();
		await rm(`/etc/netns/${namespace}`, {recursive: true, force: true});
	});
	
	
	for (const {command, expected} of [...cases, ...extra]) {
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
		[['cat', '/proc/sys/net/ipv4/conf/ni-nosuch0/rp_filter'], ['cat', '/proc/sys/net/ipv4/conf/ni-nosuch0/rp_filter'], 'gnu'],
		[['busybox', 'cat', '/proc/sys/net/ipv4/conf/ni-nosuch0/rp_filter'], ['cat', '/proc/sys/net/ipv4/conf/ni-nosuch0/rp_filter'], 'busybox'],
		[['cat', '/proc/sys/net/ipv4/conf/lo'], ['cat', '/proc/sys/net/ipv4/conf/lo'], 'gnu'],
		[['busybox', 'cat', '/proc/sys/net/ipv4/conf/lo'], ['cat', '/proc/sys/net/ipv4/conf/lo'], 'busybox'],
		[['grep', '.', '/proc/sys/net/ipv4/conf/lo'], ['grep', '.', '/proc/sys/net/ipv4/conf/lo'], 'gnu'],
		[['busybox', 'grep', '.', '/proc/sys/net/ipv4/conf/lo'], ['grep', '.', '/proc/sys/net/ipv4/conf/lo'], 'busybox'],
		[['grep', '.', '/proc/sys/net/ipv4/conf/lo/rp_filter', '/proc/sys/net/ipv4/conf/ni-nosuch0/rp_filter'], ['grep', '.', '/proc/sys/net/ipv4/conf/lo/rp_filter', '/proc/sys/net/ipv4/conf/ni-nosuch0/rp_filter'], 'gnu'],
		[['busybox', 'grep', '-s', '.', '/proc/sys/net/ipv4/conf/ni-nosuch0/rp_filter'], ['grep', '-s', '.', '/proc/sys/net/ipv4/conf/ni-nosuch0/rp_filter'], 'busybox'],
		[['grep', '.', '/proc/sys/net/ipv4/conf/eth0/forwarding'], ['grep', '.', '/proc/sys/net/ipv4/conf/eth0/forwarding'], 'gnu'],
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
		const links = withoutBridgeData((JSON.parse(await inNode('ip', '-d', '-j', 'link')) as Device[]).filter(device => device.ifname !== 'tunl0'));
		const mine = (JSON.parse(renderIpLinkJson(kernel, {details: true})) as Device[]).filter(device => device.ifname !== 'tunl0');
		expect(mine).toEqual(links);
		expect(JSON.stringify(mine)).toBe(JSON.stringify(links));
	});
});
}

parity("worker2's kernel (the seed: Calico IPIP)", () => deriveNodeKernel({nodes: seedNodes, pods: seedPods, node: 'networking-worker2'}));

/** A node of the seed cluster moved onto another CNI (`netinspect lab --cni`), with faults if given. */
function layoutKernel(cni: LabCni, node: string, faults: NodeKernelFaults = {}): NodeKernel {
	const topology = withCni(seedTopology(), cni);
	const pods = topology.pods.map(pod => ({namespace: pod.namespace, name: pod.name, node: pod.node, ip: pod.ip, hostNetwork: pod.hostNetwork}));
	return deriveNodeKernel({nodes: topology.nodes, pods, node, cni, faults});
}

const ipCase = (...argv: string[]): Case => ({command: ['ip', ...argv], expected: () => runNodeCommand(kernel, ['ip', ...argv], 'gnu').stdout});

parity('calico-vxlan (worker2)', () => layoutKernel('calico-vxlan', 'networking-worker2'));
parity('calico-bgp (worker2)', () => layoutKernel('calico-bgp', 'networking-worker2'));
parity('flannel (worker2)', () => layoutKernel('flannel', 'networking-worker2'));
parity('kindnet (worker2)', () => layoutKernel('kindnet', 'networking-worker2'));
parity('aws-vpc (worker: one pod on each ENI)', () => layoutKernel('aws-vpc', 'networking-worker'), [ipCase('route', 'show', 'table', '2'), ipCase('-j', 'route', 'show', 'table', '2')]);
parity(
	'worker2 with path-breaking faults (a diverting rule and its table, strict rp_filter, a lowered MTU, a misrouted block)',
	() =>
		layoutKernel('calico-ipip', 'networking-worker2', {
			rules: [
				{priority: 100, from: '192.168.175.5', to: null, iif: null, fwmark: null, table: '100'},
				{priority: 110, from: '192.168.175.0/26', to: '192.168.21.0/24', iif: 'eth0', fwmark: '0x10/0xff', table: '100'},
			],
			tableRoutes: [{table: '100', destination: 'default', kind: 'unicast', gateway: '172.20.0.1', device: 'eth0'}],
			rpFilter: {all: 1, eth0: 2},
			mtus: {'cali*': 1500},
			misroutedBlocks: {'networking-worker3': 'networking-worker'},
		}),
	[ipCase('route', 'show', 'table', '100')],
);
