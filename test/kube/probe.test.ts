import {describe, expect, it} from 'vitest';
import type {ExecResult} from '../../source/kube/exec.js';
import {localCommandRunner} from '../../source/kube/local-runner.js';
import {namesBusybox, probeTables, type CommandRunner} from '../../source/kube/probe.js';
import {deriveNodeKernel} from '../../source/lab/kernel/node-kernel.js';
import {runNodeCommand} from '../../source/lab/kernel/run-node-command.js';
import {seedNodes, seedPods} from '../lab/kernel/helpers/seed-kernel.js';

const exited = (stdout: string, exitCode = 0, stderr = ''): ExecResult => ({
	outcome: 'exited',
	exitCode,
	stdout,
	stderr,
	truncated: false,
	error: null,
	httpStatus: null,
});

const routeN = `Kernel IP routing table
Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
0.0.0.0         172.20.0.1      0.0.0.0         UG    0      0        0 eth0
192.168.21.128  172.20.0.4      255.255.255.192 UG    0      0        0 tunl0
`;
const ipAddr = `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
`;
const routesJson = JSON.stringify([
	{type: 'unicast', dst: 'default', gateway: '172.20.0.1', dev: 'eth0', flags: []},
	{type: 'unicast', dst: '192.168.21.128/26', gateway: '172.20.0.4', dev: 'tunl0', protocol: 'bird', flags: ['onlink']},
]);
const addrJson = JSON.stringify([
	{ifindex: 1, ifname: 'lo', flags: ['LOOPBACK', 'UP'], mtu: 65536, operstate: 'UNKNOWN', link_type: 'loopback', addr_info: []},
]);

/** An image with iproute2: its tool check and the four reads. */
const iproute2Answers: Record<string, ExecResult> = {
	'ip -V': exited('ip utility, iproute2-6.1.0\n'),
	'ip -j route show table all': exited(routesJson),
	'ip -6 -j route show table all': exited('[]'),
	'ip -j addr': exited(addrJson),
	'ip -d -j link': exited(addrJson),
};

function runner(table: Record<string, ExecResult>, seen: string[] = []): CommandRunner {
	return async command => {
		const key = command.join(' ');
		seen.push(key);
		return table[key] ?? exited('', 127, `sh: ${command[0]}: not found`);
	};
}

