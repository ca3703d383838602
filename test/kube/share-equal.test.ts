import {describe, expect, it} from 'vitest';
import {shareEqual} from '../../source/kube/share-equal.js';

describe('shareEqual', () => {
	const previous = {name: 'web-1', restarts: 1, ips: ['10.0.0.1'], cluster: {name: 'web-1', ips: ['10.0.0.1'], phase: 'Running'}, node: null};

	it('returns the previous version itself when nothing differs', () => {
		expect(shareEqual(previous, structuredClone(previous))).toBe(previous);
	});

	it('takes the unchanged parts from the previous version, at every depth, and the changed ones from the next', () => {
		const next = {...structuredClone(previous), restarts: 2};
		const shared = shareEqual(previous, next);
		expect(shared).toEqual(next);
		expect(shared).not.toBe(previous);
		expect(shared.ips).toBe(previous.ips);
		expect(shared.cluster).toBe(previous.cluster);
		const moved = {...structuredClone(previous), cluster: {...previous.cluster, phase: 'Failed'}};
		const partly = shareEqual(previous, moved);
		expect(partly).toEqual(moved);
		expect(partly.cluster).not.toBe(previous.cluster);
		expect(partly.cluster.ips).toBe(previous.cluster.ips);
		expect(partly.cluster.phase).toBe('Failed');
	});

	it('keeps arrays whole (a changed list is the next one) and fields only the next version has', () => {
		type Extended = typeof previous & {readonly extra?: {readonly a: number}};
		const next: Extended = {...structuredClone(previous), ips: ['10.0.0.1', 'fd00::1'], extra: {a: 1}};
		const shared = shareEqual<Extended>(previous, next);
		expect(shared.ips).toBe(next.ips);
		expect(shared.extra).toBe(next.extra);
		const fewer = {name: 'web-1'} as unknown as typeof previous;
		expect(shareEqual(previous, fewer)).toEqual({name: 'web-1'});
	});
});
