import {describe, expect, it} from 'vitest';
import {deriveNodeKernel, linkLocalFromMac} from '../../../source/lab/kernel/node-kernel.js';
import {renderRouteN} from '../../../source/lab/kernel/render-route-n.js';
import {calicoVethName} from '../../../source/lab/kernel/veth-name.js';
import {seedTopology} from '../../../source/lab/state/topology-seed.js';
import {seedNodes, seedPods, seedRouteN} from './helpers/seed-kernel.js';

const worker2 = {nodes: seedNodes, pods: seedPods, node: 'networking-worker2'};

/** The seed's worker2 `route` output, verbatim (names as its DNS resolved them). */
const seedWorker2Route = `Kernel IP routing table
Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
default         home            0.0.0.0         UG    0      0        0 eth0
172.20.0.0      0.0.0.0         255.255.0.0     U     0      0        0 eth0
192.168.21.128  networking-work 255.255.255.192 UG    0      0        0 tunl0
192.168.78.128  networking-work 255.255.255.192 UG    0      0        0 tunl0
192.168.223.128 networking-cont 255.255.255.192 UG    0      0        0 tunl0
192.168.175.0   0.0.0.0         255.255.255.192 U     0      0        0 *
192.168.175.1   0.0.0.0         255.255.255.255 UH    0      0        0 cali7dac2757ae1
192.168.175.5   0.0.0.0         255.255.255.255 UH    0      0        0 cali52440ec1550
`;

/** A row reduced to what both forms share: destination, mask, flags, iface (gateway names are truncated). */
function rowKeys(text: string): string[] {
	return text
		.trim()
		.split('\n')
		.slice(2)
		.map(row => {
			const [destination = '', , mask = '', flags = '', , , , iface = ''] = row.split(/\s+/);
			return [destination === 'default' ? '0.0.0.0' : destination, mask, flags, iface].join(' ');
		})
		.sort();
}

describe('calicoVethName', () => {
	it('is cali + 11 hex of sha1(namespace.pod), as in the seed', () => {
		expect(calicoVethName('default', 'hello-world-7c64bd9f6b-tpnrz')).toBe('cali52440ec1550');
		expect(calicoVethName('kube-system', 'coredns-558bd4d5db-k4j7g')).toBe('cali7dac2757ae1');
	});
});

describe('deriveNodeKernel', () => {
	it("renders the seed's worker2 table in -n form", () => {
		const text = renderRouteN(deriveNodeKernel(worker2), 'gnu');
		expect(text).toBe(seedRouteN['networking-worker2']);
		expect(rowKeys(text)).toEqual(rowKeys(seedWorker2Route));
	});

	it("renders the seed's control-plane table in -n form", () => {
		const kernel = deriveNodeKernel({nodes: seedNodes, pods: seedPods, node: 'networking-control-plane'});
		expect(renderRouteN(kernel, 'gnu')).toBe(seedRouteN['networking-control-plane']);
	});

	it("agrees with lab/state's seed topology", () => {
		const topology = seedTopology();
		const kernel = deriveNodeKernel({nodes: topology.nodes, pods: topology.pods, node: 'networking-worker2'});
		expect(renderRouteN(kernel, 'gnu')).toBe(seedRouteN['networking-worker2']);
	});

	it('programs Calico IPIP: onlink bird routes via node IPs on tunl0, own block blackholed, /32 per local pod', () => {
		const kernel = deriveNodeKernel(worker2);
		const main = kernel.routes.filter(route => route.family === 4 && route.table === null);
		const tunnel = main.filter(route => route.interface === 'tunl0');
		expect(tunnel.map(route => [route.destination, route.gateway, route.protocol, route.onlink])).toEqual([
			['192.168.223.128/26', '172.20.0.2', 'bird', true],
			['192.168.78.128/26', '172.20.0.3', 'bird', true],
			['192.168.21.128/26', '172.20.0.4', 'bird', true],
		]);
		expect(main.find(route => route.kind === 'blackhole')?.destination).toBe('192.168.175.0/26');
		expect(main.filter(route => route.interface?.startsWith('cali')).map(route => route.destination).sort()).toEqual([
			'192.168.175.1/32',
			'192.168.175.5/32',
		]);
		const tunl0 = kernel.interfaces.find(device => device.name === 'tunl0');
		expect(tunl0?.mtu).toBe(1480);
		expect(tunl0?.addresses.map(entry => entry.cidr)).toEqual(['192.168.175.0/32']);
	});

	it('gives host-network pods no veth and no route', () => {
		const kernel = deriveNodeKernel(worker2);
		expect(kernel.interfaces.filter(device => device.name.startsWith('cali'))).toHaveLength(2);
		expect(kernel.routes.some(route => route.destination === '172.20.0.5/32' && route.table === null)).toBe(false);
	});

	it('follows pods as they come and go, keeping the other devices stable', () => {
		const before = deriveNodeKernel(worker2);
		const added = {namespace: 'default', name: 'hello-world-7c64bd9f6b-x9k2p', node: 'networking-worker2', ip: '192.168.175.6', hostNetwork: false};
		const withPod = deriveNodeKernel({...worker2, pods: [...seedPods, added]});
		const veth = calicoVethName(added.namespace, added.name);
		expect(withPod.routes.find(route => route.destination === '192.168.175.6/32')?.interface).toBe(veth);
		expect(withPod.interfaces.some(device => device.name === veth)).toBe(true);
		const index = (kernel: typeof before, name: string): number | null | undefined =>
			kernel.interfaces.find(device => device.name === name)?.index;
		expect(index(withPod, 'cali7dac2757ae1')).toBe(index(before, 'cali7dac2757ae1'));

		const without = deriveNodeKernel({...worker2, pods: seedPods.filter(pod => pod.name !== 'hello-world-7c64bd9f6b-tpnrz')});
		expect(without.routes.some(route => route.destination === '192.168.175.5/32')).toBe(false);
		expect(without.interfaces.some(device => device.name === 'cali52440ec1550')).toBe(false);
		expect(renderRouteN(without, 'gnu')).not.toContain('cali52440ec1550');
	});

	it('drops the routes fault injection removed (CIDR, bare host address, default)', () => {
		const kernel = deriveNodeKernel({...worker2, removedRoutes: ['192.168.223.128/26', '192.168.175.1', 'default']});
		const text = renderRouteN(kernel, 'gnu');
		expect(text).not.toContain('192.168.223.128');
		expect(text).not.toContain('192.168.175.1 ');
		expect(text).not.toContain('0.0.0.0         172.20.0.1');
		expect(text).toContain('192.168.175.5 ');
		expect(kernel.routes.some(route => route.destination === '::/0')).toBe(false);
	});

	it('is deterministic and derives link-locals from MACs', () => {
		expect(deriveNodeKernel(worker2)).toEqual(deriveNodeKernel(worker2));
		expect(linkLocalFromMac('ee:ee:ee:ee:ee:ee')).toBe('fe80::ecee:eeff:feee:eeee');
		expect(linkLocalFromMac('02:42:ac:14:00:05')).toBe('fe80::42:acff:fe14:5');
	});

	it('refuses a node that does not exist', () => {
		expect(() => deriveNodeKernel({...worker2, node: 'nope'})).toThrow(/nope/);
	});
});
