/** printf-style padding for the fixed-width tables of net-tools and BusyBox. Pure. */

/** `%-Ns`: left-aligned, padded to `width`, never cut. */
export function left(text: string | number, width: number): string {
	return String(text).padEnd(width, ' ');
}

/** `%Nd`: right-aligned, padded to `width`, never cut. */
export function right(text: string | number, width: number): string {
	return String(text).padStart(width, ' ');
}

/** Joins lines, each ended by a newline (also the last one). */
export function lines(rows: readonly string[]): string {
	return rows.map(row => `${row}\n`).join('');
}
