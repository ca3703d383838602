import {describe, expect, it} from 'vitest';
import {listShapeProblem} from '../../source/commands/list-shape.js';

const pod = {metadata: {name: 'p', namespace: 'default'}, spec: {containers: [{name: 'c'}]}, status: {podIP: '10.0.0.1'}};
const node = {metadata: {name: 'n'}, spec: {podCIDR: '10.0.0.0/24'}, status: {addresses: [{type: 'InternalIP', address: '172.20.0.2'}]}};

describe('listShapeProblem', () => {
	it('accepts what kubectl and the API print: a List, a PodList/NodeList, an array, one object', () => {
		expect(listShapeProblem({apiVersion: 'v1', kind: 'List', items: [{kind: 'Pod', ...pod}]}, 'Pod')).toBeNull();
		expect(listShapeProblem({kind: 'PodList', items: [pod]}, 'Pod')).toBeNull();
		expect(listShapeProblem({kind: 'NodeList', items: [node]}, 'Node')).toBeNull();
		expect(listShapeProblem({kind: 'List', items: []}, 'Node')).toBeNull();
		expect(listShapeProblem([pod], 'Pod')).toBeNull();
		expect(listShapeProblem({kind: 'Pod', ...pod}, 'Pod')).toBeNull();
		expect(listShapeProblem(pod, 'Pod')).toBeNull();
	});

	it('names what a wrong document is instead', () => {
		expect(listShapeProblem({items: 5}, 'Pod')).toBe('"items" is a number, not an array');
		expect(listShapeProblem(null, 'Pod')).toBe('got null');
		expect(listShapeProblem(42, 'Node')).toBe('got a number');
		expect(listShapeProblem({}, 'Pod')).toBe('got an object without "kind"');
		expect(listShapeProblem({kind: 'ServiceList', items: []}, 'Pod')).toBe('got a ServiceList');
		expect(listShapeProblem({kind: 'NodeList', items: [node]}, 'Pod')).toBe('got a NodeList');
		expect(listShapeProblem({kind: 'List'}, 'Pod')).toBe('the List has no "items"');
		expect(listShapeProblem({kind: 'List', items: [{kind: 'Node', ...node}]}, 'Pod')).toBe('item 1 is a Node, not a Pod');
		expect(listShapeProblem({kind: 'List', items: [pod, 7]}, 'Pod')).toBe('item 2 is a number, not a Pod');
		expect(listShapeProblem([node], 'Pod')).toBe('item 1 looks like a Node, not a Pod');
		expect(listShapeProblem([pod], 'Node')).toBe('item 1 looks like a Pod, not a Node');
		expect(listShapeProblem([{kind: 'Pod'}], 'Pod')).toBe('item 1 has no metadata');
	});

	it('quotes a hostile kind safely and briefly', () => {
		const problem = listShapeProblem({kind: `\u001b]0;x\u0007${'A'.repeat(500)}`, items: []}, 'Pod')!;
		expect(problem).not.toMatch(/[\u0000-\u001f]/);
		expect(problem.length).toBeLessThan(80);
	});
});
