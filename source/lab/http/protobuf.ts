/**
 * Reads the protobuf Pod that client-go typed clients POST (`kubectl debug` sends
 * `application/vnd.kubernetes.protobuf`): the `k8s\0` magic, a runtime.Unknown envelope, and the Pod fields
 * the lab needs (field numbers from k8s.io/api core/v1 and apimachinery meta/v1 generated.proto).
 * Unknown fields are skipped; empty strings read as unset, as protobuf cannot tell them apart.
 */

type Field = {readonly number: number; readonly wire: 0 | 1 | 2 | 5; readonly varint: bigint; readonly bytes: Uint8Array};

export class ProtobufError extends Error {}

export const magic = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

function readVarint(bytes: Uint8Array, start: number): {value: bigint; next: number} {
	let value = 0n;
	let shift = 0n;
	let offset = start;
	for (;;) {
		if (offset >= bytes.length) throw new ProtobufError('truncated varint');
		const byte = bytes[offset] ?? 0;
		offset++;
		value |= BigInt(byte & 0x7f) << shift;
		if ((byte & 0x80) === 0) return {value, next: offset};
		shift += 7n;
		if (shift > 63n) throw new ProtobufError('varint too long');
	}
}

export function readFields(bytes: Uint8Array): readonly Field[] {
	const fields: Field[] = [];
	let offset = 0;
	while (offset < bytes.length) {
		const key = readVarint(bytes, offset);
		offset = key.next;
		const number = Number(key.value >> 3n);
		const wire = Number(key.value & 7n);
		if (number === 0) throw new ProtobufError('field number 0');
		switch (wire) {
			case 0: {
				const value = readVarint(bytes, offset);
				offset = value.next;
				fields.push({number, wire, varint: value.value, bytes: new Uint8Array()});
				break;
			}
			case 1:
			case 5: {
				const size = wire === 1 ? 8 : 4;
				if (offset + size > bytes.length) throw new ProtobufError('truncated fixed field');
				fields.push({number, wire, varint: 0n, bytes: bytes.subarray(offset, offset + size)});
				offset += size;
				break;
			}
			case 2: {
				const length = readVarint(bytes, offset);
				offset = length.next;
				const end = offset + Number(length.value);
				if (end > bytes.length) throw new ProtobufError('truncated length-delimited field');
				fields.push({number, wire, varint: 0n, bytes: bytes.subarray(offset, end)});
				offset = end;
				break;
			}
			default:
				throw new ProtobufError(`unsupported wire type ${wire}`);
		}
	}
	return fields;
}

const decoder = new TextDecoder('utf-8', {fatal: false});

type Schema = Readonly<Record<number, readonly [name: string, type: FieldType]>>;
type FieldType = 'string' | 'strings' | 'bool' | 'int' | 'map' | Schema | readonly [Schema];

const keyValue: Schema = {1: ['key', 'string'], 2: ['value', 'string']};
const objectMeta: Schema = {
	1: ['name', 'string'],
	2: ['generateName', 'string'],
	3: ['namespace', 'string'],
	11: ['labels', 'map'],
	12: ['annotations', 'map'],
};
const hostPath: Schema = {1: ['path', 'string'], 2: ['type', 'string']};
const volume: Schema = {1: ['name', 'string'], 2: ['', {1: ['hostPath', hostPath]}]};
const volumeMount: Schema = {1: ['name', 'string'], 2: ['readOnly', 'bool'], 3: ['mountPath', 'string']};
const container: Schema = {
	1: ['name', 'string'],
	2: ['image', 'string'],
	3: ['command', 'strings'],
	4: ['args', 'strings'],
	9: ['volumeMounts', [volumeMount]],
	13: ['terminationMessagePath', 'string'],
	14: ['imagePullPolicy', 'string'],
	16: ['stdin', 'bool'],
	17: ['stdinOnce', 'bool'],
	18: ['tty', 'bool'],
	20: ['terminationMessagePolicy', 'string'],
};
const toleration: Schema = {1: ['key', 'string'], 2: ['operator', 'string'], 3: ['value', 'string'], 4: ['effect', 'string']};
const podSpec: Schema = {
	1: ['volumes', [volume]],
	2: ['containers', [container]],
	3: ['restartPolicy', 'string'],
	5: ['activeDeadlineSeconds', 'int'],
	10: ['nodeName', 'string'],
	11: ['hostNetwork', 'bool'],
	12: ['hostPID', 'bool'],
	13: ['hostIPC', 'bool'],
	20: ['initContainers', [container]],
	22: ['tolerations', [toleration]],
};
const pod: Schema = {1: ['metadata', objectMeta], 2: ['spec', podSpec]};

