import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {inspectFlags} from '../../source/commands/inspect-flags.js';
import {parseFlags} from '../../source/commands/parse-flags.js';
import {plainFlags} from '../../source/commands/plain-flags.js';
import {routesFlags} from '../../source/commands/routes.js';

/** Tokens a user might type: every form of every flag, awkward values and arguments. */
function tokens(flags: object): string[] {
	const spec = flags as Record<string, {readonly shortFlag?: string}>;
	const names = Object.keys(spec);
	const dashed = names.map(name => name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`));
	return [
		...dashed.map(name => `--${name}`),
		...dashed.map(name => `--no-${name}`),
		...dashed.map(name => `--${name}=v`),
		...dashed.map(name => `--${name}=7`),
		...dashed.map(name => `--${name}=`),
		...names.filter(name => /[A-Z]/.test(name)).map(name => `--${name}`),
		...Object.values(spec).flatMap(flag => (flag.shortFlag ? [`-${flag.shortFlag}`] : [])),
		'-An', '-x', '--bogus', '--', '-', '', ' ', 'true', 'false', 'node-1', 'kube-system', 'a.b', 'a=b', ' padded',
		'5', '0', '05', '1.5', '1e3', '0x10', '-3', '+3', '.5', '7s', '2m', '10.0.0.1', 'fd00::1', 'Kind-Networking', 'x y',
	];
}

function sameAsMeow(spec: Parameters<typeof parseFlags>[1], argv: readonly string[]): void {
	const plain = plainFlags(argv, spec);
	if (plain === null) return;
	const meow = parseFlags(argv, spec, 'help');
	expect({argv, input: plain.input, flags: plain.flags}).toEqual({argv, input: meow.input, flags: meow.flags});
}

describe('plainFlags', () => {
	it('reads the usual command lines of routes and the inspector without meow', () => {
		const routes = plainFlags(['networking-worker2', '--json', '--kubeconfig', '/tmp/k', '--ip', '10.0.0.1', '--ip=fd00::1', '--timeout', '30', '--debug-namespace', 'kube-system'], routesFlags);
		expect(routes).toEqual({
			input: ['networking-worker2'],
			flags: {json: true, local: false, kubeconfig: '/tmp/k', ip: ['10.0.0.1', 'fd00::1'], timeout: 30, debugNamespace: 'kube-system'},
		});
		expect(plainFlags([], inspectFlags)?.flags).toEqual({allNamespaces: false, color: true, help: false, version: false});
		expect(plainFlags(['-A', '-n', 'kube-system', '--no-color', '--context=kind-networking'], inspectFlags)?.flags).toMatchObject({
			allNamespaces: true,
			namespace: 'kube-system',
			color: false,
			context: 'kind-networking',
		});
	});

	it('leaves to meow what it does not read exactly as meow does', () => {
		for (const argv of [['--bogus'], ['--json=true'], ['--json', 'false'], ['--context', ''], ['--context', '-x'], ['-'], ['--', 'node'], ['1e3'], ['--timeout', '1e3'], ['--debugNamespace', 'x'], ['--context', 'a', '--context', 'b']]) {
			expect(plainFlags(argv, routesFlags), JSON.stringify(argv)).toBeNull();
		}
		expect(plainFlags(['-An'], inspectFlags)).toBeNull();
	});

	it('gives meow’s arguments and flags wherever it answers (routes and the inspector, random command lines)', () => {
		for (const spec of [routesFlags, inspectFlags]) {
			const pool = tokens(spec);
			fc.assert(
				fc.property(fc.array(fc.constantFrom(...pool), {maxLength: 6}), argv => sameAsMeow(spec, argv)),
				{numRuns: 3000},
			);
		}
	});
});
