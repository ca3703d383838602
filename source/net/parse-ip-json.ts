/**
 * `ip -j addr` and `ip -d -j link` (iproute2 ≥ 4.14; route-and-addr-formats.md §4.3), and merging the link kinds
 * of the latter into interfaces read from any `ip addr` format. Every field is type-checked.
 *
 * `peer` mirrors the text's `@` suffix: `link` (a name in this netns), `if<link_index>` (another netns), or
 * `NONE` when `link` is null. `peerNetns` is `link_netnsid` as text.
 */
import {canonicalIp, maxLength} from './ip.js';
import {classifyInterface} from './interface-kind.js';
import {FieldReader, isObject, jsonSnippet, type JsonObject} from './json-fields.js';
import {addressFlagNames, warning, warningList} from './parse-support.js';
import type {AddrParseResult, Interface, InterfaceAddress, SourceFormat} from './types.js';


function readAddress(object: JsonObject, problems: string[]): InterfaceAddress | null {
	const reader = new FieldReader(object);
	const familyText = reader.string('family');
	if (familyText !== 'inet' && familyText !== 'inet6') return null; // e.g. `mpls`: not ours, not a problem
	const family = familyText === 'inet' ? 4 : 6;
	const local = reader.string('local');
	const address = local === null ? null : canonicalIp(local);
	if (address === null || address.includes(':') !== (family === 6)) {
		problems.push(`addr_info local ${local ?? '(missing)'} is not an IPv${family} address`);
		return null;
	}
	const prefixLength = reader.integer('prefixlen', maxLength(family)) ?? maxLength(family);
	const peerText = reader.string('address');
	problems.push(...reader.problems.map(problem => `addr_info ${problem}`));
	return {
		family,
		address,
		prefixLength,
		cidr: `${address}/${prefixLength}`,
		peer: peerText === null ? null : canonicalIp(peerText),
		scope: reader.string('scope'),
		flags: addressFlagNames.filter(key => reader.boolean(key)),
	};
}

type Entry = {readonly iface: Interface | null; readonly problems: readonly string[]};

function readInterface(object: JsonObject, source: SourceFormat): Entry {
	const reader = new FieldReader(object);
	const name = reader.string('ifname');
	if (name === null || name === '') return {iface: null, problems: ['no ifname', ...reader.problems]};
	const linkName = reader.string('link');
	const linkIndex = reader.integer('link_index', 0xffff_ffff);
	const netnsid = reader.integer('link_netnsid', 0xffff_ffff);
	const peer = linkName ?? (linkIndex === null ? (reader.has('link') ? 'NONE' : null) : `if${linkIndex}`);
	const linkinfo = reader.object('linkinfo');
	const linkKind = linkinfo === null ? null : new FieldReader(linkinfo).string('info_kind');
	const problems: string[] = [];
	const addresses = reader
		.objects('addr_info')
		.map(entry => readAddress(entry, problems))
		.filter((address): address is InterfaceAddress => address !== null);
	const linkType = reader.string('link_type');
	const classified = classifyInterface(name, linkKind, linkType);
	const iface: Interface = {
		name,
		index: reader.integer('ifindex', 0xffff_ffff),
		peer,
		peerIndex: linkIndex,
		peerNetns: netnsid === null ? null : String(netnsid),
		flags: reader.strings('flags'),
		state: reader.string('operstate'),
		mtu: reader.integer('mtu', 0xffff_ffff),
		master: reader.string('master'),
		linkType,
		linkKind,
		kind: classified.kind,
		role: classified.role,
		altnames: reader.strings('altnames'),
		addresses,
		source,
	};
	return {iface, problems: [...reader.problems, ...problems]};
}

function parseInterfacesJson(text: string, source: SourceFormat, what: string): AddrParseResult {
	const trimmed = text.trim();
	const fail = (snippet: string, reason: string): AddrParseResult => ({
		format: source,
		interfaces: [],
		warnings: [warning(null, snippet, reason)],
	});
	if (trimmed === '') return fail('', 'empty input: no interfaces read');
	if (!trimmed.startsWith('[')) {
		return fail(trimmed.slice(0, 80), `not JSON: \`${what}\` needs iproute2 4.14 or later (BusyBox has no -j); collect \`ip addr\` text`);
	}
	let data: unknown;
	try {
		data = JSON.parse(trimmed);
	} catch (error) {
		return fail(trimmed.slice(0, 80), `invalid JSON (${error instanceof Error ? error.message : String(error)}); no interfaces read`);
	}
	if (!Array.isArray(data)) return fail(jsonSnippet(data), 'JSON is not an array of interfaces');
	const warnings = warningList();
	const drafts: Interface[] = [];
	for (const [index, element] of data.entries()) {
		if (!isObject(element)) {
			warnings.add(warning(null, jsonSnippet(element), `entry ${index + 1} is not an object; skipped`));
			continue;
		}
		const {iface, problems} = readInterface(element, source);
		if (iface === null) {
			warnings.add(warning(null, jsonSnippet(element), `entry ${index + 1}: ${problems.join('; ')}; skipped`));
			continue;
		}
		if (problems.length > 0) warnings.add(warning(null, jsonSnippet(element), `entry ${index + 1} (${iface.name}): ${problems.join('; ')}`));
		drafts.push(iface);
	}
	// A same-netns peer is named by `link`; give it the index too, as the text parser does.
	const indexByName = new Map(drafts.map(iface => [iface.name, iface.index] as const));
	const interfaces = drafts.map(iface =>
		iface.peerIndex === null && iface.peer !== null && iface.peer !== 'NONE'
			? {...iface, peerIndex: indexByName.get(iface.peer) ?? null}
			: iface,
	);
	return {format: source, interfaces, warnings: warnings.list()};
}

/** Parses `ip -j addr` (also `ip -j link`, which has no addr_info). */
export function parseIpAddrJson(text: string): AddrParseResult {
	return parseInterfacesJson(text, 'ip-addr-json', 'ip -j addr');
}

/** Parses `ip -d -j link`: linkKind from `linkinfo.info_kind`. */
export function parseIpLinkJson(text: string): AddrParseResult {
	return parseInterfacesJson(text, 'ip-link-json', 'ip -d -j link');
}

/**
 * Fills `linkKind` (and a missing `linkType`) of `interfaces` from `links` (`ip -d -j link`), matched by name
 * (an index alone could be a different device taken at another moment), and re-classifies kind and role.
 * Interfaces without a match are returned unchanged.
 */
export function mergeLinkKinds(interfaces: readonly Interface[], links: readonly Interface[]): Interface[] {
	const byName = new Map(links.map(link => [link.name, link] as const));
	return interfaces.map(iface => {
		const link = byName.get(iface.name);
		if (link === undefined || (link.linkKind === null && (iface.linkType !== null || link.linkType === null))) return iface;
		const linkKind = link.linkKind ?? iface.linkKind;
		const linkType = iface.linkType ?? link.linkType;
		const classified = classifyInterface(iface.name, linkKind, linkType);
		return {...iface, linkKind, linkType, kind: classified.kind, role: classified.role};
	});
}
