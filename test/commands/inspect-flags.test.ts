import {describe, expect, it} from 'vitest';
import {InspectUsageError, parseInspectFlags} from '../../source/commands/inspect-flags.js';

describe('parseInspectFlags', () => {
	it('reads kubectl-style flags', async () => {
		expect(
			await parseInspectFlags(['--kubeconfig', 'k.yaml', '--context', 'kind-networking', '-n', 'kube-system', '--image', 'busybox:1.36', '--debug-namespace', 'kube-system', '--refresh', '2', '--no-color'], {}),
		).toEqual({
			kubeconfig: 'k.yaml',
			context: 'kind-networking',
			namespace: 'kube-system',
			allNamespaces: false,
			image: 'busybox:1.36',
			debugNamespace: 'kube-system',
			refreshSeconds: 2,
			color: false,
			requestTimeoutMs: 30_000,
		});
		expect(await parseInspectFlags(['--request-timeout', '5s'], {})).toMatchObject({requestTimeoutMs: 5000});
		expect(await parseInspectFlags(['-A'], {})).toMatchObject({allNamespaces: true, color: true, refreshSeconds: 5, image: 'busybox:1.37.0'});
		expect(await parseInspectFlags(['--all-namespaces'], {})).toMatchObject({allNamespaces: true});
	});

	it('honours NO_COLOR', async () => {
		expect(await parseInspectFlags([], {NO_COLOR: '1'})).toMatchObject({color: false});
	});

	it('answers help and version', async () => {
		expect(await parseInspectFlags(['--help'], {})).toBe('help');
		expect(await parseInspectFlags(['-v'], {})).toBe('version');
	});

	it('rejects bad flags with one line', async () => {
		await expect(parseInspectFlags(['--bogus'], {})).rejects.toThrow(new InspectUsageError('unknown flag --bogus (see netinspect --help)'));
		await expect(parseInspectFlags(['--refresh', '0'], {})).rejects.toThrow(/--refresh needs a number of seconds/);
		await expect(parseInspectFlags(['--refresh', 'soon'], {})).rejects.toThrow(/--refresh/);
		await expect(parseInspectFlags(['node1'], {})).rejects.toThrow(/unexpected argument "node1"/);
		await expect(parseInspectFlags(['--context', ''], {})).rejects.toThrow(/--context needs a value/);
		await expect(parseInspectFlags(['--request-timeout', 'later'], {})).rejects.toThrow(/--request-timeout needs a duration/);
	});
});
