import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startLab, type RunningLab} from '../../../source/lab/index.js';
import {seededFakeCluster, type FakeCluster} from './helpers/fake-cluster.js';
import {call} from './helpers/lab-client.js';

const tableAccept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
let lab: RunningLab;
let cluster: FakeCluster;

beforeAll(async () => {
	cluster = seededFakeCluster();
	lab = await startLab({cluster});
});
afterAll(async () => lab.stop());

describe('auth and discovery', () => {
	it('answers 401 Status without the bearer token, /version without one', async () => {
		const response = await call(lab, '/api/v1/nodes', {token: null});
		expect(response.status).toBe(401);
		expect(response.json()).toMatchObject({kind: 'Status', reason: 'Unauthorized', code: 401});
		expect((await call(lab, '/api/v1/nodes', {token: 'wrong'})).status).toBe(401);
		const version = await call(lab, '/version?timeout=5s', {token: null});
		expect(version.json()).toMatchObject({major: '1', minor: '32'});
		expect(version.headers['content-type']).toBe('application/json');
	});
	it('serves legacy discovery with short names and every listed group', async () => {
		expect((await call(lab, '/api')).json()).toMatchObject({kind: 'APIVersions', versions: ['v1']});
		const v1 = (await call(lab, '/api/v1')).json();
		const byName = Object.fromEntries(v1.resources.map((item: {name: string}) => [item.name, item]));
		expect(byName.nodes).toMatchObject({namespaced: false, shortNames: ['no']});
		expect(byName.pods).toMatchObject({namespaced: true, shortNames: ['po'], categories: ['all']});
		expect(byName.namespaces.shortNames).toEqual(['ns']);
		expect(byName.events.shortNames).toEqual(['ev']);
		expect(Object.keys(byName)).toEqual(expect.arrayContaining(['pods/exec', 'pods/attach', 'pods/log']));
		const groups = (await call(lab, '/apis')).json().groups as {name: string; versions: {groupVersion: string}[]}[];
		for (const group of groups) {
			const list = await call(lab, `/apis/${group.versions[0]?.groupVersion ?? ''}`);
			expect(list.status).toBe(200);
			expect(list.json().kind).toBe('APIResourceList');
		}
		expect(groups.map(group => group.name)).toEqual(['coordination.k8s.io', 'authorization.k8s.io']);
	});
});

describe('lists and gets', () => {
	it('lists JSON with the current resourceVersion and kinds', async () => {
		const list = (await call(lab, '/api/v1/pods?limit=500')).json();
		expect(list.kind).toBe('PodList');
		expect(list.metadata.resourceVersion).toBe(String(cluster.currentResourceVersion()));
		expect(list.metadata.continue).toBeUndefined();
		expect(list.items).toHaveLength(3);
		expect((await call(lab, '/api/v1/namespaces/kube-system/pods')).json().items.map((pod: {metadata: {name: string}}) => pod.metadata.name)).toEqual(['coredns-1']);
	});
	it('answers Table for the kubectl Accept, with PartialObjectMetadata rows', async () => {
		const table = (await call(lab, '/api/v1/pods', {headers: {Accept: tableAccept}})).json();
		expect(table.kind).toBe('Table');
		expect(table.columnDefinitions.map((column: {name: string}) => column.name)).toContain('Nominated Node');
		expect(table.rows[0].object).toMatchObject({kind: 'PartialObjectMetadata', metadata: {namespace: 'default', name: 'web-1'}});
		expect(table.rows[0].cells.slice(0, 3)).toEqual(['web-1', '1/1', 'Running']);
		const one = (await call(lab, '/api/v1/nodes/lab-worker', {headers: {Accept: tableAccept}})).json();
		expect(one.rows).toHaveLength(1);
		expect(one.rows[0].cells[0]).toBe('lab-worker');
	});
	it('filters by field and label selectors', async () => {
		const names = async (query: string) =>
			(await call(lab, `/api/v1/pods?${query}`)).json().items.map((pod: {metadata: {name: string}}) => pod.metadata.name);
		expect(await names(`fieldSelector=${encodeURIComponent('spec.nodeName=lab-worker,status.phase!=Succeeded')}`)).toEqual(['web-1', 'coredns-1']);
		expect(await names(`labelSelector=${encodeURIComponent('app in (web),tier')}`)).toEqual(['web-1']);
		expect(await names(`labelSelector=${encodeURIComponent('!app')}`)).toEqual(['coredns-1']);
		const bad = await call(lab, `/api/v1/pods?labelSelector=${encodeURIComponent('a b')}`);
		expect(bad.status).toBe(400);
	});
	it('gets one object, 404 with the real message otherwise', async () => {
		expect((await call(lab, '/api/v1/namespaces/default/pods/web-1')).json().metadata.name).toBe('web-1');
		const missing = await call(lab, '/api/v1/namespaces/default/pods/nope');
		expect(missing.status).toBe(404);
		expect(missing.json()).toEqual({
			kind: 'Status',
			apiVersion: 'v1',
			metadata: {},
			status: 'Failure',
			message: 'pods "nope" not found',
			reason: 'NotFound',
			details: {name: 'nope', kind: 'pods'},
			code: 404,
		});
		const lease = await call(lab, '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/lab-worker');
		expect(lease.json().message).toBe('leases.coordination.k8s.io "lab-worker" not found');
		expect((await call(lab, '/api/v1/namespaces/default')).json().metadata.name).toBe('default');
		expect((await call(lab, '/api/v1/widgets')).status).toBe(404);
	});
});

