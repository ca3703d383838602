import {KubeConfig, RequestContext} from '@kubernetes/client-node';
import {describe, expect, it} from 'vitest';
import {apiErrorInfo} from '../../source/kube/api-error.js';
import {unreachableFailure} from '../../source/kube/probe-failure.js';
import {CredentialTimeoutError, limitRequests, maxTimerMs, parseRequestTimeout} from '../../source/kube/request-timeout.js';

describe('parseRequestTimeout', () => {
	it("reads kubectl's durations: bare seconds, ms, s, m, h; 0 is no limit", () => {
		expect(parseRequestTimeout('30')).toBe(30_000);
		expect(parseRequestTimeout('500ms')).toBe(500);
		expect(parseRequestTimeout('1.5s')).toBe(1500);
		expect(parseRequestTimeout('2m')).toBe(120_000);
		expect(parseRequestTimeout('1h')).toBe(3_600_000);
		expect(parseRequestTimeout('0')).toBe(0);
	});

	it('rejects what a timer cannot hold and what is not a duration, in one line', () => {
		expect(parseRequestTimeout('99999999')).toEqual({error: expect.stringMatching(/at most 24 days/)});
		expect(parseRequestTimeout('-1s')).toEqual({error: expect.stringMatching(/needs a duration/)});
		expect(parseRequestTimeout('soon\u001B[2J')).toEqual({error: expect.not.stringContaining('\u001B')});
	});
});

describe('limitRequests', () => {
	const kubeConfig = () => {
		const config = new KubeConfig();
		config.loadFromOptions({
			clusters: [{name: 'c', server: 'https://127.0.0.1:1', skipTLSVerify: true}],
			users: [{name: 'u', token: 't'}],
			contexts: [{name: 'x', cluster: 'c', user: 'u'}],
			currentContext: 'x',
		});
		return config;
	};

	it('gives each request a signal, keeps one the caller set, and adds none for 0', async () => {
		const limited = limitRequests(kubeConfig(), 1000);
		const context = new RequestContext('https://127.0.0.1:1/api/v1/nodes', 'GET' as never);
		await limited.applySecurityAuthentication(context);
		expect(context.getSignal()).toBeInstanceOf(AbortSignal);
		expect(context.getSignal()?.aborted).toBe(false);
		expect(context.getHeaders()['Authorization']).toBe('Bearer t');

		const own = new AbortController().signal;
		const preset = new RequestContext('https://127.0.0.1:1/api/v1/nodes', 'GET' as never);
		preset.setSignal(own);
		await limited.applySecurityAuthentication(preset);
		expect(preset.getSignal()).toBe(own);

		const unlimited = limitRequests(kubeConfig(), 0);
		const none = new RequestContext('https://127.0.0.1:1/api/v1/nodes', 'GET' as never);
		await unlimited.applySecurityAuthentication(none);
		expect(none.getSignal()).toBeUndefined();
		expect(maxTimerMs).toBe(2_147_483_647);
	});

	it("bounds a credential plugin that never answers, naming its command, on both auth paths", async () => {
		// A real exec plugin that hangs (and exits by itself well after the test, so nothing is left behind).
		const hanging = (): KubeConfig => {
			const config = new KubeConfig();
			config.loadFromOptions({
				clusters: [{name: 'c', server: 'https://127.0.0.1:1', skipTLSVerify: true}],
				users: [{name: 'u', exec: {apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', 'setTimeout(() => {}, 4000)'], interactiveMode: 'Never'}}],
				contexts: [{name: 'x', cluster: 'c', user: 'u'}],
				currentContext: 'x',
			});
			return config;
		};
		const limited = limitRequests(hanging(), 300);
		const context = new RequestContext('https://127.0.0.1:1/api/v1/nodes', 'GET' as never);
		await expect(limited.applySecurityAuthentication(context)).rejects.toThrow(/credential plugin \(exec: .*node.*\) did not answer within 300 ms/);
		const error = await limitRequests(hanging(), 300).applyToHTTPSOptions({}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(CredentialTimeoutError);
		// On screen: a timeout with the plugin's own fix, not "check the network path".
		expect(unreachableFailure(apiErrorInfo(error))).toMatchObject({reason: 'timeout', fix: expect.stringMatching(/run that command by hand/)});
	});
});
