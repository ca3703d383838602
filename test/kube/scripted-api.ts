/**
 * A tiny API server on 127.0.0.1 that answers every request the way a test scripts it (401, 500, …), over
 * HTTP or over HTTPS with a certificate of its own CA, and a kubeconfig (client-node KubeConfig) for it.
 */
import {createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import type {AddressInfo} from 'node:net';
import {KubeConfig} from '@kubernetes/client-node';
import {makeCertificates} from '../../source/lab/http/tls.js';

export type ScriptedApi = {
	readonly kubeConfig: KubeConfig;
	readonly requests: () => readonly string[];
	readonly close: () => Promise<void>;
};

export type Answer = (request: IncomingMessage, response: ServerResponse) => void;

/** A Status answer, as an apiserver sends it. */
export function status(code: number, reason: string, message: string): Answer {
	return (_request, response) => {
		response.writeHead(code, {'content-type': 'application/json'});
		response.end(JSON.stringify({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code}));
	};
}

export function kubeConfigFor(server: string, caCert?: string): KubeConfig {
	const kubeConfig = new KubeConfig();
	kubeConfig.loadFromOptions({
		// client-node refuses plain http unless TLS verification is off (there is no TLS to verify then).
		clusters: [{name: 'scripted', server, ...(caCert ? {caData: Buffer.from(caCert).toString('base64')} : {}), skipTLSVerify: server.startsWith('http:')}],
		users: [{name: 'scripted', token: 'scripted-token'}],
		contexts: [{name: 'scripted', cluster: 'scripted', user: 'scripted'}],
		currentContext: 'scripted',
	});
	return kubeConfig;
}

async function listen(server: Server): Promise<number> {
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return (server.address() as AddressInfo).port;
}

async function closeServer(server: Server): Promise<void> {
	server.closeAllConnections();
	await new Promise<void>(resolve => server.close(() => resolve()));
}

/** Plain HTTP, every request answered by `answer`. */
export async function startScriptedApi(answer: Answer): Promise<ScriptedApi> {
	const seen: string[] = [];
	const server = createHttpServer((request, response) => {
		seen.push(`${request.method ?? ''} ${request.url ?? ''}`);
		answer(request, response);
	});
	const port = await listen(server);
	return {kubeConfig: kubeConfigFor(`http://127.0.0.1:${port}`), requests: () => seen, close: async () => closeServer(server)};
}

/** HTTPS with a certificate from one CA, and a kubeconfig that trusts another: the TLS handshake fails. */
export async function startOtherCaApi(): Promise<ScriptedApi> {
	const served = await makeCertificates();
	const trusted = await makeCertificates();
	const server = createHttpsServer({cert: served.cert, key: served.key}, (_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'});
		response.end('{"kind":"PodList","items":[]}');
	});
	const port = await listen(server);
	return {kubeConfig: kubeConfigFor(`https://127.0.0.1:${port}`, trusted.caCert), requests: () => [], close: async () => closeServer(server)};
}

/** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
	const server = createHttpServer();
	const port = await listen(server);
	await closeServer(server);
	return port;
}
