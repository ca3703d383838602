/**
 * IP literals and prefixes, parsed strictly (no octal, no shorthand IPv4) into numbers that compare fast.
 * IPv4 values are unsigned 32-bit numbers; IPv6 values are bigint (128 bits).
 * Pure: imports nothing, never throws.
 */

export type Family = 4 | 6;

export type IpAddress =
	| {readonly family: 4; readonly value: number}
	| {readonly family: 6; readonly value: bigint};

export type Prefix = {
	readonly family: Family;
	/** Network address (host bits cleared) as text, canonical form. */
	readonly address: string;
	readonly length: number;
	/** Canonical CIDR text, e.g. `192.168.175.0/26`, `fd00::/64`. */
	readonly cidr: string;
};

const ipv4Pattern = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses dotted-quad IPv4; rejects leading zeros (`010.0.0.1`) and out-of-range octets. */
export function parseIPv4(text: string): number | null {
	const match = ipv4Pattern.exec(text);
	if (!match) return null;
	let value = 0;
	for (let i = 1; i <= 4; i++) {
		const part = match[i]!;
		if (part.length > 1 && part.startsWith('0')) return null;
		const octet = Number(part);
		if (octet > 255) return null;
		value = value * 256 + octet;
	}
	return value;
}

export function formatIPv4(value: number): string {
	return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** Parses IPv6 text (with `::` compression and an optional trailing dotted quad); no zone ids. */
export function parseIPv6(text: string): bigint | null {
	if (text.length < 2 || text.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(text)) return null;
	let head = text;
	let tailWords: number[] = [];
	const lastColon = text.lastIndexOf(':');
	if (text.includes('.', lastColon)) {
		const v4 = parseIPv4(text.slice(lastColon + 1));
		if (v4 === null) return null;
		tailWords = [(v4 >>> 16) & 0xffff, v4 & 0xffff];
		head = text.slice(0, lastColon + 1);
		if (head.endsWith('::')) {
			// keep as is
		} else if (head.endsWith(':')) {
			head = head.slice(0, -1);
		}
	}
	const halves = head.split('::');
	if (halves.length > 2) return null;
	const parseWords = (part: string): number[] | null => {
		if (part === '') return [];
		const words: number[] = [];
		for (const word of part.split(':')) {
			if (!/^[0-9A-Fa-f]{1,4}$/.test(word)) return null;
			words.push(Number.parseInt(word, 16));
		}
		return words;
	};
	const left = parseWords(halves[0]!);
	if (left === null) return null;
	let words: number[];
	if (halves.length === 2) {
		const right = parseWords(halves[1]!);
		if (right === null) return null;
		const missing = 8 - left.length - right.length - tailWords.length;
		if (missing < 1) return null;
		words = [...left, ...Array.from({length: missing}, () => 0), ...right, ...tailWords];
	} else {
		words = [...left, ...tailWords];
	}
	if (words.length !== 8) return null;
	let value = 0n;
	for (const word of words) value = (value << 16n) | BigInt(word);
	return value;
}

/** RFC 5952 text: lower case, longest run of two or more zero words compressed. */
export function formatIPv6(value: bigint): string {
	const words: number[] = [];
	for (let i = 7; i >= 0; i--) words.push(Number((value >> BigInt(i * 16)) & 0xffffn));
	let bestStart = -1;
	let bestLength = 0;
	for (let i = 0; i < 8; ) {
		if (words[i] !== 0) {
			i++;
			continue;
		}
		let j = i;
		while (j < 8 && words[j] === 0) j++;
		if (j - i > bestLength) {
			bestStart = i;
			bestLength = j - i;
		}
		i = j;
	}
	const hex = words.map(word => word.toString(16));
	if (bestLength < 2) return hex.join(':');
	const left = hex.slice(0, bestStart).join(':');
	const right = hex.slice(bestStart + bestLength).join(':');
	return `${left}::${right}`;
}

export function parseIp(text: string): IpAddress | null {
	const v4 = parseIPv4(text);
	if (v4 !== null) return {family: 4, value: v4};
	const v6 = parseIPv6(text);
	if (v6 !== null) return {family: 6, value: v6};
	return null;
}

export function formatIp(address: IpAddress): string {
	return address.family === 4 ? formatIPv4(address.value) : formatIPv6(address.value);
}

/** Canonical text of an IP literal, or null when it is not one. */
export function canonicalIp(text: string): string | null {
	const address = parseIp(text);
	return address ? formatIp(address) : null;
}

export function isIp(text: string): boolean {
	return parseIp(text) !== null;
}

export function maxLength(family: Family): number {
	return family === 4 ? 32 : 128;
}

function maskV4(length: number): number {
	return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

function maskV6(length: number): bigint {
	return length === 0 ? 0n : ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - length)) - 1n);
}

/** Builds a prefix from an address and length, clearing host bits. */
export function makePrefix(address: IpAddress, length: number): Prefix | null {
	if (!Number.isInteger(length) || length < 0 || length > maxLength(address.family)) return null;
	const network: IpAddress =
		address.family === 4
			? {family: 4, value: (address.value & maskV4(length)) >>> 0}
			: {family: 6, value: address.value & maskV6(length)};
	const text = formatIp(network);
	return {family: address.family, address: text, length, cidr: `${text}/${length}`};
}

/**
 * Parses `A/L`, or a bare address (a host prefix: /32 or /128), or `default` when `family` is given.
 * Host bits set in `A` are cleared (the kernel would refuse them; `ip` never prints them).
 */
export function parsePrefix(text: string, family?: Family): Prefix | null {
	if (text === 'default') {
		if (family === 6) return makePrefix({family: 6, value: 0n}, 0);
		return family === 4 ? makePrefix({family: 4, value: 0}, 0) : null;
	}
	const slash = text.indexOf('/');
	const addressText = slash === -1 ? text : text.slice(0, slash);
	const address = parseIp(addressText);
	if (!address) return null;
	if (slash === -1) return makePrefix(address, maxLength(address.family));
	const lengthText = text.slice(slash + 1);
	if (!/^\d{1,3}$/.test(lengthText)) return null;
	return makePrefix(address, Number(lengthText));
}

/** Prefix length of a contiguous IPv4 netmask (`255.255.255.192` → 26), or null when not contiguous. */
export function maskToLength(mask: string): number | null {
	const value = parseIPv4(mask);
	if (value === null) return null;
	let length = 0;
	let seenZero = false;
	for (let bit = 31; bit >= 0; bit--) {
		const set = ((value >>> bit) & 1) === 1;
		if (set && seenZero) return null;
		if (set) length++;
		else seenZero = true;
	}
	return length;
}

export function lengthToMask(length: number): string {
	return formatIPv4(maskV4(length));
}

/** True when `ip` lies inside `prefix` (same family only). */
export function prefixContains(prefix: Prefix, ip: IpAddress): boolean {
	if (prefix.family !== ip.family) return false;
	const network = parseIp(prefix.address);
	if (!network) return false;
	if (ip.family === 4) return ((ip.value & maskV4(prefix.length)) >>> 0) === network.value;
	return (ip.value & maskV6(prefix.length)) === network.value;
}

/** Convenience: does CIDR text contain IP text? False for anything unparsable. */
export function cidrContains(cidr: string, ipText: string): boolean {
	const prefix = parsePrefix(cidr);
	const ip = parseIp(ipText);
	return prefix !== null && ip !== null && prefixContains(prefix, ip);
}
