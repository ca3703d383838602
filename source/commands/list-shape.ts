/**
 * Whether a JSON document given as `--pods` / `--nodes` is what it claims: `kubectl get pods -A -o json` (a List
 * or PodList of Pods, a bare array of them, or one Pod), likewise for nodes. A wrong document (`{"items":5}`,
 * `null`, a ServiceList, nodes where pods belong) is named, never read as "no pods". Pure.
 */
import {sanitizeLine} from '../text/sanitize.js';

export type ListKind = 'Pod' | 'Node';

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function quoted(text: string): string {
	return sanitizeLine(text, 60);
}

/** What a JSON value is, in a few words (`null`, `a number`, `a ServiceList`). */
function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (isObject(value)) return typeof value['kind'] === 'string' ? `a ${quoted(value['kind'])}` : 'an object without "kind"';
	return `a ${typeof value}`;
}

/** The kind an item without `kind` (items of a typed list) looks like, from fields only that kind has. */
function lookalike(item: Readonly<Record<string, unknown>>): ListKind | null {
	const spec = isObject(item['spec']) ? item['spec'] : {};
	const status = isObject(item['status']) ? item['status'] : {};
	if ('containers' in spec || 'podIP' in status || 'podIPs' in status) return 'Pod';
	if ('nodeInfo' in status || 'addresses' in status || 'podCIDR' in spec || 'podCIDRs' in spec) return 'Node';
	return null;
}

function itemProblem(item: unknown, index: number, kind: ListKind): string | null {
	if (!isObject(item)) return `item ${index + 1} is ${describe(item)}, not a ${kind}`;
	const itemKind = item['kind'];
	if (itemKind !== undefined && itemKind !== kind) return `item ${index + 1} is ${describe(item)}, not a ${kind}`;
	if (itemKind === undefined) {
		const looks = lookalike(item);
		if (looks !== null && looks !== kind) return `item ${index + 1} looks like a ${looks}, not a ${kind}`;
	}
	if (!isObject(item['metadata'])) return `item ${index + 1} has no metadata`;
	return null;
}

function itemsProblem(items: readonly unknown[], kind: ListKind): string | null {
	for (let index = 0; index < items.length; index++) {
		const problem = itemProblem(items[index], index, kind);
		if (problem !== null) return problem;
	}
	return null;
}

/** Null when `document` holds `kind`s as kubectl prints them; else what it is instead, in a few words. */
export function listShapeProblem(document: unknown, kind: ListKind): string | null {
	if (Array.isArray(document)) return itemsProblem(document, kind);
	if (!isObject(document)) return `got ${describe(document)}`;
	const documentKind = document['kind'];
	if (documentKind === kind) return itemProblem(document, 0, kind);
	if (documentKind !== undefined && documentKind !== 'List' && documentKind !== `${kind}List`) return `got ${describe(document)}`;
	const items = document['items'];
	if (items === undefined && documentKind === undefined && isObject(document['metadata'])) return itemProblem(document, 0, kind);
	if (items === undefined) return documentKind === undefined ? `got ${describe(document)}` : `the ${quoted(String(documentKind))} has no "items"`;
	if (!Array.isArray(items)) return `"items" is ${describe(items)}, not an array`;
	return itemsProblem(items, kind);
}
