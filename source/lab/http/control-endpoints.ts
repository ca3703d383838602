/**
 * SelfSubjectAccessReview (the RBAC preflight: allowed unless a denyVerb fault says no) and the lab's own
 * fault control surface, `POST /lab/v1/faults {"fault": name, "args": [...]}`.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import {decodeAccessReviewEnvelope, hasMagic} from './protobuf.js';
import {FaultArgumentError} from '../state/kernel-fault-controls.js';
import {invalid} from '../state/status-errors.js';
import {readBody} from './read-body.js';
import type {RouterContext} from './router-context.js';
import {badRequest, methodNotAllowed, sendJson, sendStatus} from './status.js';

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

/** 422 Invalid with the refused argument as the field, as the apiserver answers a bad body. */
function refused(fault: string, error: unknown) {
	const field = error instanceof FaultArgumentError ? error.field : 'args';
	const detail = error instanceof FaultArgumentError ? error.detail : error instanceof Error ? error.message : String(error);
	const value = error instanceof FaultArgumentError ? (typeof error.value === 'string' ? error.value : (JSON.stringify(error.value) ?? String(error.value))) : '';
	return invalid('Fault', fault, [{field, type: 'Invalid value', value, detail}]);
}

export async function faultControl(request: IncomingMessage, response: ServerResponse, context: RouterContext) {
	if (request.method !== 'POST') return sendStatus(response, methodNotAllowed());
	const body = await readBody(request);
	let command: {fault?: unknown; args?: unknown};
	try {
		command = JSON.parse(body?.toString('utf8') ?? '') as typeof command;
	} catch {
		return sendStatus(response, badRequest('expected {"fault": name, "args": [...]}'));
	}
	const method = typeof command.fault === 'string' && Object.hasOwn(context.faultMethods, command.fault) ? context.faultMethods[command.fault] : undefined;
	if (typeof method !== 'function') {
		return sendStatus(response, badRequest(`unknown fault; one of: ${Object.keys(context.faultMethods).join(', ')}`));
	}
	const args = (Array.isArray(command.args) ? command.args : []).map(argument => {
		if (argument && typeof argument === 'object' && typeof (argument as {path?: unknown}).path === 'string') {
			return {...argument, path: new RegExp((argument as {path: string}).path)};
		}
		return argument;
	});
	const success = {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success'};
	const run = () => (method as (...values: unknown[]) => void)(...args);
	if (command.fault !== 'restart') {
		// Run first, so that a refused argument answers 422 Invalid naming it (a kernel fault's FaultArgumentError).
		try {
			run();
		} catch (error) {
			return sendStatus(response, refused(String(command.fault), error));
		}
		return sendJson(response, 200, success);
	}
	// Answer first: restart drops every connection, this one included.
	sendJson(response, 200, success);
	response.on('finish', run);
}
