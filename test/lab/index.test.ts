import {existsSync, readFileSync, statSync} from 'node:fs';
import {request} from 'node:https';
import {homedir, tmpdir} from 'node:os';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {startLab, type RunningLab} from '../../source/lab/index.js';
import {makeCertificates} from '../../source/lab/http/tls.js';
import {call, labCa} from './http/helpers/lab-client.js';

let lab: RunningLab;

beforeAll(async () => {
	lab = await startLab({imagePullDelayMs: 20});
});
afterAll(async () => lab.stop());

type Kubeconfig = {
	'current-context': string;
	contexts: {name: string; context: {cluster: string; user: string}}[];
	clusters: {name: string; cluster: {server: string; 'certificate-authority-data': string}}[];
	users: {name: string; user: {token: string}}[];
};

async function status(url: string, ca: string): Promise<number | string> {
	return new Promise(resolve => {
		const req = request(`${url}/version`, {ca}, response => {
			response.resume();
			resolve(response.statusCode ?? 0);
		});
		req.on('error', error => resolve((error as NodeJS.ErrnoException).code ?? error.message));
		req.end();
	});
}

describe('startLab', () => {
	it("serves lists from the stored JSON text, byte for byte what JSON.stringify gives for the cluster's objects", async () => {
		// The HTTP face gets the text the store keeps (without listStored it would parse and serialize every pod).
		expect(lab.cluster.listStored).toBeTypeOf('function');
		const whole = await call(lab, '/api/v1/pods');
		const listed = lab.cluster.list('pods', null);
		expect(whole.json().metadata.resourceVersion).toBe(String(listed.resourceVersion));
		expect(whole.text).toBe(JSON.stringify({kind: 'PodList', apiVersion: 'v1', metadata: {resourceVersion: String(listed.resourceVersion)}, items: listed.items}));
		// Pages of 3 add up to the same items; a field selector the summary answers, and one it does not.
		const paged: unknown[] = [];
		let page = (await call(lab, '/api/v1/pods?limit=3')).json();
		paged.push(...page.items);
		while (page.metadata.continue) {
			page = (await call(lab, `/api/v1/pods?limit=3&continue=${page.metadata.continue}`)).json();
			paged.push(...page.items);
		}
		expect(paged).toEqual(listed.items);
		const node = String((listed.items[0]!['spec'] as {nodeName: string}).nodeName);
		const onNode = listed.items.filter(pod => (pod['spec'] as {nodeName?: string}).nodeName === node);
		expect(onNode.length).toBeGreaterThan(0);
		expect((await call(lab, `/api/v1/pods?fieldSelector=spec.nodeName%3D${node}`)).json().items).toEqual(onNode);
		const ip = String((listed.items[0]!['status'] as {podIP: string}).podIP);
		const withIp = listed.items.filter(pod => (pod['status'] as {podIP?: string}).podIP === ip);
		expect((await call(lab, `/api/v1/pods?fieldSelector=status.podIP%3D${ip}`)).json().items).toEqual(withIp);
	});
	it('listens on 127.0.0.1 over HTTPS and writes a 0600 kubeconfig under the temp directory', async () => {
		expect(lab.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
		expect(lab.kubeconfigPath.startsWith(tmpdir())).toBe(true);
		expect(lab.kubeconfigPath.startsWith(`${homedir()}/.kube`)).toBe(false);
		expect(statSync(lab.kubeconfigPath).mode & 0o777).toBe(0o600);
		const config = parse(readFileSync(lab.kubeconfigPath, 'utf8')) as Kubeconfig;
		expect(config['current-context']).toBe('netinspect-lab');
		expect(lab.contextName).toBe('netinspect-lab');
		expect(config.contexts).toEqual([{name: 'netinspect-lab', context: {cluster: 'netinspect-lab', user: 'netinspect-lab', namespace: 'default'}}]);
		expect(config.clusters[0]?.cluster.server).toBe(lab.url);
		expect(config.users[0]?.user.token).toBe(lab.token);
		expect(lab.token.length).toBeGreaterThanOrEqual(32);
	});
	it('is verified by its own CA only', async () => {
		expect(await status(lab.url, labCa(lab))).toBe(200);
		const other = await makeCertificates();
		expect(await status(lab.url, other.caCert)).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|CERT/);
	});
	it('serves the seed cluster by default, and each lab has its own token', async () => {
		const nodes = (await call(lab, '/api/v1/nodes')).json();
		expect(nodes.items).toHaveLength(4);
		const second = await startLab({topology: 'generated', nodes: 6, pods: 20});
		try {
			expect(second.token).not.toBe(lab.token);
			expect((await call(second, '/api/v1/nodes')).json().items).toHaveLength(6);
			expect((await call(second, '/api/v1/nodes', {token: lab.token})).status).toBe(401);
		} finally {
			await second.stop();
		}
		expect(existsSync(second.kubeconfigPath)).toBe(false);
		await second.stop();
	});
	it('exposes HTTP and cluster faults in one object', () => {
		for (const name of ['cutWatches', 'endWatches', 'failNext', 'denyVerb', 'restart', 'failImagePull', 'setPodSecurity', 'setNodeReady', 'removeRoute', 'restoreRoutes', 'setExecFault', 'jumpResourceVersion', 'setMtu', 'routeBlockTo', 'staleBlock', 'setRpFilter', 'addRule', 'dropPodRoute', 'setNodeLayout', 'clearNodeFaults']) {
			expect(typeof (lab.faults as unknown as Record<string, unknown>)[name], name).toBe('function');
		}
	});
	it('takes the cluster faults over POST /lab/v1/faults too', async () => {
		const set = await call(lab, '/lab/v1/faults', {method: 'POST', body: JSON.stringify({fault: 'setNodeReady', args: ['networking-worker3', false]})});
		expect(set.status).toBe(200);
		const node = (await call(lab, '/api/v1/nodes/networking-worker3')).json();
		expect(node.status.conditions.find((condition: {type: string}) => condition.type === 'Ready').status).not.toBe('True');
		await call(lab, '/lab/v1/faults', {method: 'POST', body: JSON.stringify({fault: 'setNodeReady', args: ['networking-worker3', true]})});
		const again = (await call(lab, '/api/v1/nodes/networking-worker3')).json();
		expect(again.status.conditions.find((condition: {type: string}) => condition.type === 'Ready').status).toBe('True');
	});
	it('answers bad fault arguments with 422 Invalid and a Status, and keeps serving', async () => {
		const fault = async (name: string, args?: unknown) =>
			call(lab, '/lab/v1/faults', {method: 'POST', body: JSON.stringify(args === undefined ? {fault: name} : {fault: name, args})});
		const cases: readonly [string, unknown, string][] = [
			['setNodeReady', ['nosuch', false], 'args[0]: Not found: "nosuch"'],
			['setNodeReady', ['networking-worker3'], 'args[1]: Required value'],
			['setNodeReady', ['networking-worker3', 'no'], 'args[1]: Invalid value: "no": must be true or false'],
			['setPodSecurity', ['ghost', 'restricted'], 'args[0]: Not found: "ghost"'],
			['setPodSecurity', ['default', 'loose'], 'args[1]: Unsupported value: "loose": supported values: "privileged", "baseline", "restricted"'],
			['restart', undefined, 'args[0]: Required value'],
			['restart', [{}], 'args[0].resourceVersionJump: Required value'],
			['jumpResourceVersion', ['abc'], 'args[0]: Invalid value: "abc": must be a whole number from 0 to 1000000000'],
			['failNext', [{count: 1, code: 404}], 'args[0].code: Unsupported value: "404": supported values: 410, 500'],
			['failNext', [{count: 1, code: 500, path: '('}], 'args[0].path: Invalid value: "(": Invalid regular expression: /(/: Unterminated group'],
			['removeRoute', ['networking-worker2', 'everything'], 'args[1]: Invalid value: "everything": must be "default" or a CIDR such as 10.0.0.0/8'],
			['removeRoute', ['nosuch', 'default'], 'args[0]: Not found: "nosuch"'],
			['setExecFault', [{mode: 'explode'}], 'args[0].mode: Unsupported value: "explode": supported values: "hang", "truncate"'],
			['setExecFault', [{mode: 'hang', node: 'nosuch'}], 'args[0].node: Not found: "nosuch"'],
			['cutWatches', 'now', 'args: Invalid value: "now": must be an array'],
		];
		for (const [name, args, detail] of cases) {
			const response = await fault(name, args);
			expect({name, status: response.status}).toEqual({name, status: 422});
			expect(response.json()).toMatchObject({kind: 'Status', status: 'Failure', reason: 'Invalid', code: 422, details: {name, kind: 'Fault'}});
			expect(response.json().message).toBe(`Fault "${name}" is invalid: ${detail}`);
		}
		// Still serving, resourceVersions still numbers, and a good fault still works.
		const pods = (await call(lab, '/api/v1/pods')).json();
		expect(pods.metadata.resourceVersion).toMatch(/^\d+$/);
		expect((await fault('jumpResourceVersion', [5])).status).toBe(200);
		const after = (await call(lab, '/api/v1/pods')).json();
		expect(Number(after.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(pods.metadata.resourceVersion) + 5);
		expect(() => lab.faults.jumpResourceVersion(Number.NaN)).toThrow(/args\[0\]: Invalid value: "NaN"/);
		expect((await call(lab, '/api/v1/nodes/networking-worker3')).status).toBe(200);
	});
	it('takes the kernel faults over POST /lab/v1/faults, and answers 422 naming a refused argument', async () => {
		const fault = (body: unknown) => call(lab, '/lab/v1/faults', {method: 'POST', body: JSON.stringify(body)});
		const set = await fault({fault: 'addRule', args: ['networking-worker2', {priority: 100, from: '192.168.175.5', table: 100, route: {via: '172.20.0.1'}}]});
		expect(set.status).toBe(200);
		expect(lab.cluster.faults).toBeDefined();
		const bad = await fault({fault: 'setMtu', args: ['networking-worker2', 'tunl0', 10]});
		expect(bad.status).toBe(422);
		expect(bad.json()).toMatchObject({
			kind: 'Status',
			code: 422,
			reason: 'Invalid',
			message: 'Fault "setMtu" is invalid: args[2]: Invalid value: "10": must be a whole number from 68 to 65535',
			details: {causes: [{field: 'args[2]'}]},
		});
		const unknownNode = await fault({fault: 'routeBlockTo', args: ['ghost', 'networking-worker3', 'networking-worker']});
		expect(unknownNode.status).toBe(422);
		expect(unknownNode.json().message).toBe('Fault "routeBlockTo" is invalid: args[0]: Invalid value: "ghost": no such node');
		expect((await fault({fault: 'clearNodeFaults', args: ['networking-worker2']})).status).toBe(200);
	});
	it('starts any layout: --cni flannel gives flannel annotations, podCIDR pod IPs and no Calico pods', async () => {
		const flannel = await startLab({cni: 'flannel'});
		try {
			const node = (await call(flannel, '/api/v1/nodes/networking-worker2')).json();
			expect(node.metadata.annotations).toMatchObject({'flannel.alpha.coreos.com/backend-type': 'vxlan', 'flannel.alpha.coreos.com/public-ip': '172.20.0.5'});
			expect(Object.keys(node.metadata.annotations).some((key: string) => key.startsWith('projectcalico.org/'))).toBe(false);
			expect(node.spec.podCIDR).toBe('192.168.2.0/24');
			expect(node.status.conditions[0]).toMatchObject({type: 'NetworkUnavailable', status: 'False', reason: 'FlannelIsUp'});
			const pods = (await call(flannel, '/api/v1/pods')).json().items as {metadata: {name: string; namespace: string}; status: {podIP?: string}; spec: {nodeName: string}}[];
			expect(pods.find(pod => pod.metadata.name === 'hello-world-7c64bd9f6b-tpnrz')?.status.podIP).toBe('192.168.2.6');
			expect(pods.filter(pod => pod.metadata.name.startsWith('calico-'))).toEqual([]);
			expect(pods.filter(pod => pod.metadata.name.startsWith('kube-flannel-ds-')).map(pod => pod.metadata.namespace)).toEqual(['kube-flannel', 'kube-flannel', 'kube-flannel', 'kube-flannel']);
			const aws = await startLab({cni: 'aws-vpc'});
			try {
				const awsNode = (await call(aws, '/api/v1/nodes/networking-worker2')).json();
				expect(awsNode.spec.podCIDR).toBeUndefined();
				expect(awsNode.spec.providerID).toMatch(/^aws:\/\/\/us-west-2a\/i-[0-9a-f]{17}$/);
			} finally {
				await aws.stop();
			}
		} finally {
			await flannel.stop();
		}
	});
	it('refuses a port that is taken, and cleans up', async () => {
		const port = Number(new URL(lab.url).port);
		await expect(startLab({port})).rejects.toThrow(/EADDRINUSE/);
	});
});
