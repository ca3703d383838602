/**
 * What went wrong in an API call, read from whatever client-node threw: an ApiException (`code`, a body that
 * is the Status JSON as text), a watch error (`statusCode`), or a network error (`code: 'ECONNREFUSED'`).
 * Pure; every string sanitized.
 */
import {record, text} from './json-fields.js';
import {sanitizeLine} from '../text/sanitize.js';

export type ApiErrorInfo = {
	/** HTTP status, or null for network errors and timeouts. */
	readonly status: number | null;
	/** Status.reason (`Forbidden`, `NotFound`, `Expired`, …) or the network error code, or null. */
	readonly reason: string | null;
	/** One readable line. */
	readonly message: string;
};

function parseBody(body: unknown): Readonly<Record<string, unknown>> {
	if (typeof body === 'string') {
		try {
			return record(JSON.parse(body));
		} catch {
			return {};
		}
	}
	return record(body);
}

export function apiErrorInfo(error: unknown): ApiErrorInfo {
	const object = record(error);
	const numeric = [object['code'], object['statusCode']].find(
		(value): value is number => typeof value === 'number' && value >= 100 && value < 600,
	);
	const body = parseBody(object['body']);
	const statusMessage = text(body['message']);
	const statusReason = text(body['reason']);
	const networkCode = typeof object['code'] === 'string' ? sanitizeLine(object['code'], 40) : null;
	const base = error instanceof Error ? error : null;
	let message: string;
	if (statusMessage) {
		message = sanitizeLine(statusMessage);
	} else if (numeric !== undefined) {
		// ApiException messages embed the whole body and headers: keep the first line only.
		message = sanitizeLine((base?.message ?? '').split('\n')[0] ?? '') || `HTTP ${numeric}`;
	} else if (isAbortError(error)) {
		// node-fetch's "The user aborted a request.": our request timeout (request-timeout.ts) ran out.
		message = 'no answer from the API server in time (request timeout)';
	} else {
		message = sanitizeLine(base?.message ?? String(error)) || 'unknown error';
	}
	return {
		status: numeric ?? (typeof body['code'] === 'number' ? body['code'] : null),
		reason: statusReason ?? networkCode ?? (base?.name === 'AbortError' ? 'AbortError' : null),
		message,
	};
}

export function isNotFound(error: unknown): boolean {
	return apiErrorInfo(error).status === 404;
}

export function isAbortError(error: unknown): boolean {
	const object = record(error);
	return object['name'] === 'AbortError' || object['type'] === 'aborted';
}
