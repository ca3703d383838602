import {describe, expect, it} from 'vitest';
import {buildClusterIndex} from '../../source/net/cluster-index.js';
import {governedSegments} from '../../source/net/sweep-segments.js';
import {runsIn, sortPods} from '../../source/net/sweep-pods.js';
import {clusterNode, clusterPod, route} from './helpers/routes.js';

const pods = [
	clusterPod('a', 'p5', 'n2', ['10.0.1.5']),
	clusterPod('a', 'p1', 'n1', ['10.0.0.1']),
	clusterPod('a', 'p2', 'n1', ['10.0.0.2']),
	clusterPod('a', 'p9', 'n2', ['10.0.1.9']),
	clusterPod('a', 'host', 'n1', ['192.0.2.1'], true),
	clusterPod('a', 'far', 'n3', ['10.9.0.1']),
	clusterPod('a', 'v6', 'n3', ['fd00::1']),
];
const cluster = buildClusterIndex(['n1', 'n2', 'n3'].map(name => clusterNode(name)), pods);
const sorted = sortPods(cluster, 4);

describe('sortPods', () => {
	it('keeps pod-network IPs of one family, sorted by address, with runs of one node', () => {
		expect(sorted.texts).toEqual(['10.0.0.1', '10.0.0.2', '10.0.1.5', '10.0.1.9', '10.9.0.1']);
		expect([...runsIn(sorted, 0, sorted.keys.length)]).toEqual([
			[0, 2, 'n1'],
			[2, 4, 'n2'],
			[4, 5, 'n3'],
		]);
		expect([...runsIn(sorted, 1, 3)]).toEqual([
			[1, 2, 'n1'],
			[2, 3, 'n2'],
		]);
		expect(sortPods(cluster, 6).texts).toEqual(['fd00::1']);
	});
});

describe('governedSegments', () => {
	const segmentsOf = (routes: ReturnType<typeof route>[]) =>
		governedSegments(routes, sorted)
			.map(segment => [segment.route?.destination ?? null, sorted.texts.slice(segment.from, segment.to)])
			.sort((a, b) => String(a[0]).localeCompare(String(b[0])));

	it('gives each pod to its longest matching prefix (the /16 keeps none), and the rest to no route', () => {
		expect(
			segmentsOf([
				route('10.0.0.0/16', {interface: 'eth0'}),
				route('10.0.1.0/24', {interface: 'tunl0'}),
				route('10.0.0.2/32', {interface: 'cali1'}),
				route('10.0.0.0/31', {kind: 'blackhole'}),
			]),
		).toEqual([
			['10.0.0.0/31', ['10.0.0.1']],
			['10.0.0.2/32', ['10.0.0.2']],
			['10.0.1.0/24', ['10.0.1.5', '10.0.1.9']],
			[null, ['10.9.0.1']],
		]);
	});

	it('the default route takes what nothing more specific takes; of two routes to one prefix the lower metric wins', () => {
		const segments = governedSegments([route('0.0.0.0/0', {gateway: '10.0.0.254'}), route('10.0.1.0/24', {interface: 'a', metric: 10}), route('10.0.1.0/24', {interface: 'b', metric: 5})], sorted);
		expect(segments.map(segment => [segment.route?.destination, segment.route?.interface, segment.to - segment.from])).toEqual(
			expect.arrayContaining([
				['0.0.0.0/0', null, 2],
				['10.0.1.0/24', 'b', 2],
				['0.0.0.0/0', null, 1],
			]),
		);
		expect(segments.reduce((sum, segment) => sum + segment.to - segment.from, 0)).toBe(5);
	});

	it('ignores routes of other tables and kinds that take no part in a lookup', () => {
		const segments = governedSegments([route('10.0.0.0/8', {interface: 'eth0', table: '100'}), route('10.0.0.1/32', {kind: 'local', interface: 'lo'})], sorted);
		expect(segments).toEqual([{route: null, from: 0, to: 5}]);
	});
});
