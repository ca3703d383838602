/**
 * A total time limit on every non-streaming API request (connect, headers and body: node-fetch aborts all
 * three on the signal), so a server that stops answering cannot hold a command, a cleanup or q for ever.
 * client-node 1.4 sets no signal of its own on API calls; every call passes through the kubeconfig's
 * applySecurityAuthentication, which is where the signal goes. Watches and exec do not pass there: the
 * reflector's watchdog and the exec's own timer bound them.
 */
import type {KubeConfig} from '@kubernetes/client-node';
import {sanitizeLine} from '../text/sanitize.js';
import {bounded} from './bounded.js';

/** Default limit per request (kubectl's `--request-timeout`; 0 means none). */
export const defaultRequestTimeoutMs = 30_000;

/** Longest limit a timer can hold (setTimeout's 2^31-1 ms). */
export const maxTimerMs = 2 ** 31 - 1;

/** A kubeconfig `exec:` credential plugin (or auth provider) that did not print a credential in time. */
export class CredentialTimeoutError extends Error {
	override readonly name = 'TimeoutError';
	/** Read as a network error code by apiErrorInfo, so the failure gets its own fix (probe-failure.ts). */
	readonly code = credentialTimeoutCode;
}

export const credentialTimeoutCode = 'ECREDENTIALTIMEOUT';

/**
 * Applying the kubeconfig's auth may run its `exec:` credential plugin (aws, gcloud, kubelogin...), which
 * client-node waits for without a limit: one that hangs (a browser login nobody completes, a dead network)
 * would hold every request. Bounded by the same limit, with the plugin's command in the error.
 */
async function boundedAuth<T>(kubeConfig: KubeConfig, apply: () => Promise<T>, limit: number): Promise<T> {
	return bounded(apply(), limit, () => {
		const command = kubeConfig.getCurrentUser()?.exec?.command;
		const what = command ? `the kubeconfig's credential plugin (exec: ${sanitizeLine(String(command), 80)})` : "the kubeconfig's authentication";
		return new CredentialTimeoutError(`${what} did not answer within ${limit < 1000 ? `${limit} ms` : `${Math.round(limit / 1000)} s`}`);
	});
}

/**
 * Gives every API request made through `kubeConfig`'s API clients a total limit of `timeoutMs` (0: none), and
 * bounds the kubeconfig's auth (credential plugins) by the same limit on every path: API clients, our own
 * HTTP client and the exec WebSocket.
 */
export function limitRequests(kubeConfig: KubeConfig, timeoutMs: number): KubeConfig {
	setRequestLimit(kubeConfig, timeoutMs);
	if (!(timeoutMs > 0)) return kubeConfig;
	const limit = Math.min(timeoutMs, maxTimerMs);
	const apply = kubeConfig.applySecurityAuthentication.bind(kubeConfig);
	kubeConfig.applySecurityAuthentication = async context => {
		await boundedAuth(kubeConfig, async () => apply(context), limit);
		if (!context.getSignal()) context.setSignal(AbortSignal.timeout(limit));
	};
	const applyHttps = kubeConfig.applyToHTTPSOptions.bind(kubeConfig);
	kubeConfig.applyToHTTPSOptions = async options => boundedAuth(kubeConfig, async () => applyHttps(options), limit);
	return kubeConfig;
}

const requestLimits = new WeakMap<object, number>();

/** Records a kubeconfig's `--request-timeout` (0: none), which our own requests (pod-api.ts) read back. */
export function setRequestLimit(config: object, timeoutMs: number | undefined): void {
	const ms = timeoutMs ?? defaultRequestTimeoutMs;
	requestLimits.set(config, ms > 0 ? Math.min(ms, maxTimerMs) : maxTimerMs);
}

/** The total limit of one request through `config`: its recorded `--request-timeout`, else the default. */
export function requestLimitOf(config: object): number {
	return requestLimits.get(config) ?? defaultRequestTimeoutMs;
}

/**
 * kubectl's `--request-timeout` value: a number of seconds, or a duration such as `500ms`, `30s`, `2m`, `1h`;
 * 0 means no limit. Returns milliseconds, or a one-line reason it is not valid.
 */
export function parseRequestTimeout(value: string): number | {readonly error: string} {
	const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
	if (!match) return {error: `--request-timeout needs a duration such as 30s, 2m or 0 (no limit), not "${sanitizeLine(value, 40)}"`};
	const unit = match[2] ?? 's';
	const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000;
	const ms = Math.round(Number(match[1]) * factor);
	if (ms > maxTimerMs) return {error: `--request-timeout is at most ${Math.floor(maxTimerMs / 86_400_000)} days`};
	return ms;
}
