/** The inspector's heap growth limit: the flag, the user's own choice kept, and its effect on a storm-like heap. */
import {spawnSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {heapGrowingPercent, heapGrowthFlag} from '../../source/commands/heap-growth.js';

/**
 * A child that keeps ~120 MB live and replaces part of it while dropping a 1.2 MB array per round (what a
 * pod storm does to the inspector), with limitHeapGrowth() or not; prints its highest heapUsed in MB.
 */
function peakHeapMb(limit: boolean): number {
	const script = `
		${limit ? "const {limitHeapGrowth} = await import('./source/commands/heap-growth.ts'); limitHeapGrowth();" : ''}
		const live = [];
		for (let i = 0; i < 600000; i++) live.push({a: i, b: 'x' + i, c: [i]});
		let list = new Array(150000).fill(0);
		let peak = 0;
		for (let round = 0; round < 400; round++) {
			list = list.slice();
			for (let i = 0; i < 2000; i++) live[(i * 7919 + round * 104729) % live.length] = {a: i, b: 'y' + i, c: [i]};
			peak = Math.max(peak, process.memoryUsage().heapUsed);
		}
		process.stdout.write(String(Math.round(peak / 1048576)) + '\\n');
	`;
	const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {encoding: 'utf8', env: {...process.env, NODE_OPTIONS: ''}});
	expect(result.stderr).toBe('');
	expect(result.stdout).toMatch(/^\d+\n$/);
	return Number(result.stdout.trim());
}

describe('heap growth', () => {
	it('sets V8’s heap growing factor unless the user set one (node flags or NODE_OPTIONS)', () => {
		expect(heapGrowthFlag([], undefined)).toBe(`--heap-growing-percent=${heapGrowingPercent}`);
		expect(heapGrowthFlag(['--enable-source-maps'], '--max-old-space-size=4096')).toBe(`--heap-growing-percent=${heapGrowingPercent}`);
		expect(heapGrowthFlag(['--heap-growing-percent=80'], undefined)).toBeNull();
		expect(heapGrowthFlag([], '--max-old-space-size=4096 --heap_growing_percent=50')).toBeNull();
	});

	it('set at run time, it keeps a churning heap well below what V8 lets it reach by default', {timeout: 60_000}, () => {
		const unlimited = peakHeapMb(false);
		const limited = peakHeapMb(true);
		expect(unlimited).toBeGreaterThan(0);
		expect(limited).toBeLessThan(unlimited * 0.85);
	});
});
