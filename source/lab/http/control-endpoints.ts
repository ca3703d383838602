/**
 * SelfSubjectAccessReview (the RBAC preflight: allowed unless a denyVerb fault says no) and the lab's own
 * fault control surface, `POST /lab/v1/faults {"fault": name, "args": [...]}`.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import {decodeAccessReviewEnvelope, hasMagic} from './protobuf.js';
import {FaultArgumentError} from '../state/kernel-fault-controls.js';
import {readBody} from './read-body.js';
import type {RouterContext} from './router-context.js';
import {badRequest, methodNotAllowed, sendJson, sendStatus} from './status.js';
import {FieldErrors, invalid, type FieldError} from '../state/status-errors.js';
import {checkFaultArguments} from './fault-arguments.js';

export async function accessReview(request: IncomingMessage, response: ServerResponse, context: RouterContext) {
	if (request.method !== 'POST') return sendStatus(response, methodNotAllowed());
	const body = await readBody(request);
	let review: {spec?: {resourceAttributes?: Record<string, unknown>}};
	try {
		if (body === null) throw new Error('too large');
		review = (hasMagic(body) ? decodeAccessReviewEnvelope(body) : JSON.parse(body.toString('utf8'))) as typeof review;
	} catch {
		return sendStatus(response, badRequest('the body of the request was in an unknown format'));
	}
	const attributes = review.spec?.resourceAttributes ?? {};
	const text = (key: string) => (typeof attributes[key] === 'string' ? (attributes[key] as string) : '');
	const denial = context.faultState.denial({
		verb: text('verb'),
		resource: text('resource'),
		subresource: text('subresource') || undefined,
		group: text('group'),
		namespace: text('namespace') || null,
	});
	sendJson(response, 201, {
		kind: 'SelfSubjectAccessReview',
		apiVersion: 'authorization.k8s.io/v1',
		metadata: {creationTimestamp: null},
		spec: review.spec ?? {},
		status: denial === null ? {allowed: true, reason: 'netinspect lab: allowed'} : {allowed: false},
	});
}

/** Faults that drop every connection, the caller's too: answered before they run. */
const answeredFirst = new Set(['restart']);

const success = {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success'} as const;

const shown = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));

/** A fault that refused its arguments: 422 Invalid with the field errors, as the apiserver answers a bad body. */
function refusal(fault: string, error: unknown) {
	const errors: readonly FieldError[] =
		error instanceof FieldErrors
			? error.errors
			: error instanceof FaultArgumentError
				? [{field: error.field, type: 'Invalid value', value: shown(error.value), detail: error.detail}]
				: [{field: 'args', type: 'Invalid value', value: '', detail: error instanceof Error ? error.message : String(error)}];
	return invalid('Fault', fault, errors);
}

export async function faultControl(request: IncomingMessage, response: ServerResponse, context: RouterContext) {
	if (request.method !== 'POST') return sendStatus(response, methodNotAllowed());
	const body = await readBody(request);
	let command: {fault?: unknown; args?: unknown};
	try {
		command = JSON.parse(body?.toString('utf8') ?? '') as typeof command;
		if (typeof command !== 'object' || command === null || Array.isArray(command)) throw new Error('not an object');
	} catch {
		return sendStatus(response, badRequest('expected {"fault": name, "args": [...]}'));
	}
	const fault = typeof command.fault === 'string' && Object.hasOwn(context.faultMethods, command.fault) ? command.fault : null;
	const method = fault === null ? undefined : context.faultMethods[fault];
	if (fault === null || typeof method !== 'function') {
		return sendStatus(response, badRequest(`unknown fault; one of: ${Object.keys(context.faultMethods).join(', ')}`));
	}
	const checked = checkFaultArguments(fault, command.args);
	if (!checked.ok) return sendStatus(response, invalid('Fault', fault, checked.errors));
	const run = () => (method as (...values: unknown[]) => void)(...checked.values);
	if (answeredFirst.has(fault)) {
		// Answer first: restart drops every connection, this one included. Its arguments are checked above.
		sendJson(response, 200, success);
		response.on('finish', () => {
			try {
				run();
			} catch (error) {
				process.emitWarning(`lab fault ${fault} failed: ${error instanceof Error ? error.message : String(error)}`);
			}
		});
		return;
	}
	// Run first, so that a refused argument (FieldErrors, a kernel fault's FaultArgumentError) answers 422 Invalid.
	try {
		run();
	} catch (error) {
		return sendStatus(response, refusal(fault, error));
	}
	sendJson(response, 200, success);
}
