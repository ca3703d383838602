/** metav1.Status failures worded as the real apiserver words them. */
import type {StatusError} from '../cluster-types.js';

export function notFound(resource: string, name: string): StatusError {
	return {code: 404, reason: 'NotFound', message: `${resource} "${name}" not found`, details: {name, kind: resource}};
}

export function alreadyExists(resource: string, name: string): StatusError {
	return {code: 409, reason: 'AlreadyExists', message: `${resource} "${name}" already exists`, details: {name, kind: resource}};
}

export function badRequest(message: string): StatusError {
	return {code: 400, reason: 'BadRequest', message};
}

export function internalError(message: string): StatusError {
	return {code: 500, reason: 'InternalError', message: `Internal error occurred: ${message}`, details: {causes: [{message}]}};
}

export function forbidden(resource: string, name: string, why: string): StatusError {
	return {code: 403, reason: 'Forbidden', message: `${resource} "${name}" is forbidden: ${why}`, details: {name, kind: resource}};
}

export type FieldError = {
	readonly field: string;
	readonly type: 'Required value' | 'Invalid value' | 'Unsupported value' | 'Not found';
	readonly detail: string;
	readonly value?: string;
};

const causeReason: Readonly<Record<FieldError['type'], string>> = {
	'Required value': 'FieldValueRequired',
	'Invalid value': 'FieldValueInvalid',
	'Unsupported value': 'FieldValueNotSupported',
	'Not found': 'FieldValueNotFound',
};

/** Thrown by a lab control (a fault) whose arguments the lab cannot obey; the HTTP layer answers 422 Invalid. */
export class FieldErrors extends Error {
	readonly errors: readonly FieldError[];

	constructor(errors: readonly FieldError[]) {
		super(errors.map((error) => `${error.field}: ${describeField(error)}`).join(', '));
		this.name = 'FieldErrors';
		this.errors = errors;
	}
}

function describeField(error: FieldError): string {
	const value = error.type === 'Required value' ? '' : `: ${JSON.stringify(error.value ?? '')}`;
	return `${error.type}${value}${error.detail ? `: ${error.detail}` : ''}`;
}

/** 422 Invalid, e.g. `Pod "x" is invalid: spec.containers: Required value`. */
export function invalid(kind: string, name: string, errors: readonly FieldError[]): StatusError {
	const parts = errors.map((error) => `${error.field}: ${describeField(error)}`);
	const list = parts.length === 1 ? parts[0]! : `[${parts.join(', ')}]`;
	return {
		code: 422,
		reason: 'Invalid',
		message: `${kind} "${name}" is invalid: ${list}`,
		details: {
			name,
			kind,
			causes: errors.map((error) => ({reason: causeReason[error.type], message: describeField(error), field: error.field})),
		},
	};
}
