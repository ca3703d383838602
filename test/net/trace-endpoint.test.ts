import {describe, expect, it} from 'vitest';
import {buildClusterIndex} from '../../source/net/cluster-index.js';
import {parseEndpointSpec, resolveEndpoint} from '../../source/net/trace-endpoint.js';
import {clusterNode, clusterPod} from './helpers/routes.js';

const cluster = buildClusterIndex(
	[clusterNode('w1', {internalIps: ['172.20.0.5', 'fc00::5']})],
	[
		clusterPod('default', 'web', 'w1', ['fd00::7', '10.1.0.7']),
		clusterPod('kube-system', 'proxy', 'w1', ['172.20.0.5'], true),
		clusterPod('default', 'pending', null, []),
		clusterPod('default', 'starting', 'w1', []),
	],
);

describe('parseEndpointSpec', () => {
	it('reads NS/POD, POD, an IP and node/NAME', () => {
		expect(parseEndpointSpec('kube-system/proxy', 'default')).toEqual({kind: 'pod', namespace: 'kube-system', name: 'proxy'});
		expect(parseEndpointSpec('web', 'prod')).toEqual({kind: 'pod', namespace: 'prod', name: 'web'});
		expect(parseEndpointSpec(' 10.1.0.7 ', 'default')).toEqual({kind: 'ip', ip: '10.1.0.7'});
		expect(parseEndpointSpec('FD00::0007', 'default')).toEqual({kind: 'ip', ip: 'fd00::7'});
		expect(parseEndpointSpec('node/w1', 'default')).toEqual({kind: 'node', name: 'w1'});
	});

	it('says why a text is none of them', () => {
		expect(parseEndpointSpec('a/b/c', 'default')).toMatch(/is not a pod/);
		expect(parseEndpointSpec('Web', 'default')).toMatch(/is not a pod/);
		expect(parseEndpointSpec('node/', 'default')).toMatch(/is not a node name/);
		expect(parseEndpointSpec('ns/UPPER', 'default')).toMatch(/is not NAMESPACE\/POD/);
	});
});

describe('resolveEndpoint', () => {
	it('prefers IPv4 unless asked, and places the pod on its node', () => {
		expect(resolveEndpoint({kind: 'pod', namespace: 'default', name: 'web'}, cluster)).toEqual({ip: '10.1.0.7', pod: {namespace: 'default', name: 'web', node: 'w1'}, node: 'w1'});
		expect(resolveEndpoint({kind: 'pod', namespace: 'default', name: 'web'}, cluster, 6)).toMatchObject({ip: 'fd00::7'});
		expect(resolveEndpoint({kind: 'node', name: 'w1'}, cluster)).toEqual({ip: '172.20.0.5', pod: null, node: 'w1'});
	});

	it('finds who holds an IP: a pod, a node, or nobody in the cluster', () => {
		expect(resolveEndpoint({kind: 'ip', ip: '10.1.0.7'}, cluster)).toMatchObject({pod: {name: 'web'}, node: 'w1'});
		expect(resolveEndpoint({kind: 'ip', ip: '172.20.0.5'}, cluster)).toMatchObject({pod: {name: 'proxy'}, node: 'w1'});
		expect(resolveEndpoint({kind: 'ip', ip: '8.8.8.8'}, cluster)).toEqual({ip: '8.8.8.8', pod: null, node: null});
	});

	it('says why a pod or node cannot be an endpoint', () => {
		expect(resolveEndpoint({kind: 'pod', namespace: 'default', name: 'nope'}, cluster)).toBe('pod default/nope not found');
		expect(resolveEndpoint({kind: 'pod', namespace: 'default', name: 'pending'}, cluster)).toMatch(/not scheduled/);
		expect(resolveEndpoint({kind: 'pod', namespace: 'default', name: 'starting'}, cluster)).toMatch(/no IP yet/);
		expect(resolveEndpoint({kind: 'node', name: 'w9'}, cluster)).toBe('node w9 not found');
	});
});
