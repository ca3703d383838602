/**
 * exec and attach over WebSocket `v5.channel.k8s.io`, as the real apiserver (with the kubelet) speaks it:
 * binary frames only, byte 0 the channel (1 stdout, 2 stderr, 3 status), then exactly one status frame and
 * a close with code 1000. Client frames: 0 stdin, 4 resize, [255,0] stdin EOF (half-close, not the end).
 * The simulated command stops when the client goes away.
 */
import type {IncomingMessage} from 'node:http';
import type {Duplex} from 'node:stream';
import {WebSocketServer, type WebSocket} from 'ws';
import type {ExecIo, LabCluster, Result, StatusError} from '../cluster-types.js';

export const channelProtocol = 'v5.channel.k8s.io';

export type StreamRequest = {
	readonly mode: 'exec' | 'attach';
	readonly namespace: string;
	readonly pod: string;
	readonly container: string | null;
	readonly command: readonly string[];
	readonly tty: boolean;
};

export function offeredProtocols(request: IncomingMessage): readonly string[] {
	const header = request.headers['sec-websocket-protocol'];
	return (header ?? '').split(',').map(item => item.trim()).filter(item => item !== '');
}

export function successStatus() {
	return {metadata: {}, status: 'Success'};
}

export function exitCodeStatus(exitCode: number, command: readonly string[]) {
	return {
		metadata: {},
		status: 'Failure',
		message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
		reason: 'NonZeroExitCode',
		details: {causes: [{reason: 'ExitCode', message: String(exitCode)}]},
	};
}

export function errorStatus(error: StatusError) {
	return {
		metadata: {},
		status: 'Failure',
		message: error.message,
		reason: error.reason,
		details: {causes: error.details?.causes ?? [{message: error.message}]},
		code: error.code,
	};
}

/** A resize payload from kubectl (`{"Width","Height"}`) or client-node (`{"width","height"}`). */
export function parseResize(payload: Buffer): {readonly width: number; readonly height: number} | null {
	try {
		const value = JSON.parse(payload.toString('utf8')) as unknown;
		if (value === null || typeof value !== 'object') return null;
		const lower = Object.fromEntries(Object.entries(value).map(([key, item]) => [key.toLowerCase(), item]));
		const width = Number(lower['width']);
		const height = Number(lower['height']);
		return Number.isFinite(width) && Number.isFinite(height) ? {width, height} : null;
	} catch {
		return null;
	}
}

const maxFrame = 32 * 1024;

export type ExecSockets = {
	readonly handle: (request: IncomingMessage, socket: Duplex, head: Buffer, stream: StreamRequest) => void;
	/** Closes every open exec/attach socket abruptly. */
	readonly dropAll: () => void;
};

export function createExecSockets(cluster: LabCluster): ExecSockets {
	const server = new WebSocketServer({
		noServer: true,
		perMessageDeflate: false,
		handleProtocols: protocols => (protocols.has(channelProtocol) ? channelProtocol : false),
	});
	const open = new Set<WebSocket>();

	function run(ws: WebSocket, stream: StreamRequest): void {
		open.add(ws);
		const controller = new AbortController();
		let stdinOpen = true;
		ws.on('close', () => {
			open.delete(ws);
			controller.abort();
		});
		ws.on('error', () => controller.abort());
		ws.on('message', (data, isBinary) => {
			if (!isBinary) return;
			const frame = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
			const channel = frame[0];
			if (channel === 255 && frame[1] === 0) stdinOpen = false;
			if (channel === 4) parseResize(frame.subarray(1));
			void stdinOpen;
		});
		const send = (channel: number, chunk: string) => {
			if (controller.signal.aborted || chunk === '') return;
			const bytes = Buffer.from(chunk, 'utf8');
			for (let offset = 0; offset < bytes.length; offset += maxFrame) {
				ws.send(Buffer.concat([Buffer.of(channel), bytes.subarray(offset, offset + maxFrame)]), {binary: true});
			}
		};
		const io: ExecIo = {
			stdout: chunk => send(1, chunk),
			stderr: chunk => send(stream.tty ? 1 : 2, chunk),
			signal: controller.signal,
		};
		const request = {
			namespace: stream.namespace,
			pod: stream.pod,
			container: stream.container,
			tty: stream.tty,
		};
		// Through a promise chain, so that even a synchronous throw becomes an InternalError status.
		const running: Promise<Result<{readonly exitCode: number}>> = Promise.resolve().then(async () =>
			stream.mode === 'exec' ? cluster.exec({...request, command: stream.command}, io) : cluster.attach(request, io),
		);
		running
			.catch((error: unknown) => ({
				ok: false as const,
				error: {code: 500, reason: 'InternalError', message: error instanceof Error ? error.message : String(error)},
			}))
			.then(result => {
				if (controller.signal.aborted || ws.readyState !== ws.OPEN) return;
				let status: unknown;
				if (!result.ok) status = errorStatus(result.error);
				else if (result.value.exitCode === 0) status = successStatus();
				else status = exitCodeStatus(result.value.exitCode, stream.command);
				ws.send(Buffer.concat([Buffer.of(3), Buffer.from(JSON.stringify(status), 'utf8')]), {binary: true});
				ws.close(1000);
			})
			.catch(() => undefined);
	}

	return {
		handle(request, socket, head, stream) {
			server.handleUpgrade(request, socket, head, ws => run(ws, stream));
		},
		dropAll() {
			for (const ws of open) ws.terminate();
			open.clear();
		},
	};
}
