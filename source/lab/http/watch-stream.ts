/**
 * One watch: chunked JSON lines, flushed per event. Initial ADDED for rv unset/""/"0", replay from the
 * history for a known rv, one ERROR 410 event and the end for an expired (or too new) rv. Selector
 * transitions follow the apiserver's cache_watcher (ADDED on entering, DELETED on leaving). Bookmarks
 * when asked; `timeoutSeconds` ends the stream; nothing else does, except the client or a fault.
 */
import type {ServerResponse} from 'node:http';
import type {KubeObject, LabCluster, ResourceKind, StoreEvent} from '../cluster-types.js';
import {resourceKinds} from './discovery.js';
import {matchesSelector, type Selector} from './selectors.js';
import {expired, statusBody} from './status.js';
import {listStored, selectStored} from './stored-list.js';
import {toTable} from './tables.js';
import {parseStored} from '../stored-object.js';

export type WatchOptions = {
	readonly resource: ResourceKind;
	readonly namespace: string | null;
	readonly selector: Selector;
	/** null: the parameter was absent. */
	readonly resourceVersion: string | null;
	readonly allowBookmarks: boolean;
	readonly timeoutSeconds: number | null;
	readonly table: boolean;
	readonly bookmarkIntervalMs: number;
	readonly now: () => number;
};

type Line = {readonly type: string; readonly object: unknown};

function withResourceVersion(object: KubeObject, resourceVersion: number): KubeObject {
	return {...object, metadata: {...object.metadata, resourceVersion: String(resourceVersion)}};
}

/** What one store event becomes for a watcher with this scope and selector, or null. */
export function translateEvent(
	event: StoreEvent,
	scope: {readonly resource: ResourceKind; readonly namespace: string | null; readonly selector: Selector},
): {readonly type: 'ADDED' | 'MODIFIED' | 'DELETED'; readonly object: KubeObject; readonly json?: string} | null {
	if (event.resource !== scope.resource) return null;
	const text = event.json === undefined ? {} : {json: event.json};
	const inScope = (object: KubeObject | null): object is KubeObject =>
		object !== null &&
		(scope.namespace === null || object.metadata.namespace === scope.namespace) &&
		matchesSelector(object, scope.selector);
	if (event.type === 'DELETED') {
		return inScope(event.object) || inScope(event.previous) ? {type: 'DELETED', object: event.object, ...text} : null;
	}
	const now = inScope(event.object);
	const before = inScope(event.previous);
	if (now && before) return {type: 'MODIFIED', object: event.object, ...text};
	if (now) return {type: 'ADDED', object: event.object, ...text};
	if (before && event.previous) return {type: 'DELETED', object: withResourceVersion(event.previous, event.resourceVersion)};
	return null;
}

export type OpenWatch = {readonly cut: () => void; readonly end: () => void};

export function serveWatch(
	response: ServerResponse,
	cluster: LabCluster,
	options: WatchOptions,
	registry: Set<OpenWatch>,
): void {
	response.writeHead(200, {
		'Content-Type': 'application/json',
		'Transfer-Encoding': 'chunked',
		'Cache-Control': 'no-cache, private',
	});
	response.flushHeaders();
	response.socket?.setNoDelay(true);

	const {kind, apiVersion} = resourceKinds[options.resource];
	let first = true;
	const write = (line: Line) => {
		response.write(`${JSON.stringify(line)}\n`);
	};
	/** What write() sends for the object whose JSON text this is. */
	const writeText = (type: string, json: string) => {
		response.write(`{"type":"${type}","object":${json}}\n`);
	};
	/** `json`: the object's JSON text when the cluster has it. */
	const writeObject = (type: string, object: KubeObject, json?: string) => {
		if (options.table) {
			write({type, object: toTable(options.resource, [object], object.metadata.resourceVersion, options.now(), first)});
			first = false;
		} else if (json === undefined) {
			write({type, object});
		} else {
			writeText(type, json);
		}
	};

	const scope = {resource: options.resource, namespace: options.namespace, selector: options.selector};
	const requested = options.resourceVersion;
	if (requested === null || requested === '' || requested === '0') {
		const listed = listStored(cluster, options.resource, options.namespace);
		for (const stored of selectStored(listed.items, options.selector)) {
			if (options.table) writeObject('ADDED', parseStored(stored));
			else writeText('ADDED', stored.json);
		}
	} else {
		const since = Number(requested);
		const history = Number.isSafeInteger(since) && since >= 0 ? cluster.eventsSince(since) : 'expired';
		if (history === 'expired') {
			write({type: 'ERROR', object: statusBody(expired(requested, cluster.currentResourceVersion()))});
			response.end();
			return;
		}
		for (const event of history) {
			const translated = translateEvent(event, scope);
			if (translated) writeObject(translated.type, translated.object, translated.json);
		}
	}

	const unsubscribe = cluster.subscribe(event => {
		// Never let one watcher's trouble reach the cluster's other listeners.
		try {
			const translated = translateEvent(event, scope);
			if (translated) writeObject(translated.type, translated.object, translated.json);
		} catch {
			response.destroy();
		}
	});
	const timers: NodeJS.Timeout[] = [];
	if (options.allowBookmarks && !options.table) {
		timers.push(
			setInterval(() => {
				write({
					type: 'BOOKMARK',
					object: {kind, apiVersion, metadata: {resourceVersion: String(cluster.currentResourceVersion())}},
				});
			}, options.bookmarkIntervalMs),
		);
	}
	const finish = () => {
		unsubscribe();
		for (const timer of timers) clearTimeout(timer);
		registry.delete(entry);
	};
	const entry: OpenWatch = {
		cut: () => response.destroy(),
		end: () => {
			finish();
			response.end();
		},
	};
	registry.add(entry);
	if (options.timeoutSeconds !== null && options.timeoutSeconds > 0) {
		timers.push(setTimeout(() => {
			finish();
			response.end();
		}, options.timeoutSeconds * 1000));
	}
	response.on('close', finish);
}
