/**
 * execInPod against a tiny v5.channel.k8s.io server on 127.0.0.1 that misbehaves on purpose, one way per
 * command: the defences for client-node 1.4.0's exec pitfalls (E0-E3, E7, E10). Each case runs twice: with
 * client-node's KubeConfig (kubeconfigs with exec plugins, auth providers, proxies) and with a light
 * ApiConfig (light-kubeconfig.ts's, no client-node).
 */
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {KubeConfig} from '@kubernetes/client-node';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {WebSocketServer, type WebSocket} from 'ws';
import type {ApiConfig} from '../../source/kube/api-client.js';
import {execInPod, exitCodeFromStatus, secureContextFor} from '../../source/kube/exec.js';

let server: Server;
let kubeConfig: KubeConfig;
let light: ApiConfig;
const authorizations: string[] = [];
const frame = (channel: number, text: string | Buffer) => Buffer.concat([Buffer.from([channel]), Buffer.from(text)]);
const success = JSON.stringify({metadata: {}, status: 'Success'});
const exitWith = (code: number) =>
	JSON.stringify({
		metadata: {},
		status: 'Failure',
		reason: 'NonZeroExitCode',
		details: {causes: [{reason: 'ExitCode', message: String(code)}]},
	});

const behaviours: Record<string, (socket: WebSocket) => void> = {
	ok(socket) {
		socket.send(frame(1, 'hello\n'));
		socket.send(frame(1, 'world\n'));
		socket.send(frame(3, success));
		socket.close(1000);
	},
	exit3(socket) {
		socket.send(frame(2, 'oops\n'));
		socket.send(frame(3, exitWith(3)));
		socket.close(1000);
	},
	nostatus(socket) {
		socket.send(frame(1, 'partial'));
		socket.close(1000);
	},
	hang() {
		// says nothing, ever
	},
	close255(socket) {
		socket.send(Buffer.from([255, 1]));
		socket.send(frame(9, 'unknown channel'));
		socket.send(frame(1, 'still here'));
		socket.send(frame(3, success));
		socket.close(1000);
	},
	big(socket) {
		socket.send(frame(1, Buffer.alloc(100_000, 'x')));
		socket.send(frame(3, success));
		socket.close(1000);
	},
	late(socket) {
		socket.send(frame(3, exitWith(127)));
		socket.send(frame(1, 'after the status'));
		socket.close(1000);
	},
	internal(socket) {
		socket.send(
			frame(
				3,
				JSON.stringify({status: 'Failure', reason: 'InternalError', message: 'exec: "ip": executable file not found in $PATH'}),
			),
		);
		socket.close(1000);
	},
};