describe('pods: create, delete, log', () => {
	it('creates from JSON (201) and refuses a namespace mismatch and bad bodies', async () => {
		const body = JSON.stringify({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'made'}, spec: {containers: [{name: 'c', image: 'busybox'}]}});
		const created = await call(lab, '/api/v1/namespaces/default/pods', {method: 'POST', body, headers: {'Content-Type': 'application/json'}});
		expect(created.status).toBe(201);
		expect(created.json().metadata).toMatchObject({name: 'made', namespace: 'default'});
		const dry = await call(lab, '/api/v1/namespaces/default/pods?dryRun=All', {method: 'POST', body: body.replace('"made"', '"dry"')});
		expect(dry.status).toBe(201);
		expect(cluster.get('pods', 'default', 'dry')).toBeNull();
		const mismatch = JSON.stringify({metadata: {name: 'x', namespace: 'kube-system'}, spec: {containers: [{name: 'c'}]}});
		expect((await call(lab, '/api/v1/namespaces/default/pods', {method: 'POST', body: mismatch})).json().reason).toBe('BadRequest');
		expect((await call(lab, '/api/v1/namespaces/default/pods', {method: 'POST', body: '{not json'})).status).toBe(400);
		const taken = await call(lab, '/api/v1/namespaces/default/pods', {method: 'POST', body});
		expect(taken.json()).toMatchObject({code: 409, reason: 'AlreadyExists'});
	});
	it('deletes with 200 and the deleted Pod', async () => {
		const deleted = await call(lab, '/api/v1/namespaces/default/pods/made', {method: 'DELETE', body: '{"propagationPolicy":"Background"}'});
		expect(deleted.text).toContain('"name":"made"');
		expect(deleted.status).toBe(200);
		expect(deleted.json()).toMatchObject({kind: 'Pod', metadata: {name: 'made'}});
		expect((await call(lab, '/api/v1/namespaces/default/pods/made', {method: 'DELETE'})).status).toBe(404);
	});
	it('serves logs as text/plain', async () => {
		const log = await call(lab, '/api/v1/namespaces/default/pods/web-1/log?container=main');
		expect(log.headers['content-type']).toBe('text/plain');
		expect(log.text).toBe('log of web-1\n');
	});
});

describe('RBAC and HTTP faults', () => {
	it('denies a verb with the apiserver message, and SelfSubjectAccessReview agrees', async () => {
		const review = (verb: string) =>
			JSON.stringify({apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: {resourceAttributes: {namespace: 'default', verb, resource: 'pods'}}});
		const before = await call(lab, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {method: 'POST', body: review('create')});
		expect(before.json().status.allowed).toBe(true);
		lab.faults.denyVerb({verb: 'create', resource: 'pods', namespace: 'default'});
		const body = JSON.stringify({metadata: {name: 'nope'}, spec: {containers: [{name: 'c'}]}});
		const denied = await call(lab, '/api/v1/namespaces/default/pods', {method: 'POST', body});
		expect(denied.status).toBe(403);
		expect(denied.json()).toMatchObject({
			reason: 'Forbidden',
			code: 403,
			message: 'pods is forbidden: User "system:serviceaccount:default:netinspect" cannot create resource "pods" in API group "" in the namespace "default"',
		});
		const after = await call(lab, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {method: 'POST', body: review('create')});
		expect(after.json().status.allowed).toBe(false);
		expect((await call(lab, '/api/v1/namespaces/default/pods')).status).toBe(200);
		lab.faults.denyVerb({verb: 'list', resource: 'nodes'});
		expect((await call(lab, '/api/v1/nodes')).json().message).toBe(
			'nodes is forbidden: User "system:serviceaccount:default:netinspect" cannot list resource "nodes" in API group "" at the cluster scope',
		);
		lab.faults.clearHttpFaults();
		expect((await call(lab, '/api/v1/nodes')).status).toBe(200);
	});
	it('failNext answers matching requests with 500 or 410, then recovers', async () => {
		lab.faults.failNext({count: 2, code: 500, path: /\/nodes/});
		expect((await call(lab, '/api/v1/pods')).status).toBe(200);
		const first = await call(lab, '/api/v1/nodes');
		expect(first.status).toBe(500);
		expect(first.json()).toMatchObject({reason: 'InternalError', code: 500});
		expect((await call(lab, '/api/v1/nodes')).status).toBe(500);
		expect((await call(lab, '/api/v1/nodes')).status).toBe(200);
		lab.faults.failNext({count: 1, code: 410});
		expect((await call(lab, '/api/v1/pods')).json()).toMatchObject({reason: 'Expired', code: 410});
	});
	it('takes faults over POST /lab/v1/faults with the token', async () => {
		const denied = await call(lab, '/lab/v1/faults', {method: 'POST', token: null, body: '{}'});
		expect(denied.status).toBe(401);
		const set = await call(lab, '/lab/v1/faults', {method: 'POST', body: JSON.stringify({fault: 'failNext', args: [{count: 1, code: 500, path: 'namespaces$'}]})});
		expect(set.status).toBe(200);
		expect((await call(lab, '/api/v1/namespaces')).status).toBe(500);
		expect((await call(lab, '/api/v1/namespaces')).status).toBe(200);
		const unknown = await call(lab, '/lab/v1/faults', {method: 'POST', body: JSON.stringify({fault: 'nope'})});
		expect(unknown.json().message).toMatch(/one of: .*cutWatches/);
	});
});