describe('probeTables', () => {
	it('prefers ip -j when iproute2 is there', async () => {
		const seen: string[] = [];
		const result = await probeTables(
			runner(iproute2Answers, seen),
			{image: 'nicolaka/netshoot'},
		);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.tables.tools).toBe('iproute2');
		expect(result.tables.routes.map(route => `${route.destination} ${route.interface}`)).toEqual([
			'0.0.0.0/0 eth0',
			'192.168.21.128/26 tunl0',
		]);
		expect(result.tables.interfaces.map(iface => iface.name)).toEqual(['lo']);
		expect(result.tables.warnings).toEqual([]);
		expect(seen).not.toContain('route -n');
	});

	it('keeps each IPv6 route once when table all already lists both families (iproute2 6.x)', async () => {
		const v6 = JSON.stringify([{dst: 'default', gateway: 'fc00::1', dev: 'eth0', metric: 1024, flags: [], pref: 'medium'}]);
		const both = JSON.stringify([...JSON.parse(routesJson), ...JSON.parse(v6)]);
		const result = await probeTables(
			runner({
				'ip -V': exited('ip utility, iproute2-6.1.0\n'),
				'ip -j route show table all': exited(both),
				'ip -6 -j route show table all': exited(v6),
				'ip -j addr': exited(addrJson),
			}),
			{image: 'nicolaka/netshoot'},
		);
		expect(result.ok && result.tables.routes.map(route => route.destination)).toEqual(['0.0.0.0/0', '192.168.21.128/26', '::/0']);
	});

	it('falls back to route -n and ip addr (BusyBox), and skips detection when told', async () => {
		const seen: string[] = [];
		const result = await probeTables(
			runner({'ip -V': exited('', 1, 'BusyBox v1.35.0'), 'route -n': exited(routeN), 'ip addr': exited(ipAddr)}, seen),
			{image: 'busybox:1.37.0'},
		);
		expect(result.ok && result.tables.tools).toBe('basic');
		expect(result.ok && result.tables.routes.map(route => route.destination)).toEqual(['0.0.0.0/0', '192.168.21.128/26']);
		expect(result.ok && result.tables.interfaces.map(iface => iface.name)).toEqual(['lo']);
		const again: string[] = [];
		await probeTables(runner({'route -n': exited(routeN), 'ip addr': exited(ipAddr)}, again), {image: 'b', tools: 'basic'});
		expect(again).not.toContain('ip -V');
	});

	it('on a BusyBox image, route -n and ip addr go out before ip -V answers; on others only after', async () => {
		const answers = {'ip -V': exited('', 1, 'BusyBox v1.37.0'), 'route -n': exited(routeN), 'ip addr': exited(ipAddr)};
		const events = async (image: string) => {
			const seen: string[] = [];
			const run: CommandRunner = async command => {
				const key = command.join(' ');
				seen.push(`asked ${key}`);
				await new Promise(resolve => setImmediate(resolve));
				seen.push(`answered ${key}`);
				return answers[key as keyof typeof answers] ?? exited('', 127, 'not found');
			};
			const result = await probeTables(run, {image});
			expect(result.ok && result.tables.routes.map(route => route.destination)).toEqual(['0.0.0.0/0', '192.168.21.128/26']);
			return seen;
		};
		const busybox = await events('busybox:1.37.0');
		expect(busybox.indexOf('asked route -n')).toBeLessThan(busybox.indexOf('answered ip -V'));
		expect(busybox.indexOf('asked ip addr')).toBeLessThan(busybox.indexOf('answered ip -V'));
		const other = await events('alpine:3.20');
		expect(other.indexOf('asked route -n')).toBeGreaterThan(other.indexOf('answered ip -V'));
	});

	it('a BusyBox-named image that has iproute2 after all: ip -V decides, the iproute2 tables are read', async () => {
		const result = await probeTables(
			runner({...iproute2Answers, 'route -n': exited('garbage that route -n never prints')}),
			{image: 'registry.example:5000/tools/busybox@sha256:abc'},
		);
		expect(result.ok && result.tables.tools).toBe('iproute2');
		expect(result.ok && result.tables.warnings).toEqual([]);
		expect(result.ok && result.tables.routes.map(route => `${route.destination} ${route.interface}`)).toEqual(['0.0.0.0/0 eth0', '192.168.21.128/26 tunl0']);
	});

	it('on a BusyBox image the failures read as before: a lost tool check, a missing route source', async () => {
		const lost: ExecResult = {...exited(''), outcome: 'error', exitCode: null, error: 'connection closed'};
		for (const image of ['busybox:1.37.0', 'alpine:3.20']) {
			const noCheck = await probeTables(runner({'ip -V': lost, 'route -n': exited(routeN), 'ip addr': exited(ipAddr)}), {image});
			expect(noCheck).toEqual({ok: false, failure: {reason: 'exec-failed', message: '`ip -V` failed: connection closed', fix: expect.stringContaining('try again')}});
			const missing = await probeTables(runner({'ip -V': exited('', 1, 'BusyBox')}), {image});
			expect(missing).toMatchObject({ok: false, failure: {reason: 'command-missing', message: expect.stringContaining(`\`route\` is not in the image ${image}`)}});
		}
	});

	it('tells BusyBox images by their name', () => {
		for (const image of ['busybox', 'busybox:1.37.0', 'docker.io/library/busybox:musl', 'mirror.example:5000/busybox@sha256:0f']) expect(namesBusybox(image), image).toBe(true);
		for (const image of ['nicolaka/netshoot', 'busybox-extras:1', 'busybox/alpine', 'alpine:3.20', 'my-busybox:1']) expect(namesBusybox(image), image).toBe(false);
	});

	it('uses /proc/net/route when route is missing; a missing ip only warns', async () => {
		const proc = 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\neth0\t00000000\t010014AC\t0003\t0\t0\t0\t00000000\t0\t0\t0\n';
		const result = await probeTables(runner({'cat /proc/net/route': exited(proc)}), {image: 'distroless'});
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.tables.routes.map(route => route.gateway)).toEqual(['172.20.0.1']);
		expect(result.tables.warnings.at(-1)?.reason).toMatch(/`ip` is not in the image distroless, nor `ifconfig`/);
	});

	it('reads interfaces with ifconfig -a where ip is missing (net-tools only, or an old BusyBox)', async () => {
		const ifconfig = [
			'eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500',
			'        inet 172.20.0.5  netmask 255.255.0.0  broadcast 172.20.255.255',
			'        ether 02:42:ac:14:00:05  txqueuelen 1000  (Ethernet)',
			'',
			'tunl0: flags=193<UP,RUNNING,NOARP>  mtu 1480',
			'        inet 192.168.175.0  netmask 255.255.255.255',
			'        tunnel   txqueuelen 1000  (IPIP Tunnel)',
			'',
		].join('\n');
		const seen: string[] = [];
		const result = await probeTables(runner({'route -n': exited(routeN), 'ifconfig -a': exited(ifconfig)}, seen), {image: 'ubuntu-net-tools', tools: 'basic'});
		expect(seen).toEqual(['route -n', 'ip addr', 'ifconfig -a']);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.tables.warnings).toEqual([]);
		expect(result.tables.interfaces.map(iface => [iface.name, iface.kind, iface.mtu, iface.addresses.map(entry => entry.cidr)])).toEqual([
			['eth0', 'physical', 1500, ['172.20.0.5/16']],
			['tunl0', 'tunnel', 1480, ['192.168.175.0/32']],
		]);
		expect(result.tables.interfaces.every(iface => iface.source === 'ifconfig')).toBe(true);
	});

	it("reads a lab node's ifconfig when the image has net-tools but no ip", async () => {
		const kernel = deriveNodeKernel({nodes: seedNodes, pods: seedPods, node: 'networking-worker2'});
		const withoutIp: CommandRunner = async command => {
			const outcome = command[0] === 'ip' ? runNodeCommand(kernel, ['ni-no-ip'], 'gnu') : runNodeCommand(kernel, command, 'gnu');
			return exited(outcome.stdout, outcome.exitCode, outcome.stderr);
		};
		const result = await probeTables(withoutIp, {image: 'debian-net-tools'});
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.tables.tools).toBe('basic');
		expect(result.tables.warnings).toEqual([]);
		const tunl0 = result.tables.interfaces.find(iface => iface.name === 'tunl0');
		expect(tunl0).toMatchObject({kind: 'tunnel', role: 'calico-ipip', linkType: 'ipip', mtu: 1480, source: 'ifconfig'});
		expect(result.tables.interfaces.map(iface => iface.name)).toEqual(['cali52440ec1550', 'cali7dac2757ae1', 'eth0', 'lo', 'tunl0']);
	});

	it('a missing route source is command-missing with the image fix', async () => {
		const result = await probeTables(runner({}), {image: 'scratchy'});
		expect(result).toMatchObject({ok: false, failure: {reason: 'command-missing'}});
		expect(!result.ok && result.failure.message).toContain('scratchy');
		expect(!result.ok && result.failure.fix).toContain('--image');
	});

	it('tools the non-root debug user may not execute (exit 126) say so, with the image fix', async () => {
		const denied = exited('', 126, 'exec: permission denied');
		const result = await probeTables(runner({'ip -V': denied, 'route -n': denied, 'cat /proc/net/route': denied}), {image: 'root-only'});
		expect(result).toMatchObject({ok: false, failure: {reason: 'command-missing'}});
		expect(!result.ok && result.failure.message).toBe('`route` is not in the image root-only, or user 65534 may not run it');
		expect(!result.ok && result.failure.fix).toContain('the debug pod is not root');
	});

	it('a lost connection on the tools check fails the probe instead of settling for route -n', async () => {
		const tables = {'route -n': exited(routeN), 'ip addr': exited(ipAddr), 'ip -j route show table all': exited(routesJson), 'ip -j addr': exited(addrJson)};
		for (const outcome of ['closed-without-status', 'error', 'aborted'] as const) {
			const lost: ExecResult = {...exited(''), outcome, exitCode: null, error: 'connection closed'};
			const result = await probeTables(runner({...tables, 'ip -V': lost}), {image: 'nicolaka/netshoot:v0.13'});
			expect(result).toMatchObject({ok: false, failure: {reason: 'exec-failed'}});
		}
		const next = await probeTables(runner({...tables, 'ip -V': exited('ip utility, iproute2-6.1.0')}), {image: 'nicolaka/netshoot:v0.13'});
		expect(next.ok && next.tables.tools).toBe('iproute2');
	});

	it('a hanging exec is a timeout; a refused exec is forbidden', async () => {
		const hang: CommandRunner = async () => ({...exited(''), outcome: 'timeout', exitCode: null, error: 'timed out'});
		expect(await probeTables(hang, {image: 'i', tools: 'basic'})).toMatchObject({ok: false, failure: {reason: 'timeout'}});
		const refused: CommandRunner = async () => ({...exited(''), outcome: 'error', exitCode: null, httpStatus: 403, error: 'forbidden'});
		expect(await probeTables(refused, {image: 'i'})).toMatchObject({ok: false, failure: {reason: 'forbidden'}});
		const named = await probeTables(refused, {image: 'i', namespace: 'debug-ns'});
		expect(!named.ok && named.failure.fix).toContain('kubectl create role netinspect -n debug-ns');
	});

	it('a route -n cut at the output cap is never judged as if whole, even when cut at a line boundary', async () => {
		const cut: ExecResult = {...exited(routeN), truncated: true};
		const result = await probeTables(runner({'route -n': cut, 'ip addr': exited(ipAddr)}), {image: 'b', tools: 'basic'});
		expect(result).toMatchObject({ok: false, failure: {reason: 'exec-failed'}});
		expect(!result.ok && result.failure.message).toBe('`route -n` printed more than 4 MB, the limit netinspect reads; the table would be incomplete');
		expect(!result.ok && result.failure.fix).toContain('netinspect analyze --routes');
	});

	it('a real command printing past the 4 MB cap fails with that cause, not a broken pipe', {timeout: 20_000}, async () => {
		// `yes` stands in for a huge `route -n`: it prints route lines for ever, and the runner stops reading at 4 MB.
		const line = '10.0.0.0        0.0.0.0         255.255.255.0   U     0      0        0 eth0';
		const huge: CommandRunner = async (command, timeoutMs, signal) =>
			command.join(' ') === 'route -n' ? localCommandRunner(['yes', line], timeoutMs, signal) : exited(ipAddr);
		const result = await probeTables(huge, {image: 'this machine', tools: 'basic'});
		expect(result).toMatchObject({ok: false, failure: {reason: 'exec-failed'}});
		expect(!result.ok && result.failure.message).toMatch(/^`route -n` printed more than 4 MB/);
		expect(!result.ok && `${result.failure.message} ${result.failure.fix}`).not.toMatch(/pipe|reset by peer|\(r\)/i);
	});

	it('no failure tells the user to press r: routes and --local have no keys', async () => {
		const hang: CommandRunner = async () => ({...exited(''), outcome: 'timeout', exitCode: null, error: 'timed out'});
		const broken: CommandRunner = async () => ({...exited('', 1, 'oops'), error: null});
		const throwing: CommandRunner = async () => {
			throw new Error('boom');
		};
		for (const run of [hang, broken, throwing]) {
			const result = await probeTables(run, {image: 'i', tools: 'basic'});
			expect(result.ok).toBe(false);
			expect(!result.ok && result.failure.fix).not.toMatch(/\(r\)/);
		}
	});

	it('a read that prints what the last one printed returns the last tables as they are; any changed output is parsed anew', async () => {
		const basic = {'route -n': exited(routeN), 'ip addr': exited(ipAddr)};
		const first = await probeTables(runner(basic), {image: 'b', tools: 'basic'});
		if (!first.ok) throw new Error(first.failure.message);
		const same = await probeTables(runner(basic), {image: 'b', tools: 'basic', previous: first.tables});
		expect(same.ok && same.tables).toBe(first.tables);
		const added = `${routeN}10.0.0.0        0.0.0.0         255.0.0.0       U     0      0        0 eth1\n`;
		const changed = await probeTables(runner({...basic, 'route -n': exited(added)}), {image: 'b', tools: 'basic', previous: first.tables});
		expect(changed.ok && changed.tables).not.toBe(first.tables);
		expect(changed.ok && changed.tables.routes.map(route => route.destination)).toEqual(['0.0.0.0/0', '192.168.21.128/26', '10.0.0.0/8']);
		const otherAddress = await probeTables(runner({...basic, 'ip addr': exited(ipAddr.replace('127.0.0.1/8', '127.0.0.2/8'))}), {
			image: 'b',
			tools: 'basic',
			previous: first.tables,
		});
		expect(otherAddress.ok && otherAddress.tables).not.toBe(first.tables);
		expect(otherAddress.ok && otherAddress.tables.interfaces[0]?.addresses.map(address => address.address)).toEqual(['127.0.0.2']);

		const json = {'ip -j route show table all': exited(routesJson), 'ip -6 -j route show table all': exited('[]'), 'ip -j addr': exited(addrJson), 'ip -d -j link': exited('[]')};
		const read = await probeTables(runner(json), {image: 'i', tools: 'iproute2'});
		if (!read.ok) throw new Error(read.failure.message);
		const again = await probeTables(runner(json), {image: 'i', tools: 'iproute2', previous: read.tables});
		expect(again.ok && again.tables).toBe(read.tables);
		// An optional command that now fails (same empty output) is a different read.
		const linkFailed = await probeTables(runner({...json, 'ip -d -j link': exited('', 1)}), {image: 'i', tools: 'iproute2', previous: read.tables});
		expect(linkFailed.ok && linkFailed.tables).not.toBe(read.tables);
		// Tables from one kind of tools are never reused for the other.
		const across = await probeTables(runner(basic), {image: 'b', tools: 'basic', previous: read.tables});
		expect(across.ok && across.tables.tools).toBe('basic');
	});
});
