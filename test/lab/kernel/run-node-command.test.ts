import {describe, expect, it} from 'vitest';
import {deriveNodeKernel} from '../../../source/lab/kernel/node-kernel.js';
import {renderIpAddr} from '../../../source/lab/kernel/render-ip-addr.js';
import {renderIpRoute} from '../../../source/lab/kernel/render-ip-route.js';
import {renderProcNetRoute, renderRouteN, renderRouteNInet6} from '../../../source/lab/kernel/render-route-n.js';
import {imageFlavor} from '../../../source/lab/kernel/tool-flavor.js';
import {runNodeCommand} from '../../../source/lab/kernel/run-node-command.js';
import {seedNodes, seedPods} from './helpers/seed-kernel.js';

const kernel = deriveNodeKernel({nodes: seedNodes, pods: seedPods, node: 'networking-worker2'});
const gnu = (...argv: string[]) => runNodeCommand(kernel, argv, 'gnu');
const busybox = (...argv: string[]) => runNodeCommand(kernel, argv, 'busybox');

describe('imageFlavor', () => {
	it.each([
		['busybox', 'busybox'],
		['busybox:1.36', 'busybox'],
		['docker.io/library/busybox@sha256:abc', 'busybox'],
		['alpine:3.19', 'busybox'],
		['ubuntu', 'gnu'],
		['nicolaka/netshoot:v0.13', 'gnu'],
		['registry.local:5000/tools/busyboxish:1', 'gnu'],
	] as const)('%s → %s', (image, flavor) => {
		expect(imageFlavor(image)).toBe(flavor);
	});
});

