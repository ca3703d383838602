/**
 * The sweep's HTML report: self-contained, escaped, and, opened in a real headless Chromium, it shows the same
 * problems as the JSON. Needs chromium (skipped with a printed reason where it is missing; .ci/run installs it).
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {sweepToJson, type SweepReport} from '../../source/commands/sweep-output.js';
import {renderSweepReport, sweepMatrix} from '../../source/commands/sweep-report.js';
import {sweepCluster} from '../../source/net/sweep.js';
import {seedNodes, seedPods} from '../lab/kernel/helpers/seed-kernel.js';
import {missingToolsReason} from '../helpers/system-tools.js';
import {labNetworks, nodeTables} from '../net/helpers/lab-networks.js';

function report(removed: Readonly<Record<string, readonly string[]>>, extraNodes = 0): SweepReport {
	const tables = seedNodes.map(node => nodeTables(seedNodes, seedPods, node.name, removed[node.name] ?? []));
	const {cluster, networks} = labNetworks(seedNodes, seedPods, tables);
	const result = sweepCluster(cluster, networks);
	const nodes = [
		...seedNodes.map(node => ({name: node.name, probed: true, error: null, fix: null})),
		...Array.from({length: extraNodes}, (_, index) => ({name: `zz-unprobed-${String(index).padStart(3, '0')}`, probed: false, error: 'ImagePullBackOff <b>', fix: null})),
	];
	return {nodes, result, apiCalls: 18, seconds: 1.5, judgeMs: 3};
}

const broken = report({'networking-worker2': ['192.168.21.128/26', '192.168.175.5/32']});

describe('renderSweepReport', () => {
	it('is one page with nothing to fetch, and escapes what the cluster supplied', () => {
		const html = renderSweepReport(report({}, 1));
		expect(html).not.toMatch(/<script(?![^>]*application\/json)|<link|src=|@import|https?:\/\//);
		expect(html).toContain("default-src 'none'");
		expect(html).toContain('ImagePullBackOff &lt;b&gt;');
		expect(html).not.toContain('ImagePullBackOff <b>');
		expect(html).toContain('id="no-problems"');
	});

	it('draws a cell per node pair, grouped past 60 nodes, each cell the worst problem of its pair', () => {
		const small = sweepMatrix(broken);
		expect(small.grouped).toBe(false);
		expect(small.labels).toEqual(['networking-control-plane', 'networking-worker', 'networking-worker2', 'networking-worker3']);
		expect(small.cells[2]![3]).toEqual({worst: 'missing-route', problems: 1});
		expect(small.cells[2]![2]).toEqual({worst: 'missing-host-route', problems: 1});
		expect(small.cells[0]![0]).toEqual({worst: null, problems: 0});
		const large = sweepMatrix(report({}, 200));
		expect(large.grouped).toBe(true);
		expect(large.labels).toHaveLength(51);
		expect(large.labels[0]).toBe('networking-control-plane … networking-worker3 (4)');
		expect(large.cells.every(row => row.length === 51)).toBe(true);
	});
});

const chromiumMissing = missingToolsReason('the report in a real browser', ['chromium']);

describe.skipIf(chromiumMissing !== null)('the report in headless Chromium', () => {
	const directory = mkdtempSync(join(tmpdir(), 'ni-report-'));
	afterAll(() => rmSync(directory, {recursive: true, force: true}));

	function chromium(...args: string[]): string {
		return execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--user-data-dir=' + join(directory, 'profile'), ...args], {
			encoding: 'utf8',
			timeout: 60_000,
			stdio: ['ignore', 'pipe', 'ignore'],
		});
	}

	it('renders, and lists exactly the problems of the JSON', () => {
		const file = join(directory, 'report.html');
		writeFileSync(file, renderSweepReport(broken));
		const dom = chromium('--dump-dom', `file://${file}`);
		const rows = [...dom.matchAll(/<tr class="problem" data-kind="([^"]*)" data-node="([^"]*)" data-route="([^"]*)">/g)].map(match => [match[1], match[2], match[3]]);
		const json = sweepToJson(broken) as {problems: ReadonlyArray<{kind: string; node: string; route: string | null}>};
		expect(rows).toEqual(json.problems.map(problem => [problem.kind, problem.node, problem.route ?? '']));
		expect(rows.length).toBeGreaterThan(0);
		expect(dom).toContain('<table class="matrix" id="matrix">');
		const shot = join(directory, 'report.png');
		chromium('--window-size=1200,900', `--screenshot=${shot}`, `file://${file}`);
		expect(statSync(shot).size).toBeGreaterThan(10_000);
	}, 120_000);
});
