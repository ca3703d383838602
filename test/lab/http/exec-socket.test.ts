import {connect} from 'node:tls';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import WebSocket from 'ws';
import {startLab, type RunningLab} from '../../../source/lab/index.js';
import {parseResize} from '../../../source/lab/http/exec-socket.js';
import {seededFakeCluster, type FakeCluster} from './helpers/fake-cluster.js';
import {labCa} from './helpers/lab-client.js';

let lab: RunningLab;
let cluster: FakeCluster;

beforeAll(async () => {
	cluster = seededFakeCluster();
	lab = await startLab({cluster});
});
afterAll(async () => lab.stop());

type Session = {frames: {channel: number; text: string; binary: boolean}[]; closeCode: number; protocol: string};

function execPath(command: readonly string[], extra = 'stdout=true&stderr=true', pod = 'web-1', mode = 'exec'): string {
	const commands = command.map(part => `command=${encodeURIComponent(part)}`).join('&');
	return `/api/v1/namespaces/default/pods/${pod}/${mode}?${commands}&container=main&${extra}`;
}

async function session(path: string, options: {protocols?: string[]; onOpen?: (socket: WebSocket) => void} = {}): Promise<Session> {
	const socket = new WebSocket(`${lab.url.replace('https', 'wss')}${path}`, options.protocols ?? ['v5.channel.k8s.io'], {
		ca: labCa(lab),
		headers: {Authorization: `Bearer ${lab.token}`},
	});
	const frames: Session['frames'] = [];
	return new Promise((resolve, reject) => {
		socket.on('open', () => options.onOpen?.(socket));
		socket.on('message', (data: Buffer, binary) => frames.push({channel: data[0] ?? -1, text: data.subarray(1).toString('utf8'), binary}));
		socket.on('close', code => resolve({frames, closeCode: code, protocol: socket.protocol}));
		socket.on('error', reject);
	});
}

describe('exec over v5.channel.k8s.io', () => {
	it('streams stdout, then exactly one Success status on channel 3, then close 1000', async () => {
		const result = await session(execPath(['echo', 'hello', 'lab']));
		expect(result.protocol).toBe('v5.channel.k8s.io');
		expect(result.frames.every(frame => frame.binary)).toBe(true);
		expect(result.frames.map(frame => frame.channel)).toEqual([1, 3]);
		expect(result.frames[0]?.text).toBe('hello lab\n');
		expect(JSON.parse(result.frames[1]?.text ?? '')).toEqual({metadata: {}, status: 'Success'});
		expect(result.closeCode).toBe(1000);
	});
	it('reports a non-zero exit as NonZeroExitCode with the ExitCode cause', async () => {
		const result = await session(execPath(['sh', '-c', 'exit 3']));
		const status = JSON.parse(result.frames.at(-1)?.text ?? '');
		expect(status).toMatchObject({status: 'Failure', reason: 'NonZeroExitCode', details: {causes: [{reason: 'ExitCode', message: '3'}]}});
		expect(result.frames.filter(frame => frame.channel === 3)).toHaveLength(1);
		const missing = await session(execPath(['nosuch']));
		expect(missing.frames.map(frame => frame.channel)).toEqual([2, 3]);
		expect(missing.frames[0]?.text).toBe('sh: nosuch: not found\n');
		expect(JSON.parse(missing.frames[1]?.text ?? '').details.causes[0].message).toBe('127');
	});
	it('reports a failed command as InternalError after the output it made', async () => {
		const result = await session(execPath(['fail']));
		expect(result.frames.map(frame => frame.channel)).toEqual([1, 3]);
		expect(JSON.parse(result.frames[1]?.text ?? '')).toMatchObject({status: 'Failure', reason: 'InternalError', code: 500, details: {causes: [{message: expect.any(String)}]}});
		expect(result.closeCode).toBe(1000);
	});
	it('splits large output into frames and loses none of it', async () => {
		const result = await session(execPath(['big', '100000']));
		const stdout = result.frames.filter(frame => frame.channel === 1).map(frame => frame.text).join('');
		expect(stdout).toHaveLength(100_000);
	});
	it('sends stderr on stdout when tty=true', async () => {
		const result = await session(execPath(['stderr', 'oops'], 'stdout=true&tty=true'));
		expect(result.frames.map(frame => frame.channel)).toEqual([1, 3]);
	});
	it('takes stdin EOF [255,0] and resize frames without ending the session', async () => {
		const result = await session(execPath(['echo', 'after-eof'], 'stdout=true&stdin=true'), {
			onOpen: socket => {
				socket.send(Buffer.from([255, 0]));
				socket.send(Buffer.concat([Buffer.of(4), Buffer.from('{"Width":80,"Height":24}')]));
			},
		});
		expect(result.frames[0]?.text).toBe('after-eof\n');
		expect(result.closeCode).toBe(1000);
		expect(parseResize(Buffer.from('{"height":24,"width":80}'))).toEqual({width: 80, height: 24});
		expect(parseResize(Buffer.from('nope'))).toBeNull();
	});
	it('stops the command when the client goes away', async () => {
		const calls = cluster.execCalls.length;
		await session(execPath(['sleep', '100']), {onOpen: socket => setImmediate(() => socket.terminate())});
		await vi.waitFor(() => expect(cluster.execCalls[calls]?.aborted).toBe(true));
	});
	it('attaches to the container command', async () => {
		const result = await session(execPath([], 'stdout=true&stderr=true&stdin=true', 'web-1', 'attach'));
		expect(result.frames[0]?.text).toBe('attached output\n');
		expect(JSON.parse(result.frames.at(-1)?.text ?? '').status).toBe('Success');
	});
});

