/**
 * `npm run bench:full-table`: a node with a full BGP table (1,000,000 IPv4 routes, /8 to /24, as
 * `route -n` prints them). Times one run of each step (a table this size is too slow to repeat seven times on a
 * small machine): parse, prepare, lookups, and `analyze --routes - --json` end to end through the command, with
 * the process's peak resident memory. Speed is measured here only, never asserted in tests (the 150k-route
 * correctness test is in test/commands/analyze.test.ts).
 */
import {performance} from 'node:perf_hooks';
import {PassThrough, Writable} from 'node:stream';
import {command} from '../../source/commands/analyze.js';
import {buildClusterIndex} from '../../source/net/cluster-index.js';
import {formatIPv4} from '../../source/net/ip.js';
import {parseRouteN} from '../../source/net/parse-route-n.js';
import {judgeAll, prepareNetwork} from '../../source/net/reachability.js';
import {generatedRouteN} from '../net/helpers/generated-route-n.js';
import {random} from './helpers/random.js';

const ROUTES = 1_000_000;
const IPS = 150_000;

const text = generatedRouteN({count: ROUTES, seed: 1_000_003, minLength: 8, maxLength: 24, via: () => ({gateway: '172.20.0.1', iface: 'eth0', metric: 0})});
const fraction = random(1_000_003);
const next = (): number => Math.floor(fraction() * 4_294_967_296);
const ips = Array.from({length: IPS}, () => formatIPv4(next()));

function time<T>(run: () => T): {readonly ms: number; readonly result: T} {
	const start = performance.now();
	const result = run();
	return {ms: performance.now() - start, result};
}

const fmt = (value: number, digits = 1): string => value.toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: digits});
const megabytes = Buffer.byteLength(text) / 1e6;

const parsed = time(() => parseRouteN(text));
const prepared = time(() => prepareNetwork({node: null, routes: parsed.result.routes, interfaces: []}));
const judged = time(() => judgeAll(prepared.result, buildClusterIndex([], []), ips));

const stdin = new PassThrough();
stdin.end(text);
let outputBytes = 0;
const stdout = new Writable({
	write(chunk: Buffer | string, _encoding, done) {
		outputBytes += chunk.length;
		done();
	},
});
const start = performance.now();
const code = await command.run({argv: ['--routes', '-', '--ip', '8.8.8.8', '--json'], stdin, stdout, stderr: stdout, env: {}});
const endToEnd = performance.now() - start;

const lines: ReadonlyArray<readonly [string, string, string]> = [
	[`parseRouteN (${fmt(megabytes, 0)} MB, ${ROUTES.toLocaleString('en-US')} routes)`, `${fmt(parsed.ms / 1000, 2)} s`, `${fmt(megabytes / (parsed.ms / 1000))} MB/s, ${parsed.result.warnings.length} warnings`],
	['prepareNetwork (route table and facts)', `${fmt(prepared.ms / 1000, 2)} s`, `${prepared.result.table.size} routes in lookups`],
	[`judgeAll (${IPS.toLocaleString('en-US')} IPs)`, `${fmt(judged.ms, 0)} ms`, `${fmt((IPS / judged.ms) * 1000 / 1e6, 2)} M/s`],
	['analyze --routes - --json, end to end', `${fmt(endToEnd / 1000, 2)} s`, `exit ${code}, ${fmt(outputBytes / 1e6)} MB of JSON`],
	['peak resident memory of this process', `${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB`, ''],
];
const widths = [0, 1].map(column => Math.max(...lines.map(entry => entry[column]!.length)));
console.log(`netinspect bench, full BGP table: one run of each step, node ${process.version}`);
console.log('');
for (const [what, value, note] of lines) console.log(`  ${what.padEnd(widths[0]!)}  ${value.padStart(widths[1]!)}  ${note}`);
