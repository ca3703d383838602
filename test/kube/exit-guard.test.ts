import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import {installExitGuard} from '../../source/kube/exit-guard.js';

function setup(cleanup: () => Promise<void>, timeoutMs = 1000) {
	const target = new EventEmitter();
	const exits: number[] = [];
	let output = '';
	let resolveExit: (code: number) => void = () => {};
	const exited = new Promise<number>(resolve => {
		resolveExit = resolve;
	});
	const guard = installExitGuard(cleanup, {
		target,
		exit: code => {
			exits.push(code);
			resolveExit(code);
		},
		stderr: {write: (text: string) => (output += text)},
		timeoutMs,
	});
	return {target, exits, exited, guard, output: () => output};
}

describe('installExitGuard', () => {
	it.each([
		['SIGINT', 130],
		['SIGTERM', 143],
		['SIGHUP', 129],
	])('%s runs cleanup once, then exits %i', async (signal, code) => {
		let runs = 0;
		const {target, exited, exits} = setup(async () => {
			runs++;
		});
		target.emit(signal);
		expect(await exited).toBe(code);
		expect(runs).toBe(1);
		expect(exits).toEqual([code]);
	});

	it('an uncaught error is printed sanitized, cleaned up, exit 1', async () => {
		let cleaned = false;
		const {target, exited, output} = setup(async () => {
			cleaned = true;
		});
		target.emit('uncaughtException', new Error('boom\u001B[2J'));
		expect(await exited).toBe(1);
		expect(cleaned).toBe(true);
		expect(output()).toContain('boom\\x1b[2J');
	});

	it('a second signal during cleanup exits at once; cleanup is shared with runCleanup', async () => {
		let finish: () => void = () => {};
		let runs = 0;
		const {target, exits, guard} = setup(
			async () =>
				new Promise<void>(resolve => {
					runs++;
					finish = resolve;
				}),
		);
		target.emit('SIGTERM');
		target.emit('SIGINT');
		expect(exits).toEqual([130]);
		const shared = guard.runCleanup();
		finish();
		await shared;
		expect(runs).toBe(1);
	});

	it('a cleanup that never ends is cut off by the timeout', async () => {
		const {target, exited, output} = setup(async () => new Promise<void>(() => {}), 50);
		target.emit('SIGTERM');
		expect(await exited).toBe(143);
		expect(output()).toContain('netinspect cleanup');
	});

	it('dispose removes every handler', () => {
		const {target, guard} = setup(async () => {});
		guard.dispose();
		expect(target.eventNames()).toEqual([]);
	});

	it('an error while cleaning (a write to a closed terminal) is printed and does not cut the cleanup short', async () => {
		let finishCleanup: () => void = () => undefined;
		const {target, exits, exited, output} = setup(
			async () =>
				new Promise<void>(resolve => {
					finishCleanup = resolve;
				}),
		);
		target.emit('SIGHUP');
		target.emit('uncaughtException', Object.assign(new Error('write EIO'), {code: 'EIO'}));
		target.emit('SIGHUP');
		expect(exits).toEqual([]);
		finishCleanup();
		expect(await exited).toBe(129);
		expect(exits).toEqual([129]);
		expect(output()).toContain('write EIO');
	});
});
