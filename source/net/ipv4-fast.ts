/**
 * A hand-rolled IPv4 reader for hot loops (route lookups of 150,000 IPs): the same strict rules as
 * ip.ts `parseIPv4` (four decimal parts of 1-3 digits, no leading zeros, each <= 255), without a regex or
 * allocations. `parseIpFast` falls back to `parseIp` for everything else (IPv6, invalid text). Pure.
 */
import {parseIp, type IpAddress} from './ip.js';

/** The uint32 value of strict dotted-quad text, or -1. */
export function parseIPv4Fast(text: string): number {
	const length = text.length;
	if (length < 7 || length > 15) return -1;
	let value = 0;
	let part = 0;
	let digits = 0;
	let parts = 0;
	let leadingZero = false;
	for (let i = 0; i <= length; i++) {
		const code = i === length ? 46 : text.charCodeAt(i);
		if (code === 46) {
			if (digits === 0 || parts === 4) return -1;
			value = value * 256 + part;
			parts++;
			part = 0;
			digits = 0;
			leadingZero = false;
			continue;
		}
		const digit = code - 48;
		if (digit < 0 || digit > 9 || leadingZero || digits === 3) return -1;
		if (digits === 0 && digit === 0) leadingZero = true;
		part = part * 10 + digit;
		if (part > 255) return -1;
		digits++;
	}
	return parts === 4 ? value : -1;
}

/** parseIp, with the IPv4 case read without a regex. */
export function parseIpFast(text: string): IpAddress | null {
	const v4 = parseIPv4Fast(text);
	return v4 >= 0 ? {family: 4, value: v4} : parseIp(text);
}
