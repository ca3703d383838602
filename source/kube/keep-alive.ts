/**
 * One keep-alive connection pool per kubeconfig instead of a TLS handshake per API call. client-node 1.4
 * builds a new https.Agent for every request (kubeconfig's createAgent), so every create, log read and
 * delete opened a connection and parsed the CA again: a 1,000-node sweep spent ~7 s of its 36 s of CPU in
 * TLS setup, and a real API server pays the same. A plain agent (no proxy) is swapped for a cached
 * keep-alive one with the same TLS options; the cache is keyed by those options, so a credential plugin
 * that hands out a new client certificate gets a new pool. Idle pooled sockets do not hold the process.
 */
import http from 'node:http';
import https from 'node:https';
import type {KubeConfig} from '@kubernetes/client-node';

/** How long a pooled connection may sit idle: under Node's and Go's server idle timeouts (5 s, 90 s). */
export const idleSocketMs = 4000;

type TlsOptions = Pick<https.AgentOptions, 'ca' | 'cert' | 'key' | 'pfx' | 'passphrase' | 'rejectUnauthorized' | 'servername'>;
const tlsFields = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const;

function keyOf(options: TlsOptions): string {
	return JSON.stringify(
		tlsFields.map(field => {
			const value = options[field];
			if (Buffer.isBuffer(value)) return value.toString('base64');
			if (Array.isArray(value)) return value.map(entry => (Buffer.isBuffer(entry) ? entry.toString('base64') : entry));
			return value ?? null;
		}),
	);
}

/**
 * Maps a request's agent to a pooled keep-alive agent with the same TLS options; `forTls` gives the pooled
 * agent for a request that brings no agent of its own (light-kubeconfig.ts sets only TLS options and auth).
 */
export type AgentPool = ((agent: unknown) => unknown) & {
	readonly forTls: (secure: boolean, options: TlsOptions) => http.Agent;
};

export function createAgentPool(idleMs = idleSocketMs): AgentPool {
	let pooled: {readonly key: string; readonly agent: http.Agent} | null = null;
	const forTls = (secure: boolean, options: TlsOptions): http.Agent => {
		const key = `${secure ? 'https' : 'http'}:${keyOf(options)}`;
		if (pooled?.key !== key) {
			pooled?.agent.destroy();
			// `timeout` closes a pooled socket after 4 s idle (sooner when the server's Keep-Alive hint asks), before a
			// server's own idle timeout does: without it Node keeps idle sockets until the server closes them, and a
			// request sent on one at that moment fails with ECONNRESET. A long answer (a watch) is not cut by it.
			const tls = Object.fromEntries(tlsFields.filter(field => options[field] !== undefined).map(field => [field, options[field]]));
			const pooledOptions = {...tls, keepAlive: true, maxSockets: 64, timeout: idleMs};
			pooled = {key, agent: secure ? new https.Agent(pooledOptions) : new http.Agent(pooledOptions)};
		}
		return pooled.agent;
	};
	const pool = (agent: unknown): unknown => {
		// Proxies (http, https, socks) come as other agent classes: left as they are.
		const secure = agent?.constructor === https.Agent;
		if (!secure && agent?.constructor !== http.Agent) return agent;
		return forTls(secure, (agent as unknown as {readonly options: https.AgentOptions}).options);
	};
	return Object.assign(pool, {forTls});
}

/** Makes every API client of this kubeconfig reuse connections (see above). */
export function reuseConnections(kubeConfig: KubeConfig, idleMs = idleSocketMs): KubeConfig {
	const pool = createAgentPool(idleMs);
	const apply = kubeConfig.applySecurityAuthentication.bind(kubeConfig);
	kubeConfig.applySecurityAuthentication = async context => {
		await apply(context);
		const agent = pool(context.getAgent());
		if (agent !== context.getAgent()) context.setAgent(agent as http.Agent);
	};
	return kubeConfig;
}
