/** The network core's parsers read what the lab prints: the same routes come back from every format. */
import {describe, expect, it} from 'vitest';
import {deriveNodeKernel} from '../../../source/lab/kernel/node-kernel.js';
import {renderIpAddr, renderIpAddrJson} from '../../../source/lab/kernel/render-ip-addr.js';
import {renderIpRoute, renderIpRouteJson} from '../../../source/lab/kernel/render-ip-route.js';
import {renderRouteN} from '../../../source/lab/kernel/render-route-n.js';
import {parseIpAddr} from '../../../source/net/parse-ip-addr.js';
import {parseIpAddrJson} from '../../../source/net/parse-ip-json.js';
import {parseIpRoute} from '../../../source/net/parse-ip-route.js';
import {parseIpRouteJson} from '../../../source/net/parse-ip-route-json.js';
import {parseRouteN} from '../../../source/net/parse-route-n.js';
import type {Route} from '../../../source/net/types.js';
import {seedNodes, seedPods} from './helpers/seed-kernel.js';

const kernel = deriveNodeKernel({nodes: seedNodes, pods: seedPods, node: 'networking-worker2'});
const main = kernel.routes.filter(route => route.family === 4 && route.table === null);

function essentials(routes: readonly Route[]): string[] {
	return routes.map(route => `${route.destination} ${route.gateway ?? '-'} ${route.interface ?? '*'} ${route.kind}`).sort();
}

describe('parsers read the lab', () => {
	it('route -n (both flavours)', () => {
		for (const flavor of ['gnu', 'busybox'] as const) {
			const parsed = parseRouteN(renderRouteN(kernel, flavor));
			expect(parsed.warnings).toEqual([]);
			expect(essentials(parsed.routes)).toEqual(essentials(main));
		}
	});

	it('ip route text and ip -j route', () => {
		const text = parseIpRoute(renderIpRoute(kernel, {table: 'main', family: null}), 4);
		expect(text.warnings).toEqual([]);
		expect(essentials(text.routes)).toEqual(essentials(main));
		const json = parseIpRouteJson(renderIpRouteJson(kernel, {table: 'main', family: null}), 4);
		expect(json.warnings).toEqual([]);
		expect(essentials(json.routes)).toEqual(essentials(main));
		expect(json.routes.filter(route => route.onlink).map(route => route.interface)).toEqual(['tunl0', 'tunl0', 'tunl0']);
	});

	it('ip addr text and ip -j addr', () => {
		const names = kernel.interfaces.map(device => device.name);
		for (const parsed of [parseIpAddr(renderIpAddr(kernel, 'gnu')), parseIpAddrJson(renderIpAddrJson(kernel))]) {
			expect(parsed.interfaces.map(device => device.name)).toEqual(names);
			const tunl0 = parsed.interfaces.find(device => device.name === 'tunl0');
			expect(tunl0?.addresses.map(entry => entry.cidr)).toEqual(['192.168.175.0/32']);
			const cali = parsed.interfaces.find(device => device.name === 'cali52440ec1550');
			expect(cali?.peerIndex).toBe(3);
		}
	});
});
