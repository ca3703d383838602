/**
 * Issue 8 items 11 and 12, the inputs of `analyze`: any bytes are read as the exact text or refused with an
 * InputError (never another exception, never more than the limit); any JSON document given as --pods/--nodes is
 * either a list of that kind or named as something else.
 */
import {PassThrough} from 'node:stream';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {listShapeProblem, type ListKind} from '../../source/commands/list-shape.js';
import {InputError, readInputs} from '../../source/commands/read-input.js';
import {clusterNodesFromList, clusterPodsFromList} from '../../source/kube/cluster-objects.js';
import {fuzzRuns, fuzzTimeout} from './fuzz-runs.js';

/** Strict UTF-8 without NUL, as readInputs accepts it; null otherwise. */
function expectedText(bytes: Uint8Array): string | null {
	if (bytes.includes(0)) return null;
	try {
		return new TextDecoder('utf-8', {fatal: true, ignoreBOM: false}).decode(bytes);
	} catch {
		return null;
	}
}

const bytes = fc.oneof(
	fc.uint8Array({maxLength: 64}),
	fc.string({unit: 'binary', maxLength: 40}).map(text => new TextEncoder().encode(text)),
	fc.string({maxLength: 40}).map(text => new TextEncoder().encode(text)),
);

describe('fuzz: reading an input (issue 8 item 11)', () => {
	it('gives back exactly the text, or refuses binary and oversized input with an InputError', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(bytes, {maxLength: 4}), fc.integer({min: 1, max: 120}), async (chunks, maxBytes) => {
				const stdin = new PassThrough();
				for (const chunk of chunks) stdin.write(Buffer.from(chunk));
				stdin.end();
				const all = Buffer.concat(chunks.map(chunk => Buffer.from(chunk)));
				const text = expectedText(all);
				const read = await readInputs(['-'], stdin, {maxBytes}).then(
					texts => texts.get('-')!.text,
					(error: unknown) => error,
				);
				if (text === null || all.length > maxBytes) {
					expect(read).toBeInstanceOf(InputError);
					expect((read as Error).message).toMatch(/^cannot read stdin: (not text|larger than)/);
				} else {
					expect(read).toBe(text);
				}
			}),
			{numRuns: fuzzRuns},
		);
	}, fuzzTimeout);
});

const metadata = fc.record({name: fc.string({maxLength: 8}), namespace: fc.string({maxLength: 8})}, {requiredKeys: []});
const item = (kind: ListKind) =>
	fc.record(
		{
			kind: fc.oneof(fc.constant(kind), fc.constantFrom('Pod', 'Node', 'Service'), fc.jsonValue({maxDepth: 1})),
			metadata: fc.oneof(metadata, fc.jsonValue({maxDepth: 1})),
			spec: fc.oneof(fc.constant({containers: []}), fc.constant({podCIDR: '10.0.0.0/24'}), fc.jsonValue({maxDepth: 1})),
			status: fc.oneof(fc.constant({podIP: '10.0.0.1'}), fc.constant({addresses: []}), fc.jsonValue({maxDepth: 1})),
		},
		{requiredKeys: []},
	);
const documentOf = (kind: ListKind) =>
	fc.oneof(
		fc.jsonValue({maxDepth: 3}),
		fc.array(item(kind), {maxLength: 4}),
		fc.record(
			{kind: fc.oneof(fc.constantFrom('List', `${kind}List`, 'ServiceList', 'NodeList', 'PodList', kind), fc.jsonValue({maxDepth: 1})), items: fc.oneof(fc.array(item(kind), {maxLength: 4}), fc.jsonValue({maxDepth: 2}))},
			{requiredKeys: []},
		),
		item(kind),
	);

function itemsOf(document: unknown): readonly unknown[] {
	if (Array.isArray(document)) return document;
	const object = document as Record<string, unknown>;
	return Array.isArray(object['items']) ? object['items'] : [document];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

describe('fuzz: --pods and --nodes documents (issue 8 item 12)', () => {
	for (const kind of ['Pod', 'Node'] as const) {
		it(`a document accepted as ${kind}s holds only ${kind}s with metadata; any other is named, never read as empty`, () => {
			fc.assert(
				fc.property(documentOf(kind), document => {
					const problem = listShapeProblem(document, kind);
					if (problem !== null) {
						expect(problem.length).toBeGreaterThan(0);
						expect(problem.length).toBeLessThan(200);
						return;
					}
					const items = itemsOf(document);
					for (const entry of items) {
						expect(isObject(entry) && isObject(entry['metadata'])).toBe(true);
						const entryKind = (entry as Record<string, unknown>)['kind'];
						expect(entryKind === undefined || entryKind === kind).toBe(true);
					}
					if (isObject(document) && typeof document['kind'] === 'string') expect(['List', `${kind}List`, kind]).toContain(document['kind']);
					// What the reader then keeps: every named item.
					const read = kind === 'Pod' ? clusterPodsFromList(document) : clusterNodesFromList(document);
					expect(read.length).toBeLessThanOrEqual(items.length);
				}),
				{numRuns: fuzzRuns},
			);
		}, fuzzTimeout);
	}
});
