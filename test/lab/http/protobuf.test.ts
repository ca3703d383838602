import {describe, expect, it} from 'vitest';
import {decodeAccessReviewEnvelope, decodeDeleteOptionsEnvelope, decodePodEnvelope, ProtobufError, readFields} from '../../../source/lab/http/protobuf.js';

// A minimal protobuf writer, so the bytes under test are built field by field as client-go would.
function varint(value: number): number[] {
	const bytes: number[] = [];
	let rest = value;
	while (rest > 0x7f) {
		bytes.push((rest & 0x7f) | 0x80);
		rest = Math.floor(rest / 128);
	}
	bytes.push(rest);
	return bytes;
}
const bytesField = (number: number, payload: number[]) => [...varint((number << 3) | 2), ...varint(payload.length), ...payload];
const text = (number: number, value: string) => bytesField(number, [...Buffer.from(value, 'utf8')]);
const bool = (number: number, value: boolean) => [...varint(number << 3), value ? 1 : 0];
const mapEntry = (number: number, key: string, value: string) => bytesField(number, [...text(1, key), ...text(2, value)]);

function debugPodBytes(): Uint8Array {
	const metadata = [...text(1, 'node-debugger-networking-worker2-x7k2q'), ...text(3, ''), ...mapEntry(11, 'app', 'debug'), ...mapEntry(12, 'note', 'a')];
	const container = [
		...text(1, 'debugger'),
		...text(2, 'busybox'),
		...text(3, 'route'),
		...text(3, '-n'),
		...bytesField(9, [...text(1, 'host-root'), ...text(3, '/host')]),
		...text(14, 'IfNotPresent'),
		...bool(16, true),
		...bool(17, false),
		...bool(18, true),
		...text(20, 'File'),
		// An unknown field (resources, 8) the decoder skips.
		...bytesField(8, [...text(1, 'ignored')]),
	];
	const spec = [
		...bytesField(1, [...text(1, 'host-root'), ...bytesField(2, bytesField(1, [...text(1, '/'), ...text(2, '')]))]),
		...bytesField(2, container),
		...text(3, 'Never'),
		...text(10, 'networking-worker2'),
		...bool(11, true),
		...bool(12, true),
		...bool(13, true),
		...bytesField(22, [...text(2, 'Exists')]),
		// terminationGracePeriodSeconds (4) as a varint, skipped.
		...varint(4 << 3),
		...varint(30),
	];
	const pod = [...bytesField(1, metadata), ...bytesField(2, spec), ...bytesField(3, [])];
	const unknown = [...bytesField(1, [...text(1, 'v1'), ...text(2, 'Pod')]), ...bytesField(2, pod), ...text(3, ''), ...text(4, '')];
	return Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...unknown]);
}

describe('protobuf Pod envelope (kubectl debug)', () => {
	it('decodes the fields kubectl debug node/X sends into the JSON Pod shape', () => {
		expect(decodePodEnvelope(debugPodBytes())).toEqual({
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {name: 'node-debugger-networking-worker2-x7k2q', labels: {app: 'debug'}, annotations: {note: 'a'}},
			spec: {
				volumes: [{name: 'host-root', hostPath: {path: '/'}}],
				containers: [
					{
						name: 'debugger',
						image: 'busybox',
						command: ['route', '-n'],
						volumeMounts: [{name: 'host-root', mountPath: '/host'}],
						imagePullPolicy: 'IfNotPresent',
						stdin: true,
						tty: true,
						terminationMessagePolicy: 'File',
					},
				],
				restartPolicy: 'Never',
				nodeName: 'networking-worker2',
				hostNetwork: true,
				hostPID: true,
				hostIPC: true,
				tolerations: [{operator: 'Exists'}],
			},
		});
	});
	it('reads multi-byte varints and fixed-width fields', () => {
		const fields = readFields(Uint8Array.from([...varint(5 << 3), ...varint(300), ...varint((6 << 3) | 5), 1, 2, 3, 4]));
		expect(fields.map(field => [field.number, field.wire, field.varint])).toEqual([
			[5, 0, 300n],
			[6, 5, 0n],
		]);
	});
	it('refuses bodies without the magic, truncated fields and other kinds', () => {
		expect(() => decodePodEnvelope(Uint8Array.from([1, 2, 3, 4, 5]))).toThrow(ProtobufError);
		const truncated = debugPodBytes().subarray(0, 40);
		expect(() => decodePodEnvelope(truncated)).toThrow(ProtobufError);
		const service = Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...bytesField(1, [...text(1, 'v1'), ...text(2, 'Service')]), ...bytesField(2, [])]);
		expect(() => decodePodEnvelope(service)).toThrow(/expected a Pod, got Service/);
	});
});

describe('protobuf SelfSubjectAccessReview (kubectl auth can-i)', () => {
	it('decodes the resource attributes', () => {
		const attributes = [...text(1, 'default'), ...text(2, 'create'), ...text(3, ''), ...text(5, 'pods'), ...text(6, 'exec')];
		const review = [...bytesField(1, []), ...bytesField(2, bytesField(1, attributes))];
		const body = Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...bytesField(1, [...text(1, 'authorization.k8s.io/v1'), ...text(2, 'SelfSubjectAccessReview')]), ...bytesField(2, review)]);
		expect(decodeAccessReviewEnvelope(body)).toEqual({
			apiVersion: 'authorization.k8s.io/v1',
			kind: 'SelfSubjectAccessReview',
			metadata: {},
			spec: {resourceAttributes: {namespace: 'default', verb: 'create', resource: 'pods', subresource: 'exec'}},
		});
	});
});

describe('protobuf DeleteOptions', () => {
	it('reads gracePeriodSeconds and propagationPolicy', () => {
		const options = [...varint(1 << 3), ...varint(0), ...text(4, 'Background')];
		const body = Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...bytesField(1, [...text(1, 'v1'), ...text(2, 'DeleteOptions')]), ...bytesField(2, options)]);
		expect(decodeDeleteOptionsEnvelope(body)).toEqual({apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, propagationPolicy: 'Background'});
	});
});
