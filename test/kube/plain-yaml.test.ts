import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parse, stringify} from 'yaml';
import {readPlainYaml} from '../../source/kube/plain-yaml.js';
import {renderKubeconfig} from '../../source/lab/http/kubeconfig.js';

/** As `kubectl config view --raw` writes it: sequences at their key's column, keys sorted. */
const kubectlStyle = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=
    server: https://127.0.0.1:40000
  name: kind-networking
contexts:
- context:
    cluster: kind-networking
    namespace: team-a
    user: kind-networking
  name: kind-networking
current-context: kind-networking
kind: Config
preferences: {}
users:
- name: kind-networking
  user:
    client-certificate-data: LS0tLS1CRUdJTiBDRVJU
    client-key-data: LS0tLS1CRUdJTiBSU0Eg
- name: "quoted"
  user:
    token: 'it''s'
    username: ann
    password: "s3cret"
# a comment
- name: plain
  user: {}
`;

/** readPlainYaml gives yaml's answer, or undefined (then yaml is used); never a different one. */
function agrees(text: string): boolean {
	const plain = readPlainYaml(text);
	let expected: unknown;
	try {
		// (Silent: the changed texts make yaml warn about unknown tags; the result is the same.)
		expected = parse(text, {logLevel: 'silent'});
	} catch {
		expect(plain, text).toBeUndefined();
		return false;
	}
	if (plain === undefined) return false;
	expect(plain, text).toEqual(expected);
	return true;
}

describe('readPlainYaml', () => {
	it("reads the lab's kubeconfig and kubectl's as the yaml package does", () => {
		const lab = renderKubeconfig({server: 'https://127.0.0.1:6443', caCert: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n', token: 'abc-123_x'});
		for (const text of [lab, kubectlStyle]) {
			expect(readPlainYaml(text), text).toBeDefined();
			expect(agrees(text)).toBe(true);
		}
	});

	it('leaves to the yaml package what it does not read exactly (anchors, block scalars, escapes, numbers, flow, …)', () => {
		const refused = [
			'a: &x 1\nb: *x\n',
			'a: |\n  text\n',
			'a: >\n  folded\n',
			'a: "tab\\tinside"\n',
			'a: 12\n',
			'a: 0x1f\n',
			'a: .inf\n',
			'a: +1\n',
			'a: {b: c}\n',
			'a: [b]\n',
			'a: b # comment\n',
			'a: b\na: c\n',
			'a:\n\tb: c\n',
			'a: b\r\n',
			'---\na: b\n',
			'a: b\n  continued\n',
			'"quoted key": v\n',
			'a: !tag v\n',
			'? complex\n: key\n',
			'a: b:\n',
		];
		for (const text of refused) {
			expect(readPlainYaml(text), JSON.stringify(text)).toBeUndefined();
			agrees(text);
		}
		for (const text of ['', '# only a comment\n', 'a:\n', 'a: true\nb: False\nc: ~\nd: null\ne: yes\n', 'a:\n- x\n-\n- - y\n  - z\n', '  a: b\n  c: d\n']) {
			expect(agrees(text), JSON.stringify(text)).toBe(true);
		}
	});

	it('agrees with the yaml package on every generated kubeconfig-like document it answers, in both sequence styles', () => {
		const word = fc.stringMatching(/^[\w.:/@=+ #'"-]{0,12}$/);
		const leaf = fc.oneof(word, fc.boolean(), fc.constant(null), fc.integer(), fc.constant({}), fc.constant([]));
		const key = fc.stringMatching(/^[a-z][\w.-]{0,10}$/);
		const tree = fc.letrec(tie => ({
			node: fc.oneof({maxDepth: 3}, leaf, tie('map'), tie('list')),
			map: fc.dictionary(key, tie('node'), {maxKeys: 4}),
			list: fc.array(tie('node'), {maxLength: 3}),
		})).map;
		let answered = 0;
		fc.assert(
			fc.property(tree, fc.boolean(), (document, indentSeq) => {
				if (agrees(stringify(document, {indentSeq, lineWidth: 0}))) answered++;
			}),
			{numRuns: 2000},
		);
		// The property would hold for a reader that never answers: most of these must be read without yaml.
		expect(answered).toBeGreaterThan(300);
	});

	it('agrees with the yaml package on kubectl-style text with random characters changed', () => {
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.nat(kubectlStyle.length - 1), fc.constantFrom(' ', '-', ':', '#', "'", '"', '\n', '{', '}', '[', ']', '&', '*', '!', '|', '>', '?', '1', 'x', '\\', '%', '@')), {minLength: 1, maxLength: 3}),
				changes => {
					let text = kubectlStyle;
					for (const [at, character] of changes) text = `${text.slice(0, at)}${character}${text.slice(at + 1)}`;
					agrees(text);
				},
			),
			{numRuns: 3000},
		);
	});
});
