/**
 * metav1.Status bodies and the small JSON/text response helpers every handler uses. Everything the lab
 * answers is `application/json` (client-node refuses anything else), except pod logs.
 */
import type {ServerResponse} from 'node:http';
import type {StatusError} from '../cluster-types.js';

export type StatusBody = {
	readonly kind: 'Status';
	readonly apiVersion: 'v1';
	readonly metadata: Record<string, never>;
	readonly status: 'Failure';
	readonly message: string;
	readonly reason: string;
	readonly details?: StatusError['details'];
	readonly code: number;
};

export function statusBody(error: StatusError): StatusBody {
	return {
		kind: 'Status',
		apiVersion: 'v1',
		metadata: {},
		status: 'Failure',
		message: error.message,
		reason: error.reason,
		...(error.details === undefined ? {} : {details: error.details}),
		code: error.code,
	};
}

export function notFound(resource: string, name: string): StatusError {
	return {code: 404, reason: 'NotFound', message: `${resource} "${name}" not found`, details: {name, kind: resource}};
}

export function badRequest(message: string): StatusError {
	return {code: 400, reason: 'BadRequest', message};
}

export function methodNotAllowed(): StatusError {
	return {code: 405, reason: 'MethodNotAllowed', message: 'the server does not allow this method on the requested resource'};
}

export function unauthorized(): StatusError {
	return {code: 401, reason: 'Unauthorized', message: 'Unauthorized'};
}

export function internalError(message: string): StatusError {
	return {
		code: 500,
		reason: 'InternalError',
		message: `Internal error occurred: ${message}`,
		details: {causes: [{message}]},
	};
}

export function expired(requested: number | string, oldest: number): StatusError {
	return {code: 410, reason: 'Expired', message: `too old resource version: ${requested} (${oldest})`};
}

/** The apiserver's RBAC wording (k8s.io/apiserver endpoints/handlers/responsewriters forbiddenMessage). */
export function forbidden(attributes: {
	readonly user: string;
	readonly verb: string;
	readonly resource: string;
	readonly subresource?: string;
	readonly group?: string;
	readonly namespace?: string | null;
	readonly name?: string | null;
}): StatusError {
	const resource = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
	const scope = attributes.namespace
		? `in the namespace "${attributes.namespace}"`
		: 'at the cluster scope';
	const why = `User "${attributes.user}" cannot ${attributes.verb} resource "${resource}" in API group "${attributes.group ?? ''}" ${scope}`;
	const subject = attributes.name ? `${attributes.resource} "${attributes.name}"` : attributes.resource;
	return {
		code: 403,
		reason: 'Forbidden',
		message: `${subject} is forbidden: ${why}`,
		details: {...(attributes.name ? {name: attributes.name} : {}), kind: attributes.resource},
	};
}

export function sendJson(response: ServerResponse, code: number, body: unknown): void {
	sendJsonText(response, code, JSON.stringify(body));
}

/** `text` is JSON already. */
export function sendJsonText(response: ServerResponse, code: number, text: string): void {
	response.writeHead(code, {
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(text),
		'Cache-Control': 'no-cache, private',
	});
	response.end(text);
}

export function sendStatus(response: ServerResponse, error: StatusError): void {
	sendJson(response, error.code, statusBody(error));
}

export function sendText(response: ServerResponse, text: string): void {
	response.writeHead(200, {'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text)});
	response.end(text);
}
