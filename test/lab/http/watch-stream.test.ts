import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {startLab, type RunningLab} from '../../../source/lab/index.js';
import {translateEvent} from '../../../source/lab/http/watch-stream.js';
import type {KubeObject, StoreEvent} from '../../../source/lab/cluster-types.js';
import {everything, parseSelector} from '../../../source/lab/http/selectors.js';
import {fakePod, seededFakeCluster, type FakeCluster} from './helpers/fake-cluster.js';
import {watchLines} from './helpers/lab-client.js';

let lab: RunningLab;
let cluster: FakeCluster;

beforeAll(async () => {
	cluster = seededFakeCluster();
	lab = await startLab({cluster, bookmarkIntervalMs: 50});
});
afterAll(async () => lab.stop());

const names = (lines: readonly any[]) => lines.map(line => `${line.type} ${line.object.metadata?.name ?? line.object.kind}`);

describe('watch streams', () => {
	it('sends ADDED for everything first when resourceVersion is unset, "" or "0", then live events', async () => {
		for (const rv of ['', '&resourceVersion=', '&resourceVersion=0']) {
			const result = await watchLines(lab, `/api/v1/namespaces/default/pods?watch=true${rv}`, lines => lines.length >= 2);
			expect(names(result.lines)).toEqual(['ADDED web-1', 'ADDED web-2']);
			expect(result.lines[0].object).toMatchObject({kind: 'Pod', apiVersion: 'v1'});
		}
		const live = watchLines(lab, '/api/v1/pods?watch=true&resourceVersion=0', lines => lines.length >= 4, {
			onOpen: () => cluster.put('pods', fakePod('default', 'live-1', 'lab-worker', '192.168.78.140')),
		});
		const result = await live;
		expect(names(result.lines).at(-1)).toBe('ADDED live-1');
		cluster.remove('pods', 'default', 'live-1');
	});
	it('replays history after a known resourceVersion, DELETED with the delete rv', async () => {
		const from = cluster.currentResourceVersion();
		cluster.put('pods', fakePod('default', 'replay', 'lab-worker', '192.168.78.141'));
		cluster.remove('pods', 'default', 'replay');
		const result = await watchLines(lab, `/api/v1/pods?watch=true&resourceVersion=${from}`, lines => lines.length >= 2);
		expect(names(result.lines)).toEqual(['ADDED replay', 'DELETED replay']);
		expect(result.lines[1].object.metadata.resourceVersion).toBe(String(from + 2));
		expect(result.lines[1].object.kind).toBe('Pod');
	});
	it('answers an expired or too-new resourceVersion with one ERROR 410 event, then ends', async () => {
		for (const rv of ['3', String(cluster.currentResourceVersion() + 50), 'abc']) {
			const result = await watchLines(lab, `/api/v1/pods?watch=true&resourceVersion=${rv}`, () => false);
			expect(result.ended).toBe('end');
			expect(result.lines).toHaveLength(1);
			expect(result.lines[0]).toMatchObject({type: 'ERROR', object: {kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410}});
			expect(result.lines[0].object.message).toMatch(new RegExp(`^too old resource version: ${rv} \\(\\d+\\)$`));
		}
	});
	it('applies selector transitions: entering is ADDED, leaving is DELETED with the old content', async () => {
		const from = cluster.currentResourceVersion();
		cluster.put('pods', fakePod('default', 'mover', 'lab-worker', '192.168.78.150', {app: 'db'}));
		cluster.put('pods', fakePod('default', 'mover', 'lab-worker', '192.168.78.150', {app: 'web'}));
		cluster.put('pods', fakePod('default', 'mover', 'lab-worker', '192.168.78.151', {app: 'web'}));
		cluster.put('pods', fakePod('default', 'mover', 'lab-worker', '192.168.78.151', {app: 'db'}));
		const result = await watchLines(lab, `/api/v1/pods?watch=true&labelSelector=app%3Dweb&resourceVersion=${from}`, lines => lines.length >= 3);
		expect(names(result.lines)).toEqual(['ADDED mover', 'MODIFIED mover', 'DELETED mover']);
		expect(result.lines[2].object.metadata.labels).toEqual({app: 'web'});
		expect(result.lines[2].object.metadata.resourceVersion).toBe(String(from + 4));
		cluster.remove('pods', 'default', 'mover');
	});
	it('sends BOOKMARKs only when allowed, with the kind and only the resourceVersion', async () => {
		const result = await watchLines(lab, '/api/v1/nodes?watch=true&allowWatchBookmarks=true&resourceVersion=0', lines => lines.some(line => line.type === 'BOOKMARK'));
		const bookmark = result.lines.find(line => line.type === 'BOOKMARK');
		expect(bookmark.object).toEqual({kind: 'Node', apiVersion: 'v1', metadata: {resourceVersion: String(cluster.currentResourceVersion())}});
	});
	it('ends the stream when timeoutSeconds passes, and the subscription goes with it', async () => {
		const result = await watchLines(lab, '/api/v1/nodes?watch=true&timeoutSeconds=1', () => false);
		expect(result.ended).toBe('end');
		expect(names(result.lines)).toEqual(['ADDED lab-control-plane', 'ADDED lab-worker']);
		// Every earlier watch was closed by its client: no subscription may outlive its stream.
		await vi.waitFor(() => expect(cluster.listenerCount()).toBe(0));
	});
	it('serves Table watches for kubectl get -w', async () => {
		const result = await watchLines(lab, '/api/v1/namespaces/default/pods?watch=true', lines => lines.length >= 2, {
			headers: {Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json'},
		});
		expect(result.lines[0].object.kind).toBe('Table');
		expect(result.lines[0].object.rows[0].cells.slice(0, 3)).toEqual(['web-1', '1/1', 'Running']);
		expect(result.lines[0].object.columnDefinitions.length).toBeGreaterThan(0);
	});
	it('endWatches ends open streams cleanly, as an apiserver watch timeout does', async () => {
		const result = await watchLines(lab, '/api/v1/pods?watch=true', () => false, {onOpen: () => setImmediate(() => lab.faults.endWatches())});
		expect(result.ended).toBe('end');
	});
	it('cutWatches ends open streams abruptly', async () => {
		const result = await watchLines(lab, '/api/v1/pods?watch=true', () => false, {onOpen: () => setImmediate(() => lab.faults.cutWatches())});
		expect(result.ended).toBe('error');
	});
});

describe('translateEvent', () => {
	const object = (labels: Record<string, string>, namespace = 'default') =>
		({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p', namespace, uid: 'u', resourceVersion: '9', creationTimestamp: '', labels}}) as KubeObject;
	const event = (type: StoreEvent['type'], now: KubeObject, previous: KubeObject | null): StoreEvent => ({type, resource: 'pods', object: now, previous, resourceVersion: 10});
	it('ignores other resources and namespaces', () => {
		expect(translateEvent(event('ADDED', object({}), null), {resource: 'nodes', namespace: null, selector: everything})).toBeNull();
		expect(translateEvent(event('ADDED', object({}, 'other'), null), {resource: 'pods', namespace: 'default', selector: everything})).toBeNull();
	});
	it('passes DELETED through when the last state matched', () => {
		expect(translateEvent(event('DELETED', object({}), object({})), {resource: 'pods', namespace: null, selector: everything})?.type).toBe('DELETED');
	});
	it("hands on the event's JSON text only with the event's own object, not with a previous state leaving the selection", () => {
		const selector = parseSelector(null, 'app=web');
		if (!selector.ok) throw new Error(selector.message);
		const scope = {resource: 'pods', namespace: null, selector: selector.value} as const;
		const withText = (type: StoreEvent['type'], now: KubeObject, previous: KubeObject | null) => ({...event(type, now, previous), json: JSON.stringify(now)});
		const web = object({app: 'web'});
		const db = object({app: 'db'});
		expect(translateEvent(withText('MODIFIED', web, web), scope)).toEqual({type: 'MODIFIED', object: web, json: JSON.stringify(web)});
		expect(translateEvent(withText('MODIFIED', web, db), scope)).toEqual({type: 'ADDED', object: web, json: JSON.stringify(web)});
		expect(translateEvent(withText('DELETED', web, web), scope)).toEqual({type: 'DELETED', object: web, json: JSON.stringify(web)});
		const leaving = translateEvent(withText('MODIFIED', db, web), scope);
		expect(leaving?.type).toBe('DELETED');
		expect(leaving).not.toHaveProperty('json');
		expect(leaving?.object.metadata.labels).toEqual({app: 'web'});
		expect(translateEvent(event('ADDED', web, null), scope)).toEqual({type: 'ADDED', object: web});
	});
});
