/**
 * Runs one command in a pod over client-node's Exec and waits for it to really end (client-node 1.4.0
 * resolves when the socket opens: E0). Completes on the status frame, OR the socket closing (a close
 * without status is an error: E1), OR a per-exec timeout. No stdin, no TTY. Output goes to private
 * capped sinks (E7) that tolerate writes after end (E2); our own socket layer ignores server-sent
 * channel 255 and any unknown channel (E3) and reads the Status body of a refused upgrade (E10).
 */
import {Writable} from 'node:stream';
import tls from 'node:tls';
import {Exec, type KubeConfig, type V1Status} from '@kubernetes/client-node';
import WebSocket from 'ws';
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

type BinaryHandler = (stream: number, data: Buffer) => boolean;

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

/** A WebSocketInterface for client-node's Exec, built on `ws` with the kubeconfig's TLS and auth. */
function socketLayer(kubeConfig: KubeConfig, sockets: Set<WebSocket>, handshakeTimeout: number) {
	return {
		async connect(path: string, _text: unknown, binaryHandler: BinaryHandler | null): Promise<WebSocket> {
			const cluster = kubeConfig.getCurrentCluster();
			if (!cluster) throw new Error('no cluster in the current context');
			const url = `${cluster.server.replace(/\/+$/, '').replace(/^http/, 'ws')}${path}`;
			const options: WebSocket.ClientOptions = {};
			await kubeConfig.applyToHTTPSOptions(options);
			const secureContext = url.startsWith('wss:') ? secureContextFor(options) : undefined;
			if (secureContext) (options as tls.ConnectionOptions).secureContext = secureContext;
			return new Promise<WebSocket>((resolve, reject) => {
				const socket = new WebSocket(url, protocols, {...options, handshakeTimeout});
				sockets.add(socket);
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
				socket.on('message', (data, isBinary) => {
					if (!isBinary || !binaryHandler) return; // E6: text frames carry nothing we read
					const buffer = Buffer.isBuffer(data) ? data : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
					const stream = buffer[0];
					if (stream === undefined || stream < 1 || stream > 3) return; // E3: never pass 255 or unknown channels on
					try {
						if (!binaryHandler(stream, buffer.subarray(1))) socket.close(1000);
					} catch {
						socket.close(1000);
					}
				});
			});
		},
	};
}

export async function execInPod(kubeConfig: KubeConfig, request: ExecRequest): Promise<ExecResult> {
	const maxBytes = request.maxBytes ?? defaultMaxBytes;
	const stdout = new CappedSink(maxBytes);
	const stderr = new CappedSink(maxBytes);
	const sockets = new Set<WebSocket>();
	const exec = new Exec(kubeConfig, socketLayer(kubeConfig, sockets, request.timeoutMs));

	return new Promise<ExecResult>(resolve => {
		let settled = false;
		let status: V1Status | null = null;
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
			const exitCode = status ? exitCodeFromStatus(status) : null;
			const statusError =
				status && exitCode === null ? sanitizeLine(text(record(status)['message']) ?? 'exec failed') : null;
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

		exec
			.exec(
				request.namespace,
				request.pod,
				request.container,
				[...request.command],
				stdout,
				stderr,
				null,
				false,
				(received: V1Status) => {
					status = received;
					// Status comes after all output (the server's order); let the sinks flush first.
					setImmediate(() => finish('exited', null));
				},
			)
			.then(
				socket => {
					if (settled) {
						socket.close(1000);
						return;
					}
					socket.on('close', () => {
						setImmediate(() => finish(status ? 'exited' : 'closed-without-status', status ? null : 'connection closed before the command reported its exit status'));
					});
				},
				(error: unknown) => {
					if (error instanceof UpgradeRefused) {
						let message = `exec refused (HTTP ${error.statusCode})`;
						try {
							const body = record(JSON.parse(error.body));
							if (typeof body['message'] === 'string') message = sanitizeLine(body['message']);
						} catch {
							// not a Status: keep the generic message
						}
						finish('error', message, error.statusCode);
						return;
					}
					finish('error', sanitizeLine(error) || 'exec failed');
				},
			);
	});
}
