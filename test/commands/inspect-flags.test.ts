import {describe, expect, it} from 'vitest';
import {InspectUsageError, parseInspectFlags} from '../../source/commands/inspect-flags.js';

describe('parseInspectFlags', () => {
	it('reads kubectl-style flags', () => {
		expect(
			parseInspectFlags(['--kubeconfig', 'k.yaml', '--context', 'kind-networking', '-n', 'kube-system', '--image', 'busybox:1.36', '--debug-namespace', 'kube-system', '--refresh', '2', '--no-color'], {}),
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
		expect(parseInspectFlags(['--request-timeout', '5s'], {})).toMatchObject({requestTimeoutMs: 5000});
		expect(parseInspectFlags(['-A'], {})).toMatchObject({allNamespaces: true, color: true, refreshSeconds: 5, image: 'busybox:1.37.0'});
		expect(parseInspectFlags(['--all-namespaces'], {})).toMatchObject({allNamespaces: true});
	});

	it('honours NO_COLOR', () => {
		expect(parseInspectFlags([], {NO_COLOR: '1'})).toMatchObject({color: false});
	});

	it('answers help and version', () => {
		expect(parseInspectFlags(['--help'], {})).toBe('help');
		expect(parseInspectFlags(['-v'], {})).toBe('version');
	});

	it('rejects bad flags with one line', () => {
		expect(() => parseInspectFlags(['--bogus'], {})).toThrow(new InspectUsageError('unknown flag --bogus (see netinspect --help)'));
		expect(() => parseInspectFlags(['--refresh', '0'], {})).toThrow(/--refresh needs a number of seconds/);
		expect(() => parseInspectFlags(['--refresh', 'soon'], {})).toThrow(/--refresh/);
		expect(() => parseInspectFlags(['node1'], {})).toThrow(/unexpected argument "node1"/);
		expect(() => parseInspectFlags(['--context', ''], {})).toThrow(/--context needs a value/);
		expect(() => parseInspectFlags(['--request-timeout', 'later'], {})).toThrow(/--request-timeout needs a duration/);
	});
});
