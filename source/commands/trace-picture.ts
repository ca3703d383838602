/**
 * A trace as a picture for the terminal: the pods and nodes as boxes, one under the other, the links between
 * them labelled with the device (`tunl0 ipip mtu 1480 → 172.20.0.4`), the rule and route that decided each
 * hop inside its node's box, problems marked `✗` where they arise; forward, then reverse. Every line fits
 * `width`; every text from the cluster or a capture is sanitized. Plain text (no escapes) unless `color`.
 */
import {sanitizeText} from '../text/sanitize.js';
import type {Endpoint, Hop, Path, Trace} from '../net/trace-types.js';

export type PictureOptions = {
	readonly width: number;
	readonly color: boolean;
	/** The tunnel or link kind of a device on a node (`ipip`, `vxlan`), for link labels; null when unknown. */
	readonly deviceKind?: (node: string, device: string) => string | null;
};

const minWidth = 24;

function cut(text: string, width: number): string {
	const safe = sanitizeText(text);
	return safe.length <= width ? safe : `${safe.slice(0, Math.max(0, width - 1))}…`;
}

type Painter = {readonly bad: (text: string) => string; readonly good: (text: string) => string; readonly dim: (text: string) => string};

function painter(color: boolean): Painter {
	const wrap = (code: string) => (text: string) => (color ? `\u001B[${code}m${text}\u001B[0m` : text);
	return {bad: wrap('31'), good: wrap('32'), dim: wrap('2')};
}

/** Column of the vertical link between boxes (every box starts at column 0). */
const linkColumn = 3;

/**
 * A box around lines (each already cut to fit), `bad` ones painted as problems; `joinAbove` / `joinBelow`
 * put the link's junction into the top / bottom edge.
 */
function box(
	lines: ReadonlyArray<{readonly text: string; readonly bad?: boolean}>,
	width: number,
	paint: Painter,
	joinAbove: boolean,
	joinBelow: boolean,
): string[] {
	const inner = Math.min(width - 4, Math.max(...lines.map(line => line.text.length), 10));
	const edge = (left: string, right: string, join: string | null) => {
		const bar = '─'.repeat(inner + 2);
		const at = linkColumn - 1;
		return `${left}${join === null ? bar : `${bar.slice(0, at)}${join}${bar.slice(at + 1)}`}${right}`;
	};
	return [
		edge('┌', '┐', joinAbove ? '┴' : null),
		...lines.map(line => {
			const text = line.text.padEnd(inner);
			return `│ ${line.bad ? paint.bad(text) : text} │`;
		}),
		edge('└', '┘', joinBelow ? '┬' : null),
	];
}

function link(label: string, width: number, bad: boolean, paint: Painter): string[] {
	const pad = ' '.repeat(linkColumn);
	const text = cut(label, Math.max(1, width - linkColumn - 2));
	return [`${pad}│ ${bad ? paint.bad(text) : text}`];
}

function endpointLines(role: string, endpoint: Endpoint, inner: number): string[] {
	if (endpoint.pod) {
		return [cut(`${role} pod ${endpoint.pod.namespace}/${endpoint.pod.name}`, inner), cut(`${endpoint.ip} on ${endpoint.pod.node ?? '?'}`, inner)];
	}
	if (endpoint.node) return [cut(`${role} node ${endpoint.node}`, inner), cut(endpoint.ip, inner)];
	return [cut(`${role} ${endpoint.ip}`, inner), 'outside the cluster'];
}

/** The route as `ip route` would print the deciding entry (`192.168.21.128/26 via 172.20.0.4 dev tunl0`). */
export function routeText(hop: Hop): string {
	if (hop.outcome === 'not-captured') return 'no tables captured for this node';
	if (hop.route === null) {
		if (hop.outcome === 'local-address') return `local address${hop.out ? ` on ${hop.out}` : ''}`;
		return hop.outcome === 'no-route' ? 'no route' : hop.outcome;
	}
	const kind = ['blackhole', 'unreachable', 'prohibit'].includes(hop.outcome) ? `${hop.outcome} ` : '';
	const via = hop.gateway ? ` via ${hop.gateway}` : '';
	const dev = hop.out ? ` dev ${hop.out}` : '';
	const table = hop.table && hop.table !== 'main' ? ` table ${hop.table}` : '';
	return `${kind}${hop.route}${via}${dev}${table}`;
}

