/**
 * What the README says about the code, checked against the code: the outcome, problem and CNI tables name
 * every value the source knows, the debug pod section matches the manifest, and the RBAC and namespace YAML
 * grant what the debug pod's preflight asks for.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseAllDocuments} from 'yaml';
import {analysisToJson} from '../../source/commands/analysis-output.js';
import {makeRoute} from '../../source/net/route.js';
import {debugPodManifest, defaultDebugImage, defaultDebugNamespace, defaultTtlSeconds, managedByLabel, managedByValue} from '../../source/kube/debug-pod-spec.js';
import {fencedBlocks} from './readme-blocks.js';
import {repoRoot} from './run-readme-command.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const source = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

/** The string members of `export type NAME = | 'a' | 'b';` in a source file. */
function unionMembers(text: string, name: string): readonly string[] {
	const match = new RegExp(`export type ${name} =([^;]+);`).exec(text);
	if (!match) throw new Error(`no type ${name}`);
	return [...(match[1] ?? '').matchAll(/'([^']+)'/g)].map(member => member[1] ?? '');
}

/** Names in the first column of the README table that follows `heading`. */
function tableNames(heading: string): readonly string[] {
	const start = readme.indexOf(`${heading}\n`);
	if (start === -1) throw new Error(`README has no "${heading}"`);
	const rest = readme.slice(start).split('\n').slice(1);
	const tableStart = rest.findIndex(line => line.startsWith('|'));
	const rows = rest.slice(tableStart);
	const end = rows.findIndex(line => !line.startsWith('|'));
	return rows
		.slice(2, end === -1 ? undefined : end)
		.map(line => /^\| `([^`]+)`/.exec(line)?.[1] ?? '')
		.filter(name => name !== '');
}

describe('README tables name what the source knows', () => {
	it('every outcome, in the order of the type', () => {
		expect(tableNames('### Outcomes')).toEqual(unionMembers(source('source/net/types.ts'), 'Outcome'));
	});

	it('every CNI the detector can name', () => {
		expect([...tableNames('### CNIs')].sort()).toEqual([...unionMembers(source('source/net/cni-detect.ts'), 'CniName')].sort());
	});

	it('every problem the verdicts can carry', () => {
		const reachability = source('source/net/reachability.ts');
		// Quoted names on lines that handle problems (outcomes, which such lines also name, are removed below).
		const raised = new Set(
			reachability
				.split('\n')
				.filter(line => line.includes('problem'))
				.flatMap(line => [...line.matchAll(/'([a-z]+(?:-[a-z]+)*)'/g)].map(match => match[1] ?? '')),
		);
		const documented = new Set([...(/Known ones:([\s\S]*?)\*\//.exec(source('source/net/types.ts'))?.[1] ?? '').matchAll(/`([a-z-]+)`/g)].map(match => match[1] ?? ''));
		const known = new Set([...raised, ...documented].filter(name => !unionMembers(source('source/net/types.ts'), 'Outcome').includes(name)));
		expect(known.size).toBeGreaterThan(8);
		expect([...tableNames('### Problems')].sort()).toEqual([...known].sort());
	});
});

describe('README on the JSON contract agrees with source/commands/analysis-output.ts', () => {
	const start = readme.indexOf('## The JSON contract\n');
	const block = fencedBlocks(readme.slice(start)).find(candidate => candidate.language === 'text')!;
	/** `"name":` at the start of a line of the block (after `{ ` or indentation): the top-level fields. */
	const topLevel = block.lines.map(line => /^(?:\{ | {2})"(\w+)":/.exec(line)?.[1]).filter(name => name !== undefined);
	const json = analysisToJson({
		node: 'n',
		routes: [makeRoute({family: 4, destination: '10.0.0.0/8', interface: 'eth0', source: 'route-n'})],
		interfaces: [],
		verdicts: [],
		warnings: [],
	});

	it('names every top-level field, in order', () => {
		expect(topLevel).toEqual(Object.keys(json));
	});

	it('documents input as formats and caveats, which a route -n capture fills', () => {
		const inputLine = block.lines.find(line => line.includes('"input":')) ?? '';
		expect([...inputLine.matchAll(/"(\w+)":/g)].map(match => match[1])).toEqual(['input', ...Object.keys(json.input)]);
		expect(json.input).toEqual({formats: ['route-n'], caveats: ['main-table-only', 'degraded-input']});
		expect(readme).toMatch(/`input\.caveats` are the problems of the whole input/);
	});
});

describe('README on the debug pod agrees with source/kube/debug-pod-spec.ts', () => {
	const manifest = debugPodManifest({
		node: 'n',
		runId: 'r',
		image: defaultDebugImage,
		namespace: defaultDebugNamespace,
		ttlSeconds: defaultTtlSeconds,
		host: 'h',
		pid: 1,
		startedAt: 0,
		context: 'c',
	}) as {
		metadata: {labels: Record<string, string>};
		spec: Record<string, unknown> & {containers: Array<Record<string, unknown> & {securityContext: Record<string, unknown>}>};
	};
	const container = manifest.spec.containers[0]!;

	it('host network only, no privilege, all capabilities dropped, no token, every taint tolerated', () => {
		expect(manifest.spec).toMatchObject({
			hostNetwork: true,
			hostPID: false,
			hostIPC: false,
			automountServiceAccountToken: false,
			restartPolicy: 'Never',
			tolerations: [{operator: 'Exists'}],
		});
		expect(manifest.spec['volumes']).toBeUndefined();
		expect(container['volumeMounts']).toBeUndefined();
		expect(container.securityContext).toMatchObject({privileged: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: ['ALL']}});
		for (const text of ['**host network only**', '`hostPID: false`', '**all capabilities dropped**', '`automountServiceAccountToken: false`', '`operator: Exists`', '`restartPolicy: Never`']) {
			expect(readme).toContain(text);
		}
	});

	it('its sleep, deadline, image, namespace and labels are the ones the README names', () => {
		expect(container['command']).toEqual(['sleep', String(defaultTtlSeconds)]);
		expect(manifest.spec['activeDeadlineSeconds']).toBe(defaultTtlSeconds);
		expect(readme).toContain(`\`sleep ${defaultTtlSeconds}\`, bounded by \`activeDeadlineSeconds: ${defaultTtlSeconds}\``);
		expect(readme).toContain(`Image \`${defaultDebugImage}\``);
		expect(readme).toContain(`namespace \`${defaultDebugNamespace}\` unless \`--debug-namespace\``);
		expect(manifest.metadata.labels[managedByLabel]).toBe(managedByValue);
		for (const label of Object.keys(manifest.metadata.labels)) expect(readme).toContain(`\`${label}=`);
	});
});

