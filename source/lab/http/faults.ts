/**
 * HTTP-level fault injection: what a client sees when the API server misbehaves. Tests drive it in-process
 * (`lab.faults`), others through `POST /lab/v1/faults` with the lab's token.
 */
import type {StatusError} from '../cluster-types.js';
import {expired, forbidden, internalError} from './status.js';

/** `namespace` absent: everywhere; null: only cluster-wide requests (all namespaces, cluster-scoped resources). */
export type DenyRule = {readonly verb: string; readonly resource: string; readonly namespace?: string | null};

export type HttpFaults = {
	/** Ends every open watch stream abruptly (connection reset, no final chunk). */
	readonly cutWatches: () => void;
	/** Ends every open watch stream cleanly, as the apiserver does when its watch timeout passes. */
	readonly endWatches: () => void;
	/** The next `count` requests (whose path and query match `path`, if given) get this Status. */
	readonly failNext: (options: {readonly count: number; readonly code: 410 | 500; readonly path?: RegExp}) => void;
	/** RBAC says no: 403 Forbidden with the apiserver's message for this verb and resource ("pods/exec" too). */
	readonly denyVerb: (rule: DenyRule) => void;
	/** Forgets every denial and pending failure. */
	readonly clearHttpFaults: () => void;
	/** As if the apiserver restarted: every connection drops and the resourceVersion jumps ahead. */
	readonly restart: (options: {readonly resourceVersionJump: number}) => void;
};

export type AccessAttributes = {
	readonly verb: string;
	readonly resource: string;
	readonly subresource?: string;
	readonly group?: string;
	readonly namespace: string | null;
	readonly name?: string | null;
};

export type FaultHooks = {
	readonly cutWatches: () => void;
	readonly endWatches: () => void;
	readonly dropConnections: () => void;
	readonly jumpResourceVersion: (delta: number) => void;
	readonly currentResourceVersion: () => number;
};

export const labUser = 'system:serviceaccount:default:netinspect';

export type FaultState = {
	readonly faults: HttpFaults;
	/** The injected failure for this request, if one is pending (consumes it). */
	readonly takeFailure: (pathAndQuery: string) => StatusError | null;
	/** The 403 for these attributes, or null when allowed. */
	readonly denial: (attributes: AccessAttributes) => StatusError | null;
};

export function createFaultState(hooks: FaultHooks): FaultState {
	let pending: {remaining: number; code: 410 | 500; path: RegExp | null}[] = [];
	let denials: DenyRule[] = [];
	const faults: HttpFaults = {
		cutWatches: () => hooks.cutWatches(),
		endWatches: () => hooks.endWatches(),
		failNext(options) {
			pending.push({remaining: options.count, code: options.code, path: options.path ?? null});
		},
		denyVerb(rule) {
			denials.push(rule);
		},
		clearHttpFaults() {
			pending = [];
			denials = [];
		},
		restart(options) {
			hooks.jumpResourceVersion(options.resourceVersionJump);
			hooks.cutWatches();
			hooks.dropConnections();
		},
	};
	return {
		faults,
		takeFailure(pathAndQuery) {
			const rule = pending.find(item => item.remaining > 0 && (item.path === null || item.path.test(pathAndQuery)));
			if (!rule) return null;
			rule.remaining--;
			pending = pending.filter(item => item.remaining > 0);
			if (rule.code === 410) return expired('0', hooks.currentResourceVersion());
			return internalError('injected fault: the lab answers 500');
		},
		denial(attributes) {
			const resource = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
			const denied = denials.some(
				rule =>
					(rule.verb === '*' || rule.verb === attributes.verb) &&
					(rule.resource === '*' || rule.resource === resource) &&
					(rule.namespace === undefined || rule.namespace === attributes.namespace),
			);
			if (!denied) return null;
			return forbidden({...attributes, user: labUser});
		},
	};
}