describe('refusals before the upgrade', () => {
	async function upgradeStatus(path: string, protocols: string[], token = lab.token): Promise<number> {
		return new Promise(resolve => {
			const socket = new WebSocket(`${lab.url.replace('https', 'wss')}${path}`, protocols, {ca: labCa(lab), headers: {Authorization: `Bearer ${token}`}});
			socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
			socket.on('open', () => resolve(101));
			socket.on('error', () => undefined);
		});
	}
	it('404 for a missing pod, 400 for a wrong container or without v5', async () => {
		expect(await upgradeStatus(execPath(['echo'], 'stdout=true', 'nope'), ['v5.channel.k8s.io'])).toBe(404);
		expect(await upgradeStatus(execPath(['echo']).replace('container=main', 'container=other'), ['v5.channel.k8s.io'])).toBe(400);
		expect(await upgradeStatus(execPath(['echo']), ['v4.channel.k8s.io', 'channel.k8s.io'])).toBe(400);
	});
	it('403 with the RBAC message when pods/exec is denied', async () => {
		lab.faults.denyVerb({verb: 'create', resource: 'pods/exec'});
		expect(await upgradeStatus(execPath(['echo']), ['v5.channel.k8s.io'])).toBe(403);
		lab.faults.clearHttpFaults();
		expect(await upgradeStatus(execPath(['echo']), ['v5.channel.k8s.io'])).toBe(101);
	});
	it('answers a SPDY upgrade POST with a 400 JSON Status', async () => {
		const raw = await new Promise<string>((resolve, reject) => {
			const url = new URL(lab.url);
			const socket = connect({host: url.hostname, port: Number(url.port), ca: labCa(lab), servername: 'localhost'}, () => {
				socket.write(
					`POST ${execPath(['echo'])} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${lab.token}\r\n` +
						'Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\nContent-Length: 0\r\n\r\n',
				);
			});
			let text = '';
			socket.on('data', chunk => (text += chunk.toString('utf8')));
			socket.on('end', () => resolve(text));
			socket.on('error', reject);
		});
		expect(raw.startsWith('HTTP/1.1 400 Bad Request')).toBe(true);
		const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
		expect(body).toMatchObject({kind: 'Status', reason: 'BadRequest', code: 400});
		expect(body.message).toMatch(/v5\.channel\.k8s\.io/);
	});
	it('refuses an upgrade without the token', async () => {
		expect(await upgradeStatus(execPath(['echo']), ['v5.channel.k8s.io'], 'wrong')).toBe(401);
	});
});

describe('a cluster that throws', () => {
	it('turns a synchronous throw in exec into an InternalError status, and a throw before the upgrade into a 500', async () => {
		const base = seededFakeCluster();
		let failGet = false;
		const throwing = {
			...base,
			exec: () => {
				throw new Error('boom');
			},
			get: (...args: Parameters<typeof base.get>) => {
				if (failGet) throw new Error('store gone');
				return base.get(...args);
			},
		};
		const other = await startLab({cluster: throwing});
		try {
			const ca = labCa(other);
			const open = async () =>
				new Promise<{frames: Buffer[]; status: number}>(resolve => {
					const frames: Buffer[] = [];
					const socket = new WebSocket(`${other.url.replace('https', 'wss')}${execPath(['echo'])}`, ['v5.channel.k8s.io'], {ca, headers: {Authorization: `Bearer ${other.token}`}});
					socket.on('message', (data: Buffer) => frames.push(data));
					socket.on('close', () => resolve({frames, status: 101}));
					socket.on('unexpected-response', (_request, response) => resolve({frames, status: response.statusCode ?? 0}));
					socket.on('error', () => undefined);
				});
			const thrown = await open();
			expect(thrown.frames).toHaveLength(1);
			expect(thrown.frames[0]?.[0]).toBe(3);
			expect(JSON.parse(thrown.frames[0]?.subarray(1).toString('utf8') ?? '')).toMatchObject({status: 'Failure', reason: 'InternalError', code: 500});
			failGet = true;
			expect((await open()).status).toBe(500);
		} finally {
			await other.stop();
		}
	});
});