type Rule = {apiGroups: string[]; resources: string[]; verbs: string[]};
type RbacObject = {kind: string; metadata: {name: string; namespace?: string; labels?: Record<string, string>}; rules?: Rule[]};

describe('README YAML', () => {
	const objects = fencedBlocks(readme)
		.filter(block => block.language === 'yaml')
		.flatMap(block => parseAllDocuments(block.lines.join('\n')).map(document => document.toJSON() as RbacObject));
	const allows = (object: RbacObject | undefined, group: string, resource: string, verb: string) =>
		(object?.rules ?? []).some(rule => rule.apiGroups.includes(group) && rule.resources.includes(resource) && rule.verbs.includes(verb));

	it('the ClusterRole reads nodes and pods cluster-wide and may ask what it may do', () => {
		const role = objects.find(object => object.kind === 'ClusterRole');
		for (const verb of ['get', 'list', 'watch']) {
			expect(allows(role, '', 'nodes', verb)).toBe(true);
			expect(allows(role, '', 'pods', verb)).toBe(true);
		}
		expect(allows(role, 'authorization.k8s.io', 'selfsubjectaccessreviews', 'create')).toBe(true);
		expect(objects.find(object => object.kind === 'ClusterRoleBinding')).toMatchObject({roleRef: {kind: 'ClusterRole', name: role?.metadata.name}});
	});

	it('the Role grants, in the debug namespace, every verb the preflight checks (source/kube/debug-pod.ts)', () => {
		const role = objects.find(object => object.kind === 'Role');
		const checks = [...source('source/kube/debug-pod.ts').matchAll(/\{verb: '(\w+)', resource: '(\w+)'(?:, subresource: '(\w+)')?\}/g)];
		expect(checks.length).toBeGreaterThanOrEqual(3);
		for (const [, verb, resource, subresource] of checks) {
			expect(allows(role, '', subresource ? `${resource}/${subresource}` : (resource ?? ''), verb ?? ''), `${verb} ${resource}/${subresource ?? ''}`).toBe(true);
		}
		expect(role?.metadata.namespace).toBe('netinspect-debug');
		expect(objects.find(object => object.kind === 'RoleBinding')).toMatchObject({metadata: {namespace: 'netinspect-debug'}, roleRef: {kind: 'Role', name: role?.metadata.name}});
	});

	it('the debug namespace allows host network (Pod Security privileged)', () => {
		const namespace = objects.find(object => object.kind === 'Namespace');
		expect(namespace?.metadata).toEqual({name: 'netinspect-debug', labels: {'pod-security.kubernetes.io/enforce': 'privileged'}});
	});
});
