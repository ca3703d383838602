import {describe, expect, it} from 'vitest';
import {createRateLimiter} from '../../source/kube/rate-limit.js';

/** A clock the test moves by hand, with timers that fire when it passes them. */
function fakeClock() {
	let time = 0;
	const timers: Array<{at: number; callback: () => void; id: number}> = [];
	let ids = 0;
	return {
		now: () => time,
		setTimer: (callback: () => void, ms: number) => {
			const id = ++ids;
			timers.push({at: time + ms, callback, id});
			return id;
		},
		clearTimer: (id: unknown) => {
			const index = timers.findIndex(timer => timer.id === id);
			if (index >= 0) timers.splice(index, 1);
		},
		async advance(ms: number) {
			time += ms;
			for (const timer of timers.filter(entry => entry.at <= time)) {
				timers.splice(timers.indexOf(timer), 1);
				timer.callback();
			}
			await Promise.resolve();
			await Promise.resolve();
		},
	};
}

describe('createRateLimiter', () => {
	it('lets a burst through at once, then one call per 1/qps second, in order', async () => {
		const clock = fakeClock();
		const limiter = createRateLimiter({qps: 10, burst: 3, ...clock});
		const done: number[] = [];
		const calls = Array.from({length: 6}, (_, index) => limiter.take().then(() => done.push(index)));
		await Promise.resolve();
		await Promise.resolve();
		expect(done).toEqual([0, 1, 2]);
		await clock.advance(100);
		expect(done).toEqual([0, 1, 2, 3]);
		await clock.advance(99);
		expect(done).toEqual([0, 1, 2, 3]);
		await clock.advance(1);
		expect(done).toEqual([0, 1, 2, 3, 4]);
		await clock.advance(100);
		await Promise.all(calls);
		expect(done).toEqual([0, 1, 2, 3, 4, 5]);
	});

	it('saves up at most burst tokens while idle', async () => {
		const clock = fakeClock();
		const limiter = createRateLimiter({qps: 100, burst: 2, ...clock});
		await clock.advance(10_000);
		const done: number[] = [];
		for (let index = 0; index < 3; index++) void limiter.take().then(() => done.push(index));
		await Promise.resolve();
		await Promise.resolve();
		expect(done).toEqual([0, 1]);
	});

	it('a waiting call rejects when its signal aborts, and gives its place back', async () => {
		const clock = fakeClock();
		const limiter = createRateLimiter({qps: 1, burst: 1, ...clock});
		await limiter.take();
		const controller = new AbortController();
		const waiting = limiter.take(controller.signal);
		controller.abort(new Error('stop'));
		await expect(waiting).rejects.toThrow('stop');
		await clock.advance(1000);
		let next = false;
		void limiter.take().then(() => (next = true));
		await Promise.resolve();
		await Promise.resolve();
		expect(next).toBe(true);
	});
});
