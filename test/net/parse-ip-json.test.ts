import {describe, expect, it} from 'vitest';
import {parseIpAddr} from '../../source/net/parse-ip-addr.js';
import {mergeLinkKinds, parseIpAddrJson, parseIpLinkJson} from '../../source/net/parse-ip-json.js';
import type {Interface} from '../../source/net/types.js';
import {fixture} from './parser-fixtures.js';

const byName = (name: string, interfaces: readonly Interface[]) => interfaces.find(candidate => candidate.name === name);

describe('parseIpAddrJson', () => {
	it('reads the sample of the notes (§4.3)', () => {
		const text =
			'[{"ifindex":6,"link_index":2,"ifname":"cali52440ec1550","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,' +
			'"operstate":"UP","link_type":"ether","address":"2e:e2:5e:cb:0d:a3","link_netnsid":1,' +
			'"addr_info":[{"family":"inet6","local":"fe80::2ce2:5eff:fecb:da3","prefixlen":64,"scope":"link","nodad":true}]},' +
			'{"ifindex":4,"link":null,"ifname":"tunl0","flags":["NOARP","UP","LOWER_UP"],"mtu":1440,"operstate":"UNKNOWN","link_type":"ipip",' +
			'"addr_info":[{"family":"inet","local":"10.253.252.128","prefixlen":32,"scope":"global","label":"tunl0"}]}]';
		const result = parseIpAddrJson(text);
		expect(result.format).toBe('ip-addr-json');
		expect(result.warnings).toEqual([]);
		expect(result.interfaces[0]).toMatchObject({
			name: 'cali52440ec1550',
			index: 6,
			peer: 'if2',
			peerIndex: 2,
			peerNetns: '1',
			state: 'UP',
			kind: 'veth',
			role: 'calico-workload',
		});
		expect(result.interfaces[0]!.addresses).toEqual([
			{family: 6, address: 'fe80::2ce2:5eff:fecb:da3', prefixLength: 64, cidr: 'fe80::2ce2:5eff:fecb:da3/64', peer: null, scope: 'link', flags: ['nodad']},
		]);
		expect(result.interfaces[1]).toMatchObject({peer: 'NONE', peerIndex: null, kind: 'tunnel', role: 'calico-ipip'});
	});

	it('agrees with the text parser on the same real capture', () => {
		const fromJson = parseIpAddrJson(fixture('ns-ip-j-addr.json'));
		expect(fromJson.warnings).toEqual([]);
		const fromText = parseIpAddr(fixture('ns-ip-addr.txt'));
		// The text names the pod netns (link-netns NAME); JSON gives its id: the one field that differs.
		const comparable = (interfaces: readonly Interface[]) =>
			interfaces.map(({source: _s, peerNetns, ...rest}) => ({...rest, hasNetns: peerNetns !== null}));
		expect(comparable(fromJson.interfaces)).toEqual(comparable(fromText.interfaces));
		expect(byName('cali52440ec1550', fromJson.interfaces)!.peerNetns).toBe('0');
	});

	it('type-checks untrusted fields and reports non-JSON input', () => {
		const text = JSON.stringify([
			{ifname: 'eth0', ifindex: -1, mtu: '1500', flags: 'UP', addr_info: [{family: 'inet', local: 'nope', prefixlen: 24}, 3]},
			{ifindex: 3},
			null,
		]);
		const result = parseIpAddrJson(text);
		expect(result.interfaces).toHaveLength(1);
		expect(result.interfaces[0]).toMatchObject({name: 'eth0', index: null, mtu: null, flags: [], addresses: []});
		expect(result.warnings).toHaveLength(3);
		expect(parseIpAddrJson('ip: unknown option -j').warnings[0]!.reason).toMatch(/^not JSON/);
		expect(parseIpAddrJson('[{').warnings[0]!.reason).toMatch(/^invalid JSON/);
	});
});

describe('parseIpLinkJson and mergeLinkKinds', () => {
	it('reads info_kind and merges it into interfaces from ip addr text', () => {
		const links = parseIpLinkJson(fixture('ns-ip-d-j-link.json'));
		expect(links.format).toBe('ip-link-json');
		expect(links.warnings).toEqual([]);
		expect(byName('vxlan.calico', links.interfaces)).toMatchObject({linkKind: 'vxlan', kind: 'tunnel'});
		expect(byName('cni0', links.interfaces)).toMatchObject({linkKind: 'bridge', kind: 'bridge'});
		expect(byName('eth0', links.interfaces)).toMatchObject({linkKind: 'veth', kind: 'veth', role: 'uplink'});
		const text = parseIpAddr(fixture('ns-ip-addr.txt')).interfaces;
		expect(byName('eth0', text)!.kind).toBe('physical');
		const merged = mergeLinkKinds(text, links.interfaces);
		expect(byName('eth0', merged)).toMatchObject({linkKind: 'veth', kind: 'veth', addresses: byName('eth0', text)!.addresses});
		expect(byName('lo', merged)).toMatchObject({linkKind: null, kind: 'loopback'});
		expect(mergeLinkKinds(text, [])).toEqual(text);
	});
});
