/**
 * Turns what the API said into a ProbeFailure with a cause and a fix: Pod Security admission, RBAC,
 * image pulls, kubelet rejections, a command missing in the image. Pure.
 */
import {apiErrorInfo, type ApiErrorInfo} from './api-error.js';
import {debugUserId} from './debug-pod-spec.js';
import {credentialTimeoutCode} from './request-timeout.js';
import {integer, list, optionalRecord, record, text} from './json-fields.js';
import {sanitizeText} from '../text/sanitize.js';
import type {ProbeFailure, ProbePhase} from './types.js';

export type ApiAction = {
	readonly verb: string;
	/** `pods`, `pods/exec`, `nodes`, … */
	readonly resource: string;
	readonly namespace: string | null;
};

const imageFix = (image: string) =>
	`check that the image "${sanitizeText(image)}" exists and the node can pull it (mirror it for air-gapped clusters), or pass --image`;

export function roleHint(namespace: string): string {
	const ns = sanitizeText(namespace);
	return (
		`ask for a Role in "${ns}", e.g. kubectl create role netinspect -n ${ns} ` +
		'--verb=get,list,watch,create,delete --resource=pods,pods/exec ' +
		`&& kubectl create rolebinding netinspect -n ${ns} --role=netinspect --user=<you>; or pass --debug-namespace`
	);
}

export function privilegedNamespaceHint(namespace: string, level: string | null): string {
	const ns = sanitizeText(namespace);
	const label = level ? `pod-security.kubernetes.io/enforce=${sanitizeText(level)}` : 'its pod-security.kubernetes.io/enforce label';
	return (
		`namespace "${ns}" has ${label}, which forbids hostNetwork; pass --debug-namespace NS for a namespace labelled ` +
		'pod-security.kubernetes.io/enforce=privileged (e.g. kubectl create namespace netinspect && kubectl label namespace ' +
		'netinspect pod-security.kubernetes.io/enforce=privileged)'
	);
}

const credentialCodes = /^ERR_OSSL|KEY|PEM|DECODER|ASN1|ERR_SSL_(?:SSLV3_ALERT|TLSV1_ALERT|TLSV13_ALERT)_(?:BAD_CERTIFICATE|CERTIFICATE_REQUIRED|CERTIFICATE_UNKNOWN|UNKNOWN_CA)/i;
const serverCertificateCodes = /CERT|SELF_SIGNED|UNABLE_TO_(?:GET|VERIFY)|ERR_TLS|ERR_SSL|EPROTO|HOSTNAME/i;

/**
 * No HTTP answer: tells a timeout, a TLS trust problem (the server's certificate against the kubeconfig's CA),
 * bad client credentials (certificate/key), a refused connection and a name that does not resolve apart, each
 * with the fix that applies; only what is left points at the network path.
 */
export function unreachableFailure(info: ApiErrorInfo): ProbeFailure {
	const code = info.reason ?? '';
	if (code === 'AbortError') {
		return {
			reason: 'timeout',
			message: `the API server did not answer in time (${info.message})`,
			fix: 'check that the API server is up and not overloaded (kubectl get --raw /readyz); --request-timeout sets the limit',
		};
	}
	if (code === credentialTimeoutCode) {
		return {
			reason: 'timeout',
			message: info.message,
			fix: 'run that command by hand to see why (a login waiting for a browser, a VPN, a dead network); --request-timeout sets the limit',
		};
	}
	if (credentialCodes.test(code)) {
		return {
			reason: 'forbidden',
			message: `TLS: the kubeconfig's client certificate or key cannot be used (${code}): ${info.message}`,
			fix: "check the user's client-certificate(-data) and client-key(-data) in the kubeconfig: they must be a matching pair the cluster's CA signed",
		};
	}
	if (serverCertificateCodes.test(code)) {
		return {
			reason: 'forbidden',
			message: `TLS: the API server's certificate does not match the kubeconfig's CA (${code}): ${info.message}`,
			fix: "check the cluster's certificate-authority(-data) in the kubeconfig; a cluster re-created since has a new CA: get a fresh kubeconfig",
		};
	}
	if (code === 'ECONNREFUSED') {
		return {
			reason: 'unknown',
			message: `nothing answers at the API server's address: ${info.message}`,
			fix: "check that the cluster is running and the kubeconfig's server address and port (--context)",
		};
	}
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return {
			reason: 'unknown',
			message: `the API server's host name does not resolve: ${info.message}`,
			fix: "check the kubeconfig's server address (--context) and your DNS or VPN",
		};
	}
	return {
		reason: 'unknown',
		message: `cannot reach the API server: ${info.message}`,
		fix: 'check the network path to the cluster and the --context',
	};
}