describe('runNodeCommand', () => {
	it('runs route -n directly, by path and under sh -c', () => {
		const expected = renderRouteN(kernel, 'gnu');
		expect(gnu('route', '-n')).toEqual({stdout: expected, stderr: '', exitCode: 0});
		expect(gnu('/sbin/route', '-n').stdout).toBe(expected);
		expect(gnu('sh', '-c', '  route   -n ').stdout).toBe(expected);
		expect(busybox('route', '-n').stdout).toBe(renderRouteN(kernel, 'busybox'));
	});

	it('prints names only for default without -n (no DNS in the lab)', () => {
		const text = gnu('route').stdout;
		expect(text).toContain('\ndefault         172.20.0.1      0.0.0.0         UG');
		expect(text).toContain('\n192.168.175.0   0.0.0.0  ');
		expect(busybox('route').stdout).toContain('\n192.168.175.0   *  ');
	});

	it('runs route -n -A inet6 in both flavours', () => {
		expect(gnu('route', '-n', '-A', 'inet6').stdout).toBe(renderRouteNInet6(kernel, 'gnu'));
		expect(gnu('route', '-nAinet6').exitCode).toBe(0);
		expect(busybox('route', '-n', '-A', 'inet6').stdout).toBe(renderRouteNInet6(kernel, 'busybox'));
	});

	it('answers route --version like net-tools 2.10, and like BusyBox (usage on stderr, rc 1)', () => {
		expect(gnu('route', '--version').stdout).toMatch(/^net-tools 2\.10\n/);
		const bb = busybox('route', '--version');
		expect(bb.stdout).toBe('');
		expect(bb.exitCode).toBe(1);
		expect(bb.stderr).toMatch(/^route: unrecognized option '--version'\nBusyBox v1\.35\.0 /);
	});

	it('accepts the ip spellings people type', () => {
		const addr = renderIpAddr(kernel, 'gnu');
		for (const argv of [['ip', 'addr'], ['ip', 'a'], ['ip', 'address', 'show'], ['ip', 'ad', 'list']]) {
			expect(gnu(...argv).stdout).toBe(addr);
		}
		const main = renderIpRoute(kernel, {table: 'main', family: null});
		expect(gnu('ip', 'r').stdout).toBe(main);
		expect(gnu('ip', 'route', 'show').stdout).toBe(main);
		expect(gnu('ip', 'route', 'show', 'table', 'all').stdout).toContain('local 172.20.0.5 dev eth0 table local');
		expect(gnu('ip', '-6', 'route').stdout).toContain('default via fc00:f853:ccd:e793::1 dev eth0 metric 1024 pref medium\n');
		expect(gnu('ip', '-V').stdout).toBe('ip utility, iproute2-6.1.0, libbpf 1.1.2\n');
	});

	it('prints JSON for ip -j with iproute2, and BusyBox usage (rc 1) for it', () => {
		const routes = JSON.parse(gnu('ip', '-j', 'route').stdout) as {dst: string; type?: string}[];
		expect(routes.find(route => route.type === 'blackhole')?.dst).toBe('192.168.175.0/26');
		const all = JSON.parse(gnu('ip', '-j', 'route', 'show', 'table', 'all').stdout) as {table?: string}[];
		expect(all.some(route => route.table === 'local')).toBe(true);
		const addr = JSON.parse(gnu('ip', '-j', 'addr').stdout) as {ifname: string; link?: null}[];
		expect(addr.find(device => device.ifname === 'tunl0')).toMatchObject({link: null});
		const link = JSON.parse(gnu('ip', '-d', '-j', 'link').stdout) as {ifname: string; linkinfo?: {info_kind: string}}[];
		expect(link.find(device => device.ifname === 'cali52440ec1550')?.linkinfo?.info_kind).toBe('veth');
		for (const argv of [['ip', '-j', 'addr'], ['ip', '-j', 'route'], ['ip', '-V']]) {
			const result = busybox(...argv);
			expect(result.exitCode).toBe(1);
			expect(result.stdout).toBe('');
			expect(result.stderr).toMatch(/^BusyBox v1\.35\.0 .*\n\nUsage: ip /);
		}
	});

	it('shows BusyBox ip addr without state or netns, peers resolved locally', () => {
		const text = busybox('ip', 'addr').stdout;
		expect(text).toContain('2: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1480 qdisc noqueue qlen 1000\n    link/ipip 0.0.0.0 brd 0.0.0.0\n');
		expect(text).toMatch(/: cali52440ec1550@if3: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1480 qdisc noqueue qlen 1000\n/);
		expect(text).toContain('scope global flags 02 \n');
		expect(text).not.toContain('state ');
	});

	it('runs hostname, sleep, cat, echo, true and false', () => {
		expect(gnu('hostname').stdout).toBe('networking-worker2\n');
		expect(gnu('sleep', '5')).toEqual({stdout: '', stderr: '', exitCode: 0, sleepSeconds: 5});
		expect(gnu('sh', '-c', 'sleep 2m').sleepSeconds).toBe(120);
		expect(gnu('sleep', 'soon').exitCode).toBe(1);
		expect(gnu('cat', '/proc/net/route').stdout).toBe(renderProcNetRoute(kernel));
		expect(gnu('cat', '/etc/shadow')).toEqual({stdout: '', stderr: 'cat: /etc/shadow: No such file or directory\n', exitCode: 1});
		expect(gnu('echo', 'hello', 'lab').stdout).toBe('hello lab\n');
		expect(gnu('true').exitCode).toBe(0);
		expect(gnu('false').exitCode).toBe(1);
	});

	it('runs the shell builtin exit under sh -c, as dash and BusyBox sh do', () => {
		expect(gnu('sh', '-c', 'exit 3')).toEqual({stdout: '', stderr: '', exitCode: 3});
		expect(gnu('sh', '-c', 'exit 300').exitCode).toBe(44);
		expect(gnu('sh', '-c', 'exit').exitCode).toBe(0);
		expect(gnu('sh', '-c', 'exit abc')).toEqual({stdout: '', stderr: 'sh: 1: exit: Illegal number: abc\n', exitCode: 2});
		expect(busybox('sh', '-c', 'exit abc').stderr).toBe('sh: exit: line 0: Illegal number: abc\n');
		expect(gnu('exit', '3').exitCode).toBe(127);
	});

	it('reports a missing command as the shell or the runtime does, exit 127', () => {
		expect(gnu('sh', '-c', 'curl example.org')).toEqual({stdout: '', stderr: 'sh: 1: curl: not found\n', exitCode: 127});
		expect(busybox('sh', '-c', 'curl')).toEqual({stdout: '', stderr: 'sh: curl: not found\n', exitCode: 127});
		const direct = gnu('curl');
		expect(direct.exitCode).toBe(127);
		expect(direct.stderr).toContain('exec: "curl": executable file not found in $PATH');
		expect(gnu('/opt/route', '-n').exitCode).toBe(127);
		expect(gnu().exitCode).toBe(127);
	});

	it('complains about unknown ip objects and options like iproute2', () => {
		expect(gnu('ip', 'foo')).toEqual({stdout: '', stderr: 'Object "foo" is unknown, try "ip help".\n', exitCode: 1});
		expect(gnu('ip', '-x', 'route')).toEqual({stdout: '', stderr: 'Option "-x" is unknown, try "ip -help".\n', exitCode: 255});
	});
});
