/**
 * The arguments each fault takes over `POST /lab/v1/faults`, checked before the fault runs, as the apiserver
 * validates a body: every problem is a field error (`args[0]: Invalid value: "abc": …`) and the answer is
 * 422 Invalid. What only the cluster knows (does that node exist?) the fault itself checks (FieldErrors).
 */
import type {FieldError} from '../state/status-errors.js';

type Arg =
	| {readonly kind: 'string'}
	| {readonly kind: 'boolean'}
	| {readonly kind: 'count'; readonly min: number; readonly max: number}
	| {readonly kind: 'one-of'; readonly values: readonly (string | number)[]}
	| {readonly kind: 'regexp'}
	| {readonly kind: 'destination'}
	| {readonly kind: 'nullable'; readonly arg: Arg}
	| {readonly kind: 'object'; readonly fields: Readonly<Record<string, Arg>>; readonly optional?: readonly string[]};

const text: Arg = {kind: 'string'};
const node: Arg = text;

/** The argument list of every fault the lab serves (the keys are the fault names). */
export const faultArguments: Readonly<Record<string, readonly Arg[]>> = {
	cutWatches: [],
	endWatches: [],
	clearHttpFaults: [],
	failNext: [{kind: 'object', fields: {count: {kind: 'count', min: 1, max: 1_000_000}, code: {kind: 'one-of', values: [410, 500]}, path: {kind: 'regexp'}}, optional: ['path']}],
	denyVerb: [{kind: 'object', fields: {verb: text, resource: text, namespace: text}, optional: ['namespace']}],
	restart: [{kind: 'object', fields: {resourceVersionJump: {kind: 'count', min: 0, max: 1_000_000_000}}}],
	failImagePull: [{kind: 'nullable', arg: text}],
	setPodSecurity: [text, {kind: 'one-of', values: ['privileged', 'baseline', 'restricted']}],
	setNodeReady: [node, {kind: 'boolean'}],
	removeRoute: [node, {kind: 'destination'}],
	restoreRoutes: [node],
	setExecFault: [{kind: 'nullable', arg: {kind: 'object', fields: {mode: {kind: 'one-of', values: ['hang', 'truncate']}, node}, optional: ['node']}}],
	jumpResourceVersion: [{kind: 'count', min: 0, max: 1_000_000_000}],
};

const ipv4Cidr = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function isDestination(value: string): boolean {
	if (value === 'default') return true;
	const parts = ipv4Cidr.exec(value);
	if (parts !== null) return parts.slice(1, 5).every(part => Number(part) <= 255) && Number(parts[5]) <= 32;
	const [address, length, ...rest] = value.split('/');
	return rest.length === 0 && /^[0-9a-f:]+$/i.test(address ?? '') && (address ?? '').includes(':') && /^\d{1,3}$/.test(length ?? '') && Number(length) <= 128;
}

const shown = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));

/** Checks one argument; returns the value the fault takes (a regexp for `path`) or pushes field errors. */
function check(arg: Arg, value: unknown, field: string, errors: FieldError[]): unknown {
	const wrong = (detail: string): undefined => {
		errors.push({field, type: 'Invalid value', value: shown(value), detail});
		return undefined;
	};
	switch (arg.kind) {
		case 'string': {
			return typeof value === 'string' && value !== '' && value.length <= 253 ? value : wrong('must be a non-empty string of at most 253 characters');
		}
		case 'boolean': {
			return typeof value === 'boolean' ? value : wrong('must be true or false');
		}
		case 'count': {
			return typeof value === 'number' && Number.isInteger(value) && value >= arg.min && value <= arg.max
				? value
				: wrong(`must be a whole number from ${arg.min} to ${arg.max}`);
		}
		case 'one-of': {
			if (arg.values.includes(value as string | number)) return value;
			errors.push({field, type: 'Unsupported value', value: shown(value), detail: `supported values: ${arg.values.map(item => JSON.stringify(item)).join(', ')}`});
			return undefined;
		}
		case 'regexp': {
			if (typeof value !== 'string') return wrong('must be a regular expression, as a string');
			try {
				return new RegExp(value);
			} catch (error) {
				return wrong((error as Error).message);
			}
		}
		case 'destination': {
			return typeof value === 'string' && isDestination(value) ? value : wrong('must be "default" or a CIDR such as 10.0.0.0/8');
		}
		case 'nullable': {
			return value === null ? null : check(arg.arg, value, field, errors);
		}
		case 'object': {
			if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrong(`must be an object with ${Object.keys(arg.fields).join(', ')}`);
			const record = value as Readonly<Record<string, unknown>>;
			const out: Record<string, unknown> = {};
			for (const key of Object.keys(record)) {
				if (!Object.hasOwn(arg.fields, key)) errors.push({field: `${field}.${key}`, type: 'Invalid value', value: shown(record[key]), detail: 'unknown field'});
			}
			for (const [key, fieldArg] of Object.entries(arg.fields)) {
				if (record[key] === undefined) {
					if (!arg.optional?.includes(key)) errors.push({field: `${field}.${key}`, type: 'Required value', detail: ''});
					continue;
				}
				out[key] = check(fieldArg, record[key], `${field}.${key}`, errors);
			}
			return out;
		}
	}
}

export type CheckedArguments = {readonly ok: true; readonly values: readonly unknown[]} | {readonly ok: false; readonly errors: readonly FieldError[]};

/**
 * The fault's arguments checked against its list. A fault without a list here (one added later) gets its
 * arguments as given: it must check them itself, and anything it throws still becomes a 422.
 */
export function checkFaultArguments(fault: string, args: unknown): CheckedArguments {
	if (args !== undefined && !Array.isArray(args)) {
		return {ok: false, errors: [{field: 'args', type: 'Invalid value', value: shown(args), detail: 'must be an array'}]};
	}
	const given: readonly unknown[] = args ?? [];
	const specs = Object.hasOwn(faultArguments, fault) ? faultArguments[fault] : undefined;
	if (specs === undefined) return {ok: true, values: given};
	const errors: FieldError[] = [];
	if (given.length > specs.length) {
		errors.push({field: 'args', type: 'Invalid value', value: shown(given), detail: `${fault} takes ${specs.length} argument${specs.length === 1 ? '' : 's'}`});
	}
	const values = specs.map((spec, index) => {
		if (index >= given.length) {
			errors.push({field: `args[${index}]`, type: 'Required value', detail: ''});
			return undefined;
		}
		return check(spec, given[index], `args[${index}]`, errors);
	});
	return errors.length > 0 ? {ok: false, errors} : {ok: true, values};
}
