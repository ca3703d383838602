import {describe, expect, it} from 'vitest';
import {notifyDelay} from '../../source/kube/cluster-store.js';

describe('cluster store: how often it publishes', () => {
	const base = {now: 1000, lastNotifyAt: 1000, notifyIntervalMs: 100, loading: false, storm: false};
	it('publishes a lone change after the interval, less often while a LIST pages or under an event storm', () => {
		expect(notifyDelay(base)).toBe(100);
		expect(notifyDelay({...base, storm: true})).toBe(250);
		expect(notifyDelay({...base, loading: true})).toBe(500);
		expect(notifyDelay({...base, loading: true, storm: true})).toBe(500);
	});
	it('counts from the last notification, never below zero, and a longer interval asked for wins', () => {
		expect(notifyDelay({...base, now: 1080})).toBe(20);
		expect(notifyDelay({...base, now: 5000, storm: true})).toBe(0);
		expect(notifyDelay({...base, notifyIntervalMs: 400, storm: true})).toBe(400);
	});
});
