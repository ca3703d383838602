/**
 * The lab's HTTPS server on 127.0.0.1: wires the router, the exec sockets, the watch registry and the
 * HTTP faults together, and tracks connections so a restart fault or stop() can drop them all.
 */
import {createServer, type Server} from 'node:https';
import type {Socket} from 'node:net';
import type {LabCluster} from '../cluster-types.js';
import {createExecSockets} from './exec-socket.js';
import {createFaultState, type HttpFaults} from './faults.js';
import {createRequestHandler} from './router.js';
import {createUpgradeHandler} from './upgrade.js';
import type {OpenWatch} from './watch-stream.js';

export type LabServerOptions = {
	readonly cluster: LabCluster;
	readonly token: string;
	readonly tls: {readonly cert: string; readonly key: string};
	/** How the restart fault moves the resourceVersion (the cluster's own fault, when it has one). */
	readonly jumpResourceVersion?: (delta: number) => void;
	/** More fault methods to expose on `POST /lab/v1/faults` (the cluster's). */
	readonly extraFaults?: Readonly<Record<string, unknown>>;
	readonly bookmarkIntervalMs?: number;
	readonly now?: () => number;
};

export type LabServer = {
	readonly server: Server;
	readonly faults: HttpFaults;
	/** Listens on 127.0.0.1 (port 0: a free one) and resolves with the https URL. */
	readonly listen: (port: number) => Promise<string>;
	readonly close: () => Promise<void>;
};

export function createLabServer(options: LabServerOptions): LabServer {
	const watches = new Set<OpenWatch>();
	const sockets = new Set<Socket>();
	const execSockets = createExecSockets(options.cluster);
	const cutWatches = () => {
		for (const watch of [...watches]) watch.cut();
		watches.clear();
	};
	const endWatches = () => {
		for (const watch of [...watches]) watch.end();
	};
	const dropConnections = () => {
		execSockets.dropAll();
		for (const socket of sockets) socket.destroy();
		sockets.clear();
	};
	const faultState = createFaultState({
		cutWatches,
		endWatches,
		dropConnections,
		jumpResourceVersion: options.jumpResourceVersion ?? (() => undefined),
		currentResourceVersion: () => options.cluster.currentResourceVersion(),
	});
	const faultMethods: Record<string, unknown> = {...options.extraFaults, ...faultState.faults};
	const context = {
		cluster: options.cluster,
		token: options.token,
		faultState,
		faultMethods,
		watches,
		execSockets,
		now: options.now ?? Date.now,
		bookmarkIntervalMs: options.bookmarkIntervalMs ?? 15_000,
	};
	const server = createServer({cert: options.tls.cert, key: options.tls.key, ALPNProtocols: ['http/1.1']}, createRequestHandler(context));
	server.on('upgrade', createUpgradeHandler(context));
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('tlsClientError', (_error, socket) => socket.destroy());
	return {
		server,
		faults: faultState.faults,
		listen: async port =>
			new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(port, '127.0.0.1', () => {
					server.off('error', reject);
					const address = server.address();
					const actual = typeof address === 'object' && address !== null ? address.port : port;
					resolve(`https://127.0.0.1:${actual}`);
				});
			}),
		close: async () =>
			new Promise(resolve => {
				cutWatches();
				dropConnections();
				server.close(() => resolve());
			}),
	};
}