beforeAll(async () => {
	server = createServer((_request, response) => {
		response.writeHead(404).end();
	});
	const sockets = new WebSocketServer({noServer: true});
	server.on('upgrade', (request, socket, head) => {
		authorizations.push(request.headers.authorization ?? '');
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		if (url.pathname.includes('/pods/denied/')) {
			const body = JSON.stringify({
				kind: 'Status',
				status: 'Failure',
				reason: 'Forbidden',
				code: 403,
				message: 'pods "denied" is forbidden: User "x" cannot create resource "pods/exec"',
			});
			socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
			return;
		}
		const command = url.searchParams.getAll('command');
		expect(url.searchParams.get('stdin')).toBe('false');
		expect(url.searchParams.get('tty')).toBe('false');
		sockets.handleUpgrade(request, socket, head, ws => {
			behaviours[command[0] ?? '']?.(ws);
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	kubeConfig = new KubeConfig();
	kubeConfig.loadFromOptions({
		clusters: [{name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true}],
		users: [{name: 'u', token: 't'}],
		contexts: [{name: 'x', cluster: 'c', user: 'u'}],
		currentContext: 'x',
	});
	const address = `http://127.0.0.1:${port}`;
	light = {
		getCurrentCluster: () => ({server: address}),
		async applyToHTTPSOptions(options) {
			options.headers = {...options.headers, Authorization: 'Bearer t'};
		},
	};
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise(resolve => server.close(resolve));
});

const configs: ReadonlyArray<readonly [string, () => ApiConfig]> = [
	["client-node's KubeConfig", () => kubeConfig],
	['a light ApiConfig', () => light],
];

describe.each(configs)('execInPod with %s', (_name, config) => {
	const run = async (command: string, options: {timeoutMs?: number; maxBytes?: number; pod?: string} = {}) =>
		execInPod(config(), {
			namespace: 'default',
			pod: options.pod ?? 'p',
			container: 'probe',
			command: [command, '-n'],
			timeoutMs: options.timeoutMs ?? 5000,
			maxBytes: options.maxBytes,
		});

	it('waits for the command to end and captures all output (E0), sending the kubeconfig\'s token', async () => {
		authorizations.length = 0;
		expect(await run('ok')).toMatchObject({outcome: 'exited', exitCode: 0, stdout: 'hello\nworld\n', error: null});
		expect(authorizations).toEqual(['Bearer t']);
	});

	it('reads the exit code from the status causes', async () => {
		expect(await run('exit3')).toMatchObject({outcome: 'exited', exitCode: 3, stderr: 'oops\n'});
	});

	it('a close without status is an error, not success (E1)', async () => {
		expect(await run('nostatus')).toMatchObject({outcome: 'closed-without-status', exitCode: null, stdout: 'partial'});
	});

	it('times out a silent command', async () => {
		const result = await run('hang', {timeoutMs: 300});
		expect(result.outcome).toBe('timeout');
		expect(result.error).toMatch(/timed out after 300 ms/);
	});

	it('ignores server-sent channel 255 and unknown channels; the process streams survive (E3)', async () => {
		const result = await run('close255');
		expect(result).toMatchObject({outcome: 'exited', exitCode: 0, stdout: 'still here'});
		expect(process.stdout.writableEnded).toBe(false);
		expect(process.stdin.isPaused()).toBe(false);
	});

	it('caps captured output (E7) and survives output after the status (E2)', async () => {
		const big = await run('big', {maxBytes: 1000});
		expect(big.stdout).toHaveLength(1000);
		expect(big.truncated).toBe(true);
		expect(await run('late')).toMatchObject({outcome: 'exited', exitCode: 127});
	});

	it('a non-exit-code failure carries its message', async () => {
		expect(await run('internal')).toMatchObject({outcome: 'exited', exitCode: null, error: expect.stringContaining('executable file not found')});
	});

	it('a refused upgrade keeps the Status message and HTTP code (E10)', async () => {
		expect(await run('ok', {pod: 'denied'})).toMatchObject({
			outcome: 'error',
			httpStatus: 403,
			error: expect.stringContaining('cannot create resource "pods/exec"'),
		});
	});
});

describe('exitCodeFromStatus', () => {
	it('reads Success, ExitCode causes, and nothing else', () => {
		expect(exitCodeFromStatus(JSON.parse(success))).toBe(0);
		expect(exitCodeFromStatus(JSON.parse(exitWith(42)))).toBe(42);
		expect(exitCodeFromStatus({status: 'Failure', reason: 'InternalError'})).toBeNull();
		expect(exitCodeFromStatus(null)).toBeNull();
	});
});

describe('secureContextFor', () => {
	it('gives every exec with the same CA and client certificate one TLS context, and a new one when they change', async () => {
		const {makeCertificates} = await import('../../source/lab/http/tls.js');
		const [first, second] = await Promise.all([makeCertificates(), makeCertificates()]);
		// Fresh buffers each time, as client-node's applyToHTTPSOptions hands them out.
		const options = (pem: {caCert: string; cert: string; key: string}) => ({ca: Buffer.from(pem.caCert), cert: Buffer.from(pem.cert), key: Buffer.from(pem.key)});
		const context = secureContextFor(options(first));
		expect(context).toBeDefined();
		expect(secureContextFor(options(first))).toBe(context);
		const other = secureContextFor(options(second));
		expect(other).toBeDefined();
		expect(other).not.toBe(context);
		expect(secureContextFor({})).not.toBe(other);
	});
});
