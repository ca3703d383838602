/**
 * LIST in pages, as the apiserver does for `limit` + `continue` (kubectl asks for 500 at a time): the first
 * request takes one consistent snapshot of the (filtered, sorted) list, later pages are slices of it, so a
 * paged list is one point in time and the watch resumes from its resourceVersion. A continue token that is
 * unknown or older than `ttlMs` answers 410 Expired, as etcd's compaction makes the apiserver do.
 */
import {randomBytes} from 'node:crypto';
import type {StatusError} from '../cluster-types.js';

export type Page<T> = {
	readonly items: readonly T[];
	readonly resourceVersion: number;
	/** Token for the next page, or null on the last one. */
	readonly continue: string | null;
	/** Items after this page (metadata.remainingItemCount), or null on the last one. */
	readonly remaining: number | null;
};

type Snapshot<T> = {readonly items: readonly T[]; readonly resourceVersion: number; readonly takenAt: number};

export type ListPager<T> = {
	/** `list` is only called for a first page (no continue token). */
	readonly page: (
		request: {readonly limit: number | null; readonly continueToken: string | null},
		list: () => {readonly items: readonly T[]; readonly resourceVersion: number},
	) => {readonly ok: true; readonly page: Page<T>} | {readonly ok: false; readonly error: StatusError};
};

const tooOld: StatusError = {
	code: 410,
	reason: 'Expired',
	message:
		'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
};

export function createListPager<T>(options: {readonly now: () => number; readonly ttlMs?: number; readonly maxSnapshots?: number}): ListPager<T> {
	const ttlMs = options.ttlMs ?? 5 * 60_000;
	const maxSnapshots = options.maxSnapshots ?? 16;
	const snapshots = new Map<string, Snapshot<T>>();

	const forgetOld = () => {
		for (const [id, snapshot] of snapshots) {
			if (options.now() - snapshot.takenAt > ttlMs || snapshots.size > maxSnapshots) snapshots.delete(id);
		}
	};

	const slice = (id: string, snapshot: Snapshot<T>, from: number, limit: number): Page<T> => {
		const end = Math.min(snapshot.items.length, from + limit);
		const more = end < snapshot.items.length;
		if (!more) snapshots.delete(id);
		return {
			items: snapshot.items.slice(from, end),
			resourceVersion: snapshot.resourceVersion,
			continue: more ? Buffer.from(`${id}:${end}`).toString('base64url') : null,
			remaining: more ? snapshot.items.length - end : null,
		};
	};

	return {
		page({limit, continueToken}, list) {
			forgetOld();
			const size = limit !== null && Number.isSafeInteger(limit) && limit > 0 ? limit : null;
			if (continueToken !== null && continueToken !== '') {
				const [id = '', offset = ''] = Buffer.from(continueToken, 'base64url').toString('utf8').split(':');
				const snapshot = snapshots.get(id);
				const from = Number(offset);
				if (!snapshot || !Number.isSafeInteger(from) || from < 0) return {ok: false, error: tooOld};
				return {ok: true, page: slice(id, snapshot, from, size ?? snapshot.items.length)};
			}
			const listed = list();
			if (size === null || listed.items.length <= size) {
				return {ok: true, page: {items: listed.items, resourceVersion: listed.resourceVersion, continue: null, remaining: null}};
			}
			const id = randomBytes(9).toString('base64url');
			const snapshot = {items: listed.items, resourceVersion: listed.resourceVersion, takenAt: options.now()};
			snapshots.set(id, snapshot);
			return {ok: true, page: slice(id, snapshot, 0, size)};
		},
	};
}
