/**
 * Runs one command in a pod over a `ws` WebSocket that speaks the exec channel protocol itself
 * (v5.channel.k8s.io, else v4: one byte of channel, then data; 1 stdout, 2 stderr, 3 the Status, as JSON,
 * whose causes carry the exit code) and waits for it to really end (client-node 1.4.0's Exec resolved when
 * the socket opened: E0). Completes on the status frame, OR the socket closing (a close without status is
 * an error: E1), OR a per-exec timeout (also bounding the handshake). No stdin, no TTY. Output goes to
 * private capped sinks (E7) that tolerate writes after end (E2); server-sent channel 255, unknown channels
 * and text frames are ignored (E3, E6), and the Status body of a refused upgrade is read (E10).
 * Without client-node: the kubeconfig's TLS and auth come from an ApiConfig (light-kubeconfig.ts's, or
 * client-node's KubeConfig with its exec plugins and proxies when the kubeconfig needs them).
 */
import {Writable} from 'node:stream';
import tls from 'node:tls';
import WebSocket from 'ws';
import type {ApiConfig} from './api-client.js';
import {record, text} from './json-fields.js';
import {sanitizeLine} from '../text/sanitize.js';

export type ExecRequest = {
	readonly namespace: string;
	readonly pod: string;
	readonly container: string;
	readonly command: readonly string[];
	readonly timeoutMs: number;
	/** Cap on captured stdout and stderr, each (bytes). */
	readonly maxBytes?: number;
	readonly signal?: AbortSignal;
};

export type ExecOutcome = 'exited' | 'closed-without-status' | 'timeout' | 'aborted' | 'error';

export type ExecResult = {
	readonly outcome: ExecOutcome;
	/** From the status frame: 0 on Success, the ExitCode cause on NonZeroExitCode, else null. */
	readonly exitCode: number | null;
	/** Raw (unsanitized) output: parsers read it; whoever prints it sanitizes. */
	readonly stdout: string;
	readonly stderr: string;
	readonly truncated: boolean;
	/** One sanitized line when outcome is not `exited` or the status was a non-exit-code failure. */
	readonly error: string | null;
	/** HTTP status of a refused upgrade (403 for RBAC on pods/exec), else null. */
	readonly httpStatus: number | null;
};

const defaultMaxBytes = 4 * 1024 * 1024;
const protocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

class CappedSink extends Writable {
	private readonly chunks: Buffer[] = [];
	private size = 0;
	private readonly cap: number;
	truncated = false;

	constructor(cap: number) {
		super();
		this.cap = cap;
		// Writes after end (a late frame after the status, E2) must never crash the process.
		this.on('error', () => undefined);
	}

	override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		const room = this.cap - this.size;
		if (room > 0) {
			const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
			this.chunks.push(Buffer.from(part));
			this.size += part.length;
		}
		if (chunk.length > room) this.truncated = true;
		callback();
	}

	text(): string {
		return Buffer.concat(this.chunks).toString('utf8');
	}
}

/** Exit code from a v4/v5 status frame: `details.causes[reason=ExitCode].message`. */
export function exitCodeFromStatus(status: unknown): number | null {
	const object = record(status);
	if (object['status'] === 'Success') return 0;
	if (object['reason'] !== 'NonZeroExitCode') return null;
	for (const cause of Array.isArray(record(object['details'])['causes']) ? (record(object['details'])['causes'] as unknown[]) : []) {
		const entry = record(cause);
		if (entry['reason'] === 'ExitCode' && typeof entry['message'] === 'string' && /^\d+$/.test(entry['message'])) {
			return Number(entry['message']);
		}
	}
	return null;
}

/** An upgrade that the server refused, with the Status it sent (client-node loses it: E10). */
class UpgradeRefused extends Error {
	readonly statusCode: number;
	readonly body: string;

	constructor(statusCode: number, body: string) {
		super(`upgrade refused: HTTP ${statusCode}`);
		this.statusCode = statusCode;
		this.body = body;
	}
}

type TlsMaterial = Pick<WebSocket.ClientOptions, 'ca' | 'cert' | 'key' | 'pfx' | 'passphrase'>;

let sharedContext: {readonly material: TlsMaterial; readonly context: tls.SecureContext} | null = null;

function sameMaterial(a: TlsMaterial, b: TlsMaterial): boolean {
	const same = (x: unknown, y: unknown) => (Buffer.isBuffer(x) && Buffer.isBuffer(y) ? x.equals(y) : x === y);
	return same(a.ca, b.ca) && same(a.cert, b.cert) && same(a.key, b.key) && same(a.pfx, b.pfx) && a.passphrase === b.passphrase;
}

/**
 * One TLS context for every exec with the same CA and client certificate: client-node hands out fresh
 * options on each call, and a context built from them (parsing the CA and the key) costs more CPU than the
 * rest of a refresh's exec.
 */
export function secureContextFor(options: TlsMaterial): tls.SecureContext | undefined {
	if (Array.isArray(options.ca) || Array.isArray(options.cert) || Array.isArray(options.key) || Array.isArray(options.pfx)) return undefined;
	const material: TlsMaterial = {ca: options.ca, cert: options.cert, key: options.key, pfx: options.pfx, passphrase: options.passphrase};
	if (sharedContext === null || !sameMaterial(sharedContext.material, material)) {
		sharedContext = {material, context: tls.createSecureContext(material as tls.SecureContextOptions)};
	}
	return sharedContext.context;
}

