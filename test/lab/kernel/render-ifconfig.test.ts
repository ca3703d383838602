/**
 * The lab's `ifconfig`, `ip -o addr` and `ip -br addr` (issue 8 item 17): the seed's own ifconfig paste comes
 * back byte for byte, the parsers read every one of them back into the kernel's addresses, and what the real
 * tools order or hide is ordered and hidden alike. Byte parity with the real tools: namespace-parity.test.ts.
 */
import {describe, expect, it} from 'vitest';
import type {NodeKernel} from '../../../source/lab/kernel/node-kernel.js';
import {deriveNodeKernel} from '../../../source/lab/kernel/node-kernel.js';
import {renderIfconfig} from '../../../source/lab/kernel/render-ifconfig.js';
import {runNodeCommand} from '../../../source/lab/kernel/run-node-command.js';
import {parseAny} from '../../../source/net/detect-format.js';
import type {Interface} from '../../../source/net/types.js';
import {fixture} from '../../net/parser-fixtures.js';
import {seedNodes, seedPods} from './helpers/seed-kernel.js';

const worker2 = deriveNodeKernel({nodes: seedNodes, pods: seedPods, node: 'networking-worker2'});
const controlPlane = deriveNodeKernel({nodes: seedNodes, pods: seedPods, node: 'networking-control-plane'});

function addressesByDevice(interfaces: readonly Interface[]): readonly string[] {
	return interfaces.flatMap(device => device.addresses.map(entry => `${device.name} ${entry.cidr}`)).sort();
}

describe('the lab answers ifconfig', () => {
	it("prints the seed's ifconfig paste of the control plane's IPIP tunl0 byte for byte", () => {
		const paste = fixture('seed-control-plane-ifconfig.txt').split('\n').slice(1).join('\n');
		expect(renderIfconfig(controlPlane, 'gnu', {device: 'tunl0'})).toBe(`${paste}\n`);
	});

	it('BusyBox prints tunl0 as UNSPEC (it knows no IPIP hardware type) and uppercases MACs', () => {
		const text = runNodeCommand(worker2, ['ifconfig'], 'busybox').stdout;
		expect(text).toContain('tunl0     Link encap:UNSPEC  HWaddr 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00  \n');
		expect(text).toContain('eth0      Link encap:Ethernet  HWaddr 02:42:AC:14:00:05  \n');
		expect(text).toContain('          UP RUNNING NOARP  MTU:1480  Metric:1\n');
	});

	it('every format the lab prints parses back to the kernel addresses (ifconfig: primary IPv4 only)', () => {
		const expected = addressesByDevice(worker2.interfaces);
		for (const [argv, flavor, format] of [
			[['ip', '-o', 'addr'], 'gnu', 'ip-addr-oneline'],
			[['ip', '-o', 'addr'], 'busybox', 'ip-addr-oneline'],
			[['ip', '-br', 'addr'], 'gnu', 'ip-addr-brief'],
			[['ifconfig', '-a'], 'gnu', 'ifconfig'],
			[['ifconfig', '-a'], 'busybox', 'ifconfig-busybox'],
		] as const) {
			const parsed = parseAny(runNodeCommand(worker2, argv, flavor).stdout);
			if (parsed.kind !== 'interfaces') throw new Error(`${argv.join(' ')}: not read as interfaces`);
			expect([argv.join(' '), flavor, parsed.result.format, parsed.result.warnings]).toEqual([argv.join(' '), flavor, format, []]);
			expect(addressesByDevice(parsed.result.interfaces)).toEqual(expected);
		}
	});

	it('orders devices as each tool does (net-tools: eth2 before eth10; BusyBox: strcmp) and hides down ones without -a', () => {
		const device = (name: string, index: number, up: boolean): Interface => ({
			...worker2.interfaces.find(candidate => candidate.name === 'eth0')!,
			name,
			index,
			flags: up ? ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'] : ['BROADCAST', 'MULTICAST'],
			state: up ? 'UP' : 'DOWN',
			addresses: [],
		});
		const kernel: NodeKernel = {hostname: 'n', routes: [], links: [], rules: [], ipv4Conf: {}, ipv6Forwarding: 0, interfaces: [device('eth10', 3, true), device('eth2', 4, true), device('dummy0', 5, false)]};
		const names = (text: string | null) => (text ?? '').split('\n').filter(line => /^\S/.test(line)).map(line => line.split(/[: ]/)[0]);
		expect(names(renderIfconfig(kernel, 'gnu'))).toEqual(['eth2', 'eth10']);
		expect(names(renderIfconfig(kernel, 'busybox'))).toEqual(['eth10', 'eth2']);
		expect(names(renderIfconfig(kernel, 'gnu', {all: true}))).toEqual(['dummy0', 'eth2', 'eth10']);
		expect(renderIfconfig(kernel, 'gnu', {device: 'dummy0'})).toMatch(/^dummy0: flags=4098<BROADCAST,MULTICAST>  mtu 1500\n/);
		expect(renderIfconfig(kernel, 'gnu', {device: 'nosuch'})).toBeNull();
	});

	it('ifconfig through a shell and its errors', () => {
		expect(runNodeCommand(worker2, ['sh', '-c', 'ifconfig -a'], 'gnu').stdout).toBe(renderIfconfig(worker2, 'gnu', {all: true}));
		expect(runNodeCommand(worker2, ['ifconfig', 'eth0', 'down'], 'gnu')).toMatchObject({exitCode: 1, stdout: ''});
		expect(runNodeCommand(worker2, ['ifconfig', '-s'], 'gnu')).toMatchObject({exitCode: 1, stderr: expect.stringContaining('netinspect lab')});
	});
});
