/** Fixed texts the tools print (versions, usage), copied from net-tools 2.10, iproute2 6.1 and BusyBox 1.35. */

export const iproute2Version = 'ip utility, iproute2-6.1.0, libbpf 1.1.2\n';

export const netToolsVersion =
	'net-tools 2.10\n' +
	'+NEW_ADDRT +RTF_IRTT +RTF_REJECT +I18N +SELINUX\n' +
	'AF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH\n' +
	'HW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 \n';

const busyboxBanner = 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n';

/** What BusyBox `ip` prints on stderr (rc 1) for anything it does not know, `-j` and `-V` included. */
export const busyboxIpUsage =
	busyboxBanner +
	'\n' +
	'Usage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n' +
	'\n' +
	'OPTIONS := -f[amily] inet|inet6|link | -o[neline]\n' +
	'\n' +
	'ip addr add|del IFADDR dev IFACE | show|flush [dev IFACE] [to PREFIX]\n' +
	'ip route list|flush|add|del|change|append|replace|test ROUTE\n' +
	'ip link set IFACE [up|down] [arp on|off] [multicast on|off]\n' +
	'\t[promisc on|off] [mtu NUM] [name NAME] [qlen NUM] [address MAC]\n' +
	'\t[master IFACE | nomaster] [netns PID]\n' +
	'ip tunnel add|change|del|show [NAME]\n' +
	'\t[mode ipip|gre|sit] [remote ADDR] [local ADDR] [ttl TTL]\n' +
	'ip neigh show|flush [to PREFIX] [dev DEV] [nud STATE]\n' +
	'ip rule [list] | add|del SELECTOR ACTION\n';

export const busyboxRouteUsage =
	busyboxBanner +
	'\n' +
	'Usage: route [-ne] [-A inet[6]] [{add|del} [-net|-host] TARGET [netmask MASK]\n' +
	'\t[gw GATEWAY] [metric N] [mss BYTES] [window BYTES] [reject] [IFACE]]\n' +
	'\n' +
	'Show or edit kernel routing tables\n' +
	'\n' +
	"\t-n\tDon't resolve names\n" +
	'\t-e\tDisplay other/more information\n' +
	'\t-A inet[6]\tSelect address family\n';

/** BusyBox getopt's complaint for a long option it does not know, e.g. `route --version`. */
export function busyboxUnrecognized(applet: string, option: string): string {
	return `${applet}: unrecognized option '${option}'\n`;
}
