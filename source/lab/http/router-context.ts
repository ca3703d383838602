/** What every handler of the lab's API needs: the cluster, the token, faults, open watches and exec sockets. */
import {timingSafeEqual} from 'node:crypto';
import type {LabCluster} from '../cluster-types.js';
import type {ExecSockets} from './exec-socket.js';
import type {FaultState} from './faults.js';
import type {OpenWatch} from './watch-stream.js';

export type RouterContext = {
	readonly cluster: LabCluster;
	readonly token: string;
	readonly faultState: FaultState;
	/** Every fault method by name, for `POST /lab/v1/faults` ({"fault": name, "args": [...]}). */
	readonly faultMethods: Readonly<Record<string, unknown>>;
	readonly watches: Set<OpenWatch>;
	readonly execSockets: ExecSockets;
	readonly now: () => number;
	readonly bookmarkIntervalMs: number;
};

export function isTrue(value: string | null): boolean {
	return value === 'true' || value === '1';
}

export function authorized(request: {readonly headers: {readonly authorization?: string | undefined}}, token: string): boolean {
	const given = Buffer.from(request.headers.authorization ?? '');
	const expected = Buffer.from(`Bearer ${token}`);
	return given.length === expected.length && timingSafeEqual(given, expected);
}