function linkLabel(hop: Hop, options: PictureOptions): string {
	const parts = [hop.out ?? '?'];
	const kind = hop.node && hop.out ? (options.deviceKind?.(hop.node, hop.out) ?? null) : null;
	if (kind) parts.push(kind);
	if (hop.mtu !== null) parts.push(`mtu ${hop.mtu}`);
	const toward = hop.gateway ?? null;
	if (toward) parts.push(`→ ${toward}`);
	if (hop.nextHopNode && hop.nextHopNode !== toward) parts.push(`(${hop.nextHopNode})`);
	return parts.join(' ');
}

function pathPicture(title: string, from: Endpoint, to: Endpoint, path: Path, options: PictureOptions, paint: Painter): string[] {
	const width = Math.max(minWidth, options.width);
	const inner = width - 4;
	const verdict = path.delivered ? paint.good('delivered') : paint.bad(cut(`not delivered${path.problems.length > 0 ? `: ${path.problems.join(', ')}` : ''}`, width));
	const lines: string[] = [cut(title, width), verdict, ''];
	const blocks: string[][] = [];
	const first = path.hops[0];
	blocks.push(box(endpointLines('from', from, inner).map(text => ({text})), width, paint, false, first !== undefined));
	if (first) blocks.push(link(first.in ?? (from.pod ? '?' : 'sent by the node'), width, false, paint));
	const last = path.hops.at(-1);
	const reachesPod = path.delivered && last !== undefined && last.outcome !== 'local-address';
	for (const [index, hop] of path.hops.entries()) {
		const content: Array<{text: string; bad?: boolean}> = [{text: cut(`node ${hop.node ?? '?'}${hop.in ? `  (in ${hop.in})` : ''}`, inner)}];
		if (hop.rule) content.push({text: cut(`rule ${hop.rule}`, inner)});
		content.push({text: cut(routeText(hop), inner), bad: ['blackhole', 'unreachable', 'prohibit', 'no-route', 'not-captured'].includes(hop.outcome)});
		for (const problem of hop.problems) content.push({text: cut(`✗ ${problem}`, inner), bad: true});
		const final = index === path.hops.length - 1;
		const below = !final || reachesPod;
		blocks.push(box(content, width, paint, true, below));
		if (below) blocks.push(link(linkLabel(hop, options), width, false, paint));
	}
	lines.push(...blocks.flat());
	if (reachesPod) lines.push(...box(endpointLines('to', to, inner).map(text => ({text})), width, paint, true, false));
	else if (!path.delivered) lines.push(paint.bad(cut(`✗ stops here: ${to.pod ? `pod ${to.pod.namespace}/${to.pod.name}` : to.ip} not reached`, width)));
	return lines;
}

/** The whole picture: forward, then reverse, then the path MTU and every problem. */
export function tracePicture(result: Trace, options: PictureOptions): string {
	const paint = painter(options.color);
	const width = Math.max(minWidth, options.width);
	const name = (endpoint: Endpoint) => (endpoint.pod ? `${endpoint.pod.namespace}/${endpoint.pod.name}` : endpoint.node ? `node/${endpoint.node}` : endpoint.ip);
	const lines = [
		...pathPicture(`forward: ${name(result.source)} → ${name(result.destination)}`, result.source, result.destination, result.forward, options, paint),
		'',
		...pathPicture(`reverse: ${name(result.destination)} → ${name(result.source)}`, result.destination, result.source, result.reverse, options, paint),
		'',
		cut(`path MTU: ${result.pathMtu ?? 'unknown'}`, width),
		result.problems.length === 0 ? paint.good('problems: none') : paint.bad(cut(`problems: ${result.problems.join(', ')}`, width)),
	];
	return `${lines.join('\n')}\n`;
}
