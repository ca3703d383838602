/**
 * A one-shot LIST in pages of `limit` (with `continue`, as kubectl does), each item handed to `onItem` as its
 * page arrives, so a 150,000-pod list is never held whole, nor turned into client-node's class instances.
 * Every page has its own timeout. For commands that read the cluster once (sweep); the inspector's store
 * pages the same way inside its reflector, which also watches.
 */
import type {ApiClient} from './api-client.js';
import {list, record} from './json-fields.js';

export function withQuery(path: string, query: Readonly<Record<string, string | undefined>>): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, value);
	const text = params.toString();
	return text ? `${path}?${text}` : path;
}

export type ListPagesOptions = {
	readonly query?: Readonly<Record<string, string | undefined>>;
	readonly pageSize?: number;
	readonly timeoutMs: number;
	readonly signal?: AbortSignal;
	/** Called once per request made (for counting API calls). */
	readonly onRequest?: () => void;
};

/** Lists every item of `path`, page by page; resolves with how many items there were. */
export async function listPages(api: ApiClient, path: string, onItem: (item: unknown) => void, options: ListPagesOptions): Promise<number> {
	let token: string | undefined;
	let count = 0;
	do {
		options.onRequest?.();
		// eslint-disable-next-line no-await-in-loop
		const page = record(
			await api.getJson(withQuery(path, {...options.query, limit: String(options.pageSize ?? 500), continue: token}), {
				timeoutMs: options.timeoutMs,
				...(options.signal ? {signal: options.signal} : {}),
			}),
		);
		for (const item of list(page['items'])) {
			onItem(item);
			count++;
		}
		const next = record(page['metadata'])['continue'];
		token = typeof next === 'string' && next !== '' ? next : undefined;
	} while (token !== undefined);
	return count;
}
