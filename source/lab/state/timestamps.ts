/**
 * API timestamps. metav1.Time is RFC 3339 in whole seconds (as the apiserver writes it); metav1.MicroTime
 * must carry exactly six fractional digits or kubectl fails to parse it (`…00.000000Z`).
 */

export function apiTime(ms: number): string {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function microTime(ms: number): string {
	const iso = new Date(Math.floor(ms)).toISOString();
	return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000Z`;
}
