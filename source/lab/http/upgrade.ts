/**
 * Upgrade requests: exec and attach over WebSocket v5.channel.k8s.io, checked before the upgrade as the
 * apiserver does (token, faults, RBAC, pod exists and is not finished, container valid); SPDY and
 * anything else get a plain HTTP Status instead of a hang.
 */
import {STATUS_CODES, type IncomingMessage} from 'node:http';
import type {Duplex} from 'node:stream';
import type {StatusError} from '../cluster-types.js';
import {channelProtocol, offeredProtocols} from './exec-socket.js';
import {parseApiPath} from './paths.js';
import {authorized, isTrue, type RouterContext} from './router-context.js';
import {badRequest, notFound, statusBody, unauthorized} from './status.js';

/** Answers an upgrade request with a plain HTTP Status (the socket is closed afterwards). */
export function rejectUpgrade(socket: Duplex, error: StatusError): void {
	const body = JSON.stringify(statusBody(error));
	socket.end(
		`HTTP/1.1 ${error.code} ${STATUS_CODES[error.code] ?? 'Error'}\r\nContent-Type: application/json\r\n` +
			`Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
	);
}

export function createUpgradeHandler(context: RouterContext): (request: IncomingMessage, socket: Duplex, head: Buffer) => void {
	return (request, socket, head) => {
		socket.on('error', () => undefined);
		try {
			handleUpgrade(context, request, socket, head);
		} catch (error) {
			rejectUpgrade(socket, {code: 500, reason: 'InternalError', message: `Internal error occurred: ${error instanceof Error ? error.message : String(error)}`});
		}
	};
}

function handleUpgrade(context: RouterContext, request: IncomingMessage, socket: Duplex, head: Buffer): void {
	const url = new URL(request.url ?? '/', 'https://127.0.0.1');
	if (!authorized(request, context.token)) return rejectUpgrade(socket, unauthorized());
	const failure = context.faultState.takeFailure(`${url.pathname}${url.search}`);
	if (failure) return rejectUpgrade(socket, failure);
	const path = parseApiPath(url.pathname);
	const isStream =
		path.kind === 'resource' && path.resource === 'pods' && path.namespace !== null && path.name !== null && (path.subresource === 'exec' || path.subresource === 'attach');
	if (!isStream) return rejectUpgrade(socket, badRequest(`upgrade is not supported on ${url.pathname}`));
	const upgrade = (request.headers.upgrade ?? '').toLowerCase();
	if (upgrade !== 'websocket') {
		return rejectUpgrade(
			socket,
			badRequest(`${request.headers.upgrade ?? 'this'} upgrade is not supported by the netinspect lab: exec and attach speak WebSocket ${channelProtocol} only (kubectl >= 1.30)`),
		);
	}
	if (!offeredProtocols(request).includes(channelProtocol)) {
		return rejectUpgrade(socket, badRequest(`unsupported subprotocol: the netinspect lab speaks ${channelProtocol} only`));
	}
	const subresource = path.subresource === 'exec' ? 'exec' : 'attach';
	const denial = context.faultState.denial({verb: 'create', resource: 'pods', subresource, group: '', namespace: path.namespace, name: path.name});
	if (denial) return rejectUpgrade(socket, denial);
	const pod = context.cluster.get('pods', path.namespace, path.name ?? '');
	if (!pod) return rejectUpgrade(socket, notFound('pods', path.name ?? ''));
	const phase = (pod['status'] as {phase?: string} | undefined)?.phase;
	if (phase === 'Succeeded' || phase === 'Failed') {
		return rejectUpgrade(socket, badRequest(`cannot exec into or attach to a completed pod; current phase is ${phase}`));
	}
	const container = url.searchParams.get('container') || null;
	const containers = ((pod['spec'] as {containers?: {name?: string}[]} | undefined)?.containers ?? []).map(item => item.name);
	if (container !== null && !containers.includes(container)) {
		return rejectUpgrade(socket, badRequest(`container ${container} is not valid for pod ${path.name ?? ''}`));
	}
	context.execSockets.handle(request, socket, head, {
		mode: subresource,
		namespace: path.namespace ?? 'default',
		pod: path.name ?? '',
		container,
		command: url.searchParams.getAll('command'),
		tty: isTrue(url.searchParams.get('tty')),
	});
}
