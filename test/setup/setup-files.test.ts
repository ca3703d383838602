/**
 * What can be checked of setup/ without Docker: the YAML says what the seed needs, the scripts are
 * shellcheck-clean, and the lab's `networking` topology agrees with these files.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {missingToolsReason} from '../helpers/system-tools.js';

const setupFile = (name: string) => new URL(`../../setup/${name}`, import.meta.url);

type KindConfig = {
	kind: string;
	name: string;
	networking: {disableDefaultCNI: boolean; podSubnet: string};
	nodes: Array<{role: string}>;
};

type Deployment = {
	kind: string;
	metadata: {name: string};
	spec: {
		replicas: number;
		selector: {matchLabels: Record<string, string>};
		template: {metadata: {labels: Record<string, string>}; spec: {containers: Array<{image: string}>}};
	};
};

const kindConfig = parse(readFileSync(setupFile('kind-config.yaml'), 'utf8')) as KindConfig;
const helloWorld = parse(readFileSync(setupFile('hello-world.yaml'), 'utf8')) as Deployment;

describe('setup/kind-config.yaml', () => {
	it('describes the seed cluster: networking, 1 control plane + 3 workers, no default CNI, 192.168.0.0/16', () => {
		expect(kindConfig.kind).toBe('Cluster');
		expect(kindConfig.name).toBe('networking');
		expect(kindConfig.networking.disableDefaultCNI).toBe(true);
		expect(kindConfig.networking.podSubnet).toBe('192.168.0.0/16');
		expect(kindConfig.nodes.map(node => node.role)).toEqual(['control-plane', 'worker', 'worker', 'worker']);
	});
});

describe('setup/hello-world.yaml', () => {
	it('is one Deployment of 3 replicas whose selector matches its pods', () => {
		expect(helloWorld.kind).toBe('Deployment');
		expect(helloWorld.metadata.name).toBe('hello-world');
		expect(helloWorld.spec.replicas).toBe(3);
		expect(helloWorld.spec.template.metadata.labels).toMatchObject(helloWorld.spec.selector.matchLabels);
		expect(helloWorld.spec.template.spec.containers).toHaveLength(1);
	});
});

describe('setup scripts', () => {
	const scripts = ['create-cluster.sh', 'delete-cluster.sh'];
	const unavailable = missingToolsReason('the lint of setup/*.sh', ['shellcheck']);
	it.skipIf(unavailable !== null)('pass shellcheck', () => {
		const paths = scripts.map(name => setupFile(name).pathname);
		// Throws (failing the test) with shellcheck's findings when there are any.
		execFileSync('shellcheck', ['-x', ...paths], {encoding: 'utf8'});
	});

	it('are strict bash and pin the Calico manifest version in one variable', () => {
		const create = readFileSync(setupFile('create-cluster.sh'), 'utf8');
		expect(create).toMatch(/^#!\/usr\/bin\/env bash\n/);
		expect(create).toContain('set -euo pipefail');
		const versions = create.match(/CALICO_VERSION="\$\{CALICO_VERSION:-(v\d+\.\d+\.\d+)\}"/);
		expect(versions?.[1]).toBeDefined();
		expect(create.match(/v\d+\.\d+\.\d+/g)).toHaveLength(1);
		expect(create).toContain('CLUSTER_NAME="networking"');
		expect(create).toContain('CONTEXT="kind-${CLUSTER_NAME}"');
		// Never `npx netinspect`: outside the checkout that fetches whatever registry package owns the name.
		expect(create).toContain('node dist/cli.js --context $CONTEXT');
		expect(create).not.toMatch(/npx netinspect/);
	});

	it('create-cluster.sh names each missing tool and how to get it', () => {
		const path = setupFile('create-cluster.sh').pathname;
		// A PATH with the basic tools the script itself uses, and none of docker, kind, kubectl.
		const bin = mkdtempSync(join(tmpdir(), 'ni-path-'));
		for (const tool of ['dirname']) symlinkSync(execFileSync('bash', ['-c', `command -v ${tool}`], {encoding: 'utf8'}).trim(), join(bin, tool));
		let output = '';
		try {
			execFileSync('/bin/bash', [path], {encoding: 'utf8', env: {PATH: bin, HOME: tmpdir()}, stdio: 'pipe'});
		} catch (error) {
			const failure = error as {status: number; stderr: string};
			expect(failure.status).toBe(1);
			output = failure.stderr;
		} finally {
			rmSync(bin, {recursive: true, force: true});
		}
		expect(output).toContain('missing: docker');
		expect(output).toContain('missing: kind');
		expect(output).toContain('missing: kubectl');
		expect(output).toContain('npm run demo');
	});
});
