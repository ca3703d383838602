import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {mainHelp} from '../source/main.js';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
	name: string;
	bin: Record<string, string>;
};

describe('netinspect --help', () => {
	it('suggests only npx commands that run this package, never another package named netinspect (issue 8 item 15)', () => {
		const help = mainHelp();
		const npx = help.split('\n').filter(line => /\bnpx\b/.test(line));
		expect(npx.length).toBeGreaterThan(0);
		for (const line of npx) {
			// `npx NAME` fetches the package NAME: it must be ours, and the command one of its bins.
			const match = /npx --package (\S+) (\S+)/.exec(line);
			expect(match, line).not.toBeNull();
			expect(match![1]).toBe(packageJson.name);
			expect(Object.keys(packageJson.bin)).toContain(match![2]);
		}
	});
});