function decodeMessage(bytes: Uint8Array, schema: Schema): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	for (const field of readFields(bytes)) {
		const entry = schema[field.number];
		if (!entry) continue;
		const [name, type] = entry;
		if (type === 'string') {
			const value = decoder.decode(field.bytes);
			if (value !== '') result[name] = value;
		} else if (type === 'strings') {
			const list = (result[name] as string[] | undefined) ?? [];
			list.push(decoder.decode(field.bytes));
			result[name] = list;
		} else if (type === 'bool') {
			if (field.varint !== 0n) result[name] = true;
		} else if (type === 'int') {
			result[name] = Number(BigInt.asIntN(64, field.varint));
		} else if (type === 'map') {
			const entryValue = decodeMessage(field.bytes, keyValue);
			const map = (result[name] as Record<string, string> | undefined) ?? {};
			map[String(entryValue['key'] ?? '')] = String(entryValue['value'] ?? '');
			result[name] = map;
		} else if (Array.isArray(type)) {
			const list = (result[name] as unknown[] | undefined) ?? [];
			list.push(decodeMessage(field.bytes, (type as unknown as readonly [Schema])[0]));
			result[name] = list;
		} else if (name === '') {
			// An embedded message whose fields belong to the parent (Volume.volumeSource is inlined in JSON).
			Object.assign(result, decodeMessage(field.bytes, type as Schema));
		} else {
			result[name] = decodeMessage(field.bytes, type as Schema);
		}
	}
	return result;
}

export function hasMagic(body: Uint8Array): boolean {
	return body.length >= 4 && magic.every((byte, index) => body[index] === byte);
}

const resourceAttributes: Schema = {
	1: ['namespace', 'string'],
	2: ['verb', 'string'],
	3: ['group', 'string'],
	4: ['version', 'string'],
	5: ['resource', 'string'],
	6: ['subresource', 'string'],
	7: ['name', 'string'],
};
const accessReview: Schema = {1: ['metadata', objectMeta], 2: ['spec', {1: ['resourceAttributes', resourceAttributes]}]};

function decodeEnvelope(body: Uint8Array, expectedKind: string, schema: Schema, defaultApiVersion: string): Record<string, unknown> {
	if (!hasMagic(body)) throw new ProtobufError('missing k8s protobuf magic');
	let typeMeta: Record<string, unknown> = {};
	let raw: Uint8Array | null = null;
	for (const field of readFields(body.subarray(4))) {
		if (field.number === 1 && field.wire === 2) typeMeta = decodeMessage(field.bytes, {1: ['apiVersion', 'string'], 2: ['kind', 'string']});
		if (field.number === 2 && field.wire === 2) raw = field.bytes;
	}
	if (raw === null) throw new ProtobufError('envelope without an object');
	const kind = typeMeta['kind'] ?? expectedKind;
	if (kind !== expectedKind) throw new ProtobufError(`expected a ${expectedKind}, got ${String(kind)}`);
	return {apiVersion: typeMeta['apiVersion'] ?? defaultApiVersion, kind: expectedKind, ...decodeMessage(raw, schema)};
}

/** Decodes `k8s\0` + runtime.Unknown{typeMeta, raw Pod} into the JSON shape of a v1 Pod. */
export function decodePodEnvelope(body: Uint8Array): Record<string, unknown> {
	return decodeEnvelope(body, 'Pod', pod, 'v1');
}

/** `kubectl auth can-i` posts its SelfSubjectAccessReview in protobuf too. */
export function decodeAccessReviewEnvelope(body: Uint8Array): Record<string, unknown> {
	return decodeEnvelope(body, 'SelfSubjectAccessReview', accessReview, 'authorization.k8s.io/v1');
}

/** client-go typed deletes may send DeleteOptions in protobuf: 1 gracePeriodSeconds, 4 propagationPolicy. */
export function decodeDeleteOptionsEnvelope(body: Uint8Array): Record<string, unknown> {
	return decodeEnvelope(body, 'DeleteOptions', {1: ['gracePeriodSeconds', 'int'], 4: ['propagationPolicy', 'string']}, 'meta.k8s.io/v1');
}
