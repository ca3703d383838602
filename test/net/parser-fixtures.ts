/** Reads the parser fixtures in test/fixtures/parsers/ (real captures and the seed's tables). */
import {readFileSync} from 'node:fs';

export function fixture(name: string): string {
	return readFileSync(new URL(`../fixtures/parsers/${name}`, import.meta.url), 'utf8');
}