/** An API call failed: 403 from Pod Security or RBAC, 404, 5xx, network. */
export function failureFromApiError(error: unknown, action: ApiAction): ProbeFailure {
	const info = apiErrorInfo(error);
	const where = action.namespace ? ` in namespace "${sanitizeText(action.namespace)}"` : '';
	if (info.status === 403) {
		const podSecurity = /violates PodSecurity "([a-z]+)(?::[^"]*)?"/.exec(info.message);
		if (podSecurity || /PodSecurity|pod security/i.test(info.message)) {
			return {
				reason: 'admission',
				message: `Pod Security admission rejected the debug pod: ${info.message}`,
				fix: privilegedNamespaceHint(action.namespace ?? 'default', podSecurity?.[1] ?? null),
			};
		}
		if (/cannot|forbidden: User/i.test(info.message) || info.reason === 'Forbidden') {
			return {
				reason: 'forbidden',
				message: `not allowed to ${action.verb} ${action.resource}${where}: ${info.message}`,
				fix: roleHint(action.namespace ?? 'default'),
			};
		}
		return {reason: 'admission', message: `rejected by admission: ${info.message}`, fix: 'see the message; try --debug-namespace'};
	}
	if (info.status === 401) {
		return {
			reason: 'forbidden',
			message: `not authenticated: ${info.message}`,
			fix: 'refresh your credentials (kubectl get nodes should work with the same --context)',
		};
	}
	if (info.status === null) return unreachableFailure(info);
	if (info.status === 404 && action.namespace !== null && /namespaces? "[^"]*" not found/.test(info.message)) {
		const ns = sanitizeText(action.namespace);
		return {
			reason: 'unknown',
			message: `namespace "${ns}" does not exist`,
			fix: `pass --debug-namespace with an existing namespace, or create it (kubectl create namespace ${ns})`,
		};
	}
	return {
		reason: 'unknown',
		message: `${action.verb} ${action.resource}${where} failed (HTTP ${info.status}): ${info.message}`,
		fix: 'try again; if it persists, check the API server',
	};
}

/** Where a pod is on its way to running, or why it will never get there. */
export type PodProgress = {
	readonly phase: ProbePhase;
	readonly message: string;
	readonly failure: ProbeFailure | null;
};

const imagePullReasons = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'RegistryUnavailable']);
const configReasons = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError', 'CrashLoopBackOff']);

export function podProgress(pod: unknown, image: string): PodProgress {
	const object = record(pod);
	const spec = record(object['spec']);
	const status = record(object['status']);
	const metadata = record(object['metadata']);
	const phase = text(status['phase']) ?? '';
	const node = text(spec['nodeName']) ?? '?';
	if (phase === 'Failed' || phase === 'Succeeded') {
		const reason = text(status['reason']) ?? phase;
		const detail = text(status['message']);
		const deadline = reason === 'DeadlineExceeded';
		return {
			phase: 'failed',
			message: `debug pod ${phase === 'Failed' ? 'failed' : 'exited'}: ${reason}${detail ? ` (${detail})` : ''}`,
			failure: {
				reason: 'pod-failed',
				message: `debug pod ${phase.toLowerCase()} on ${node}: ${reason}${detail ? `: ${detail}` : ''}`,
				fix: deadline
					? 'its time-to-live ran out; inspect the node again to start a new one'
					: 'the kubelet refused or stopped the pod; check node resources (kubectl describe node) and try again',
			},
		};
	}
	const containers = list(status['containerStatuses']).map(record);
	for (const container of containers) {
		const state = record(container['state']);
		const waiting = record(state['waiting']);
		const reason = text(waiting['reason']);
		const message = text(waiting['message']);
		if (reason && imagePullReasons.has(reason)) {
			return {
				phase: 'failed',
				message: `${reason} ${sanitizeText(image)}`,
				failure: {reason: 'image-pull', message: `${reason}: ${message ?? sanitizeText(image)}`, fix: imageFix(image)},
			};
		}
		if (reason && configReasons.has(reason)) {
			return {
				phase: 'failed',
				message: reason,
				failure: {
					reason: 'pod-failed',
					message: `${reason}${message ? `: ${message}` : ''}`,
					fix: 'the container could not start; try another --image',
				},
			};
		}
		const terminated = optionalRecord(state['terminated']);
		if (terminated) {
			const code = integer(terminated['exitCode']) ?? 0;
			return {
				phase: 'failed',
				message: `debug container exited (${code})`,
				failure: {
					reason: 'pod-failed',
					message: `debug container exited with code ${code}${text(terminated['reason']) ? ` (${text(terminated['reason'])})` : ''}`,
					fix: `the image must provide \`sleep\`; try --image ${sanitizeText(image)} or a BusyBox image`,
				},
			};
		}
		if (optionalRecord(state['running']) !== null) {
			return {phase: 'running', message: `running on ${node}`, failure: null};
		}
		if (reason) return {phase: 'pulling', message: `${reason}: pulling ${sanitizeText(image)}`, failure: null};
	}
	if (metadata['deletionTimestamp']) {
		return {
			phase: 'failed',
			message: 'debug pod is being deleted',
			failure: {reason: 'pod-deleted', message: 'the debug pod is being deleted', fix: 'inspect the node again'},
		};
	}
	const scheduled = list(status['conditions']).some(entry => {
		const condition = record(entry);
		return condition['type'] === 'PodScheduled' && condition['status'] === 'True';
	});
	if (scheduled || phase === 'Pending') {
		return {phase: scheduled ? 'scheduled' : 'creating', message: scheduled ? `scheduled on ${node}` : 'pending', failure: null};
	}
	return {phase: 'creating', message: 'creating debug pod', failure: null};
}

export function imageCommandMissing(command: string, image: string): ProbeFailure {
	return {
		reason: 'command-missing',
		message: `\`${sanitizeText(command)}\` is not in the image ${sanitizeText(image)}, or user ${debugUserId} may not run it`,
		fix: `use an image with iproute2 or BusyBox whose tools user ${debugUserId} may run (the debug pod is not root), e.g. --image ${'busybox:1.37.0'} or nicolaka/netshoot`,
	};
}