/** The exec's URL: `stdout`, `stderr`, `stdin=false`, `tty=false`, each argument a `command` (no shell). */
function execPath(request: Pick<ExecRequest, 'namespace' | 'pod' | 'container' | 'command'>): string {
	const query = new URLSearchParams({stdout: 'true', stderr: 'true', stdin: 'false', tty: 'false'});
	for (const argument of request.command) query.append('command', argument);
	query.append('container', request.container);
	return `/api/v1/namespaces/${encodeURIComponent(request.namespace)}/pods/${encodeURIComponent(request.pod)}/exec?${query.toString()}`;
}

/** Opens the exec's socket with the kubeconfig's TLS and auth; rejects with UpgradeRefused when refused. */
async function openSocket(kubeConfig: ApiConfig, path: string, handshakeTimeout: number, onSocket: (socket: WebSocket) => void): Promise<WebSocket> {
	const cluster = kubeConfig.getCurrentCluster();
	if (!cluster) throw new Error('no cluster in the current context');
	const url = `${cluster.server.replace(/\/+$/, '').replace(/^http/, 'ws')}${path}`;
	const options: WebSocket.ClientOptions = {};
	await kubeConfig.applyToHTTPSOptions(options as Parameters<ApiConfig['applyToHTTPSOptions']>[0]);
	const secureContext = url.startsWith('wss:') ? secureContextFor(options) : undefined;
	if (secureContext) (options as tls.ConnectionOptions).secureContext = secureContext;
	return new Promise<WebSocket>((resolve, reject) => {
		const socket = new WebSocket(url, protocols, {...options, handshakeTimeout});
		onSocket(socket);
		let opened = false;
		socket.on('unexpected-response', (request, response) => {
			const chunks: Buffer[] = [];
			let size = 0;
			response.on('data', (chunk: Buffer) => {
				if (size < 64 * 1024) chunks.push(chunk);
				size += chunk.length;
			});
			response.on('end', () => {
				reject(new UpgradeRefused(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
				request.destroy();
			});
			response.on('error', () => reject(new UpgradeRefused(response.statusCode ?? 0, '')));
		});
		socket.on('open', () => {
			opened = true;
			resolve(socket);
		});
		socket.on('error', error => {
			if (!opened) reject(error);
		});
	});
}

/** The refused upgrade's Status message, else a generic line. */
function refusedMessage(error: UpgradeRefused): string {
	try {
		const body = record(JSON.parse(error.body));
		if (typeof body['message'] === 'string') return sanitizeLine(body['message']);
	} catch {
		// not a Status: keep the generic message
	}
	return `exec refused (HTTP ${error.statusCode})`;
}

export async function execInPod(kubeConfig: ApiConfig, request: ExecRequest): Promise<ExecResult> {
	const maxBytes = request.maxBytes ?? defaultMaxBytes;
	const stdout = new CappedSink(maxBytes);
	const stderr = new CappedSink(maxBytes);
	const sockets = new Set<WebSocket>();

	return new Promise<ExecResult>(resolve => {
		let settled = false;
		let status: unknown = null;
		const finish = (outcome: ExecOutcome, error: string | null, httpStatus: number | null = null) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			request.signal?.removeEventListener('abort', onAbort);
			for (const socket of sockets) {
				if (socket.readyState === WebSocket.OPEN) socket.close(1000);
				else if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
				// A socket that will not finish its closing handshake must not keep the process alive.
				setTimeout(() => socket.terminate(), 1000).unref();
			}
			const exitCode = status === null ? null : exitCodeFromStatus(status);
			const statusError =
				status !== null && exitCode === null ? sanitizeLine(text(record(status)['message']) ?? 'exec failed') : null;
			resolve({
				outcome,
				exitCode,
				stdout: stdout.text(),
				stderr: stderr.text(),
				truncated: stdout.truncated || stderr.truncated,
				error: error ?? statusError,
				httpStatus,
			});
		};
		const timer = setTimeout(
			() => finish('timeout', `\`${sanitizeLine(request.command.join(' '), 80)}\` timed out after ${request.timeoutMs} ms`),
			request.timeoutMs,
		);
		const onAbort = () => finish('aborted', 'aborted');
		if (request.signal?.aborted) {
			onAbort();
			return;
		}
		request.signal?.addEventListener('abort', onAbort, {once: true});

		/** One binary frame: output to its sink, the Status ends the exec (after the sinks took what came before). */
		const onFrame = (socket: WebSocket, data: WebSocket.RawData, isBinary: boolean) => {
			if (!isBinary || status !== null) return; // E6: text frames carry nothing we read; E2: nothing after the status
			const buffer = Buffer.isBuffer(data) ? data : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
			const channel = buffer[0];
			const payload = buffer.subarray(1);
			if (payload.length === 0) return;
			if (channel === 1) stdout.write(payload);
			else if (channel === 2) stderr.write(payload);
			else if (channel === 3) {
				try {
					status = JSON.parse(payload.toString('utf8')) as unknown;
				} catch {
					socket.close(1000); // a Status that is not JSON: the close reports no status
					return;
				}
				stdout.end();
				stderr.end();
				socket.close(1000);
				// Status comes after all output (the server's order); let the sinks flush first.
				setImmediate(() => finish('exited', null));
			}
			// E3: channel 255 (v5's close signal) and unknown channels are never passed on.
		};

		openSocket(kubeConfig, execPath(request), request.timeoutMs, socket => {
			sockets.add(socket);
			socket.on('message', (data, isBinary) => onFrame(socket, data, isBinary));
		}).then(
			socket => {
				if (settled) {
					socket.close(1000);
					return;
				}
				socket.on('close', () => {
					setImmediate(() => finish(status === null ? 'closed-without-status' : 'exited', status === null ? 'connection closed before the command reported its exit status' : null));
				});
			},
			(error: unknown) => {
				if (error instanceof UpgradeRefused) finish('error', refusedMessage(error), error.statusCode);
				else finish('error', sanitizeLine(error) || 'exec failed');
			},
		);
	});
}
