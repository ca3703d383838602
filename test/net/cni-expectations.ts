/**
 * Reads the CNI layouts in test/fixtures/cni/ (real captures, see capture-cni.sh) with their hand-written
 * cluster.json and expected.json, and lists every route and address format each layout was captured in.
 */
import {readFileSync} from 'node:fs';
import {mergeLinkKinds} from '../../source/net/parse-ip-json.js';
import {parseIpAddrJson, parseIpLinkJson} from '../../source/net/parse-ip-json.js';
import {parseIpAddr} from '../../source/net/parse-ip-addr.js';
import {parseIpRouteJson} from '../../source/net/parse-ip-route-json.js';
import {parseIpRoute} from '../../source/net/parse-ip-route.js';
import {parseProcNetRoute} from '../../source/net/parse-proc-net-route.js';
import {parseRouteN} from '../../source/net/parse-route-n.js';
import type {Family} from '../../source/net/ip.js';
import type {ClusterNode, ClusterPod, Interface, Outcome, RouteParseResult, SourceFormat} from '../../source/net/types.js';

export const layouts = ['calico-ipip', 'calico-vxlan', 'calico-bgp', 'flannel-vxlan', 'cilium-vxlan', 'kindnet', 'aws-vpc-cni'] as const;
export type Layout = (typeof layouts)[number];

export type ExpectedVerdict = {
	readonly ip: string;
	readonly outcome: Outcome;
	/** Absent: not asserted (the convention does not decide it). */
	readonly interface?: string | null;
	readonly nextHopNode?: string | null;
	/** Problems that must be present (others may be too). */
	readonly problems?: readonly string[];
};

export type Cluster = {readonly node: string; readonly nodes: readonly ClusterNode[]; readonly pods: readonly ClusterPod[]};
export type Expected = {readonly node: string; readonly notes: readonly string[]; readonly verdicts: readonly ExpectedVerdict[]};

export function cniFile(layout: Layout, name: string): string {
	return readFileSync(new URL(`../fixtures/cni/${layout}/${name}`, import.meta.url), 'utf8');
}

export function cluster(layout: Layout): Cluster {
	return JSON.parse(cniFile(layout, 'cluster.json')) as Cluster;
}

export function expected(layout: Layout): Expected {
	return JSON.parse(cniFile(layout, 'expected.json')) as Expected;
}

/** How a route format sees the node: everything (JSON), text, or the degraded main-table-only views. */
export type RouteView = 'json' | 'text' | 'busybox-text' | 'route-n';

export type RouteFormat = {
	readonly file: string;
	readonly family: Family;
	readonly view: RouteView;
	/**
	 * What detectFormat may name (it names the family; BusyBox is told apart from the first lines only when they
	 * show its doubled spaces), and what the parser, seeing the whole text, must report as its format.
	 */
	readonly detected: readonly SourceFormat[];
	readonly parsedAs: SourceFormat;
	readonly parse: (text: string) => RouteParseResult;
};

export const routeFormats: readonly RouteFormat[] = [
	{file: 'ip-j-route-table-all.json', family: 4, view: 'json', detected: ['ip-route-json'], parsedAs: 'ip-route-json', parse: text => parseIpRouteJson(text, 4)},
	{file: 'ip-j-route.json', family: 4, view: 'json', detected: ['ip-route-json'], parsedAs: 'ip-route-json', parse: text => parseIpRouteJson(text, 4)},
	{file: 'ip-route-table-all.txt', family: 4, view: 'text', detected: ['ip-route'], parsedAs: 'ip-route', parse: text => parseIpRoute(text, 4)},
	{file: 'ip-route.txt', family: 4, view: 'text', detected: ['ip-route'], parsedAs: 'ip-route', parse: text => parseIpRoute(text, 4)},
	{file: 'busybox-ip-route.txt', family: 4, view: 'busybox-text', detected: ['ip-route', 'ip-route-busybox'], parsedAs: 'ip-route-busybox', parse: text => parseIpRoute(text, 4)},
	{file: 'route-n.txt', family: 4, view: 'route-n', detected: ['route-n'], parsedAs: 'route-n', parse: parseRouteN},
	{file: 'busybox-route-n.txt', family: 4, view: 'route-n', detected: ['route-n'], parsedAs: 'route-n-busybox', parse: parseRouteN},
	{file: 'proc-net-route.txt', family: 4, view: 'route-n', detected: ['proc-net-route'], parsedAs: 'proc-net-route', parse: parseProcNetRoute},
	{file: 'ip-j-6-route-table-all.json', family: 6, view: 'json', detected: ['ip-route-json'], parsedAs: 'ip-route-json', parse: text => parseIpRouteJson(text, 6)},
	{file: 'ip-j-6-route.json', family: 6, view: 'json', detected: ['ip-route-json'], parsedAs: 'ip-route-json', parse: text => parseIpRouteJson(text, 6)},
	{file: 'ip-6-route-table-all.txt', family: 6, view: 'text', detected: ['ip-route'], parsedAs: 'ip-route', parse: text => parseIpRoute(text, 6)},
	{file: 'ip-6-route.txt', family: 6, view: 'text', detected: ['ip-route'], parsedAs: 'ip-route', parse: text => parseIpRoute(text, 6)},
	{file: 'busybox-ip-6-route.txt', family: 6, view: 'busybox-text', detected: ['ip-route', 'ip-route-busybox'], parsedAs: 'ip-route-busybox', parse: text => parseIpRoute(text, 6)},
	{file: 'route-n-inet6.txt', family: 6, view: 'route-n', detected: ['route-n-inet6'], parsedAs: 'route-n-inet6', parse: parseRouteN},
	{file: 'busybox-route-n-inet6.txt', family: 6, view: 'route-n', detected: ['route-n-inet6'], parsedAs: 'route-n-inet6', parse: parseRouteN},
];

/** The reference: `ip -j route show table all` of the IP's family. */
export const referenceRouteFile: Readonly<Record<Family, string>> = {4: 'ip-j-route-table-all.json', 6: 'ip-j-6-route-table-all.json'};

export type AddrFormat = {
	readonly name: string;
	readonly files: readonly string[];
	readonly detected: SourceFormat;
	readonly parsedAs: SourceFormat;
	readonly load: (layout: Layout) => readonly Interface[];
};

export const addrFormats: readonly AddrFormat[] = [
	{
		name: 'ip -j addr + ip -d -j link',
		files: ['ip-j-addr.json', 'ip-d-j-link.json'],
		detected: 'ip-addr-json',
		parsedAs: 'ip-addr-json',
		load: layout =>
			mergeLinkKinds(parseIpAddrJson(cniFile(layout, 'ip-j-addr.json')).interfaces, parseIpLinkJson(cniFile(layout, 'ip-d-j-link.json')).interfaces),
	},
	{name: 'ip -j addr', files: ['ip-j-addr.json'], detected: 'ip-addr-json', parsedAs: 'ip-addr-json', load: layout => parseIpAddrJson(cniFile(layout, 'ip-j-addr.json')).interfaces},
	{name: 'ip addr', files: ['ip-addr.txt'], detected: 'ip-addr', parsedAs: 'ip-addr', load: layout => parseIpAddr(cniFile(layout, 'ip-addr.txt')).interfaces},
	{name: 'busybox ip addr', files: ['busybox-ip-addr.txt'], detected: 'ip-addr-busybox', parsedAs: 'ip-addr-busybox', load: layout => parseIpAddr(cniFile(layout, 'busybox-ip-addr.txt')).interfaces},
];

/** The reference address format: JSON with link kinds. */
export const referenceAddrFormat = addrFormats[0]!;
