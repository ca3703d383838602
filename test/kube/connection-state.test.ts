import {describe, expect, it} from 'vitest';
import {combineConnections, statusAfterFailure} from '../../source/kube/connection-state.js';
import type {ConnectionState} from '../../source/kube/types.js';

const live: ConnectionState = {status: 'live', since: 1, error: null, fix: null, attempts: 0};

describe('combineConnections', () => {
	it('the worst status wins with its error and the most attempts; since moves only on a change', () => {
		const reconnecting: ConnectionState = {status: 'reconnecting', since: 5, error: 'HTTP 500', fix: null, attempts: 2};
		const combined = combineConnections([live, reconnecting], live, 10);
		expect(combined).toEqual({status: 'reconnecting', since: 10, error: 'HTTP 500', fix: null, attempts: 2});
		const again = combineConnections([live, {...reconnecting, attempts: 3}], combined, 20);
		expect(again).toEqual({status: 'reconnecting', since: 10, error: 'HTTP 500', fix: null, attempts: 3});
		expect(combineConnections([live, live], live, 30)).toBe(live);
		expect(combineConnections([{...live, status: 'stale'}, reconnecting], again, 40).status).toBe('stale');
	});
});

describe('combineConnections carries the fix with its error', () => {
	it('takes error and fix from the same watch', () => {
		const connecting: ConnectionState = {status: 'connecting', since: 1, error: null, fix: null, attempts: 0};
		const denied: ConnectionState = {status: 'live', since: 1, error: 'not allowed to list nodes', fix: 'ask for a Role', attempts: 1};
		expect(combineConnections([connecting, denied], live, 5)).toEqual({status: 'connecting', since: 5, error: 'not allowed to list nodes', fix: 'ask for a Role', attempts: 1});
		const fixChanged = {...denied, fix: 'another fix'};
		const first = combineConnections([connecting, denied], live, 5);
		expect(combineConnections([connecting, fixChanged], first, 6).fix).toBe('another fix');
	});
});

describe('statusAfterFailure', () => {
	it('reconnecting until the data is older than the limit, then stale', () => {
		expect(statusAfterFailure(null, 100, 30)).toBe('reconnecting');
		expect(statusAfterFailure(80, 100, 30)).toBe('reconnecting');
		expect(statusAfterFailure(70, 100, 30)).toBe('stale');
	});
});
