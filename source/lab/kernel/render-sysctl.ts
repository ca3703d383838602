/**
 * The node's /proc/sys/net files a trace reads: every `net.ipv4.conf.<all|default|device>.*` (the 33 keys
 * of Linux 6.x, with the kernel's defaults and what the CNI, kube-proxy and faults changed),
 * `net.ipv6.conf.*.forwarding` and `net.ipv4.ip_forward`. Directory order is the kernel's (sysctl entries
 * sit in a tree sorted by name). Checked against a real namespace in namespace-parity.test.ts. Pure.
 */
import {deviceMatches} from './kernel-faults.js';
import type {NodeKernel} from './node-kernel.js';

/** `net.ipv4.conf.default.*` of a fresh network namespace (Linux 6.x), in name order. */
const ipv4Defaults: ReadonlyArray<readonly [string, number]> = [
	['accept_local', 0],
	['accept_redirects', 1],
	['accept_source_route', 1],
	['arp_accept', 0],
	['arp_announce', 0],
	['arp_evict_nocarrier', 1],
	['arp_filter', 0],
	['arp_ignore', 0],
	['arp_notify', 0],
	['bc_forwarding', 0],
	['bootp_relay', 0],
	['disable_policy', 0],
	['disable_xfrm', 0],
	['drop_gratuitous_arp', 0],
	['drop_unicast_in_l2_multicast', 0],
	['force_igmp_version', 0],
	['forwarding', 0],
	['igmpv2_unsolicited_report_interval', 10000],
	['igmpv3_unsolicited_report_interval', 1000],
	['ignore_routes_with_linkdown', 0],
	['log_martians', 0],
	['mc_forwarding', 0],
	['medium_id', 0],
	['promote_secondaries', 0],
	['proxy_arp', 0],
	['proxy_arp_pvlan', 0],
	['route_localnet', 0],
	['rp_filter', 0],
	['secure_redirects', 1],
	['send_redirects', 1],
	['shared_media', 1],
	['src_valid_mark', 0],
	['tag', 0],
];

/** Where `all` and `lo` start out different from `default`. */
const builtIn: Readonly<Record<string, Readonly<Record<string, number>>>> = {
	all: {accept_source_route: 0},
	lo: {disable_policy: 1, disable_xfrm: 1},
};

export const ipv4ConfDir = '/proc/sys/net/ipv4/conf';
export const ipv6ConfDir = '/proc/sys/net/ipv6/conf';

function byteOrder(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** `all`, `default` and every device, in the kernel's directory order. */
export function confEntries(kernel: NodeKernel): readonly string[] {
	return ['all', 'default', ...kernel.interfaces.map(device => device.name)].sort(byteOrder);
}

/** One entry's values: defaults, then `*`, then name patterns (`cali*`), then the exact name. */
function ipv4Values(kernel: NodeKernel, entry: string): Readonly<Record<string, number>> {
	const values: Record<string, number> = {...Object.fromEntries(ipv4Defaults), ...builtIn[entry]};
	const conf = kernel.ipv4Conf;
	if (entry !== 'all' && entry !== 'default') {
		Object.assign(values, conf['*']);
		for (const [pattern, overrides] of Object.entries(conf)) {
			if (pattern !== '*' && pattern.endsWith('*') && deviceMatches(pattern, entry)) Object.assign(values, overrides);
		}
	}
	Object.assign(values, conf[entry]);
	return values;
}

export type SysctlFile = {readonly path: string; readonly value: string};

/** Every simulated file, in directory order; `complete` says whether its directory lists all the real one has. */
export function sysctlFiles(kernel: NodeKernel): readonly (SysctlFile & {readonly complete: boolean})[] {
	const files: (SysctlFile & {readonly complete: boolean})[] = [];
	for (const entry of confEntries(kernel)) {
		const values = ipv4Values(kernel, entry);
		for (const [key] of ipv4Defaults) files.push({path: `${ipv4ConfDir}/${entry}/${key}`, value: `${values[key] ?? 0}\n`, complete: true});
	}
	files.push({path: '/proc/sys/net/ipv4/ip_forward', value: `${ipv4Values(kernel, 'all')['forwarding'] ?? 0}\n`, complete: false});
	for (const entry of confEntries(kernel)) {
		files.push({path: `${ipv6ConfDir}/${entry}/forwarding`, value: `${kernel.ipv6Forwarding}\n`, complete: false});
	}
	return files;
}
