/**
 * Faults that break paths in the nodes' kernels (issue 9's and issue 10's): an MTU, a block routed to the
 * wrong node, a stale blackhole for a block that moved, rp_filter, a policy rule that diverts traffic into
 * another table, a pod's host route dropped, a node still on another layout. Each checks its arguments and
 * throws a FaultArgumentError naming the argument (422 over `POST /lab/v1/faults`); the kernels read the
 * faults the next time a command runs on the node.
 */
import {parsePrefix} from '../../net/ip.js';
import {isLabCni, labCnis} from '../cni.js';
import type {LabNode, LabRule, LabTableRoute, NodeKernelFaults, RpFilter} from '../topology-types.js';
import type {KernelFaults, RuleFault} from './faults.js';
import type {ObjectStore} from './object-store.js';

/** A fault refused an argument: which one (`args[1]`, `args[1].priority`) and why. */
export class FaultArgumentError extends Error {
	readonly field: string;
	readonly value: unknown;
	readonly detail: string;
	constructor(field: string, value: unknown, detail: string) {
		super(`${field}: Invalid value: ${JSON.stringify(value)}: ${detail}`);
		this.name = 'FaultArgumentError';
		this.field = field;
		this.value = value;
		this.detail = detail;
	}
}

export type KernelFaultDeps = {
	/** Per node, the kernel faults in force (mutable: set only here). */
	readonly kernelFaults: Map<string, NodeKernelFaults>;
	/** Destinations removed per node (shared with removeRoute / restoreRoutes). */
	readonly removedRoutes: Map<string, Set<string>>;
	readonly nodes: ReadonlyMap<string, LabNode>;
	readonly store: ObjectStore;
};

const deviceName = /^[A-Za-z0-9_.:@-]{1,15}$/;

function node(nodes: ReadonlyMap<string, LabNode>, value: unknown, field: string): LabNode {
	const found = typeof value === 'string' ? nodes.get(value) : undefined;
	if (!found) throw new FaultArgumentError(field, value, 'no such node');
	return found;
}

/** A device name as `ip link` takes it (at most 15 characters), or a prefix ending in `*` (`cali*`). */
function device(value: unknown, field: string, extra: readonly string[] = []): string {
	if (typeof value === 'string' && (extra.includes(value) || deviceName.test(value.replace(/\*$/, '')))) return value;
	throw new FaultArgumentError(field, value, `must be a device name${extra.length > 0 ? `, ${extra.join(', ')}` : ''} or a name prefix ending in *`);
}

function wholeNumber(value: unknown, field: string, min: number, max: number): number {
	if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
	throw new FaultArgumentError(field, value, `must be a whole number from ${min} to ${max}`);
}

function ipv4Selector(value: unknown, field: string): string | null {
	if (value === undefined || value === null || value === 'all') return null;
	if (typeof value === 'string' && parsePrefix(value.includes('/') ? value : `${value}/32`, 4)) return value;
	throw new FaultArgumentError(field, value, 'must be an IPv4 address or CIDR, or "all"');
}

/** `main`, `local`, `default` or a table number 1..2^32-1 other than 253-255. */
function table(value: unknown, field: string): string {
	const text = typeof value === 'number' ? String(value) : value;
	if (text === 'main' || text === 'local' || text === 'default') return text;
	if (typeof text === 'string' && /^[1-9]\d{0,9}$/.test(text) && Number(text) < 2 ** 32 && !['253', '254', '255'].includes(text)) return text;
	throw new FaultArgumentError(field, value, 'must be main, local, default or a table number (1-4294967295)');
}

const ruleFields = new Set(['priority', 'from', 'to', 'iif', 'fwmark', 'table', 'route']);
const routeFields = new Set(['destination', 'type', 'via', 'dev']);

function tableRoute(value: unknown, field: string, tableName: string): LabTableRoute {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FaultArgumentError(field, value, 'must be an object with destination, type, via, dev');
	const record = value as Record<string, unknown>;
	for (const key of Object.keys(record)) if (!routeFields.has(key)) throw new FaultArgumentError(`${field}.${key}`, record[key], 'unknown field');
	const destination = record['destination'] ?? 'default';
	if (destination !== 'default' && !(typeof destination === 'string' && parsePrefix(destination, 4))) {
		throw new FaultArgumentError(`${field}.destination`, destination, 'must be "default" or an IPv4 CIDR');
	}
	const kind = record['type'] ?? 'unicast';
	if (kind !== 'unicast' && kind !== 'blackhole' && kind !== 'unreachable' && kind !== 'prohibit') {
		throw new FaultArgumentError(`${field}.type`, kind, 'must be unicast, blackhole, unreachable or prohibit');
	}
	const via = record['via'] === undefined ? null : ipv4Selector(record['via'], `${field}.via`);
	const dev = record['dev'] === undefined ? null : device(record['dev'], `${field}.dev`);
	if (kind === 'unicast' && via === null && dev === null) throw new FaultArgumentError(field, value, 'a unicast route needs via or dev');
	return {table: tableName, destination: destination as string, kind, gateway: kind === 'unicast' ? via : null, device: kind === 'unicast' ? (dev ?? (via === null ? null : 'eth0')) : null};
}

function rule(value: unknown, field: string): {readonly rule: LabRule; readonly route: LabTableRoute | null} {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new FaultArgumentError(field, value, 'must be an object with priority, table and any of from, to, iif, fwmark, route');
	}
	const record = value as Record<string, unknown>;
	for (const key of Object.keys(record)) if (!ruleFields.has(key)) throw new FaultArgumentError(`${field}.${key}`, record[key], 'unknown field');
	const tableName = table(record['table'], `${field}.table`);
	const fwmark = record['fwmark'];
	if (fwmark !== undefined && !(typeof fwmark === 'string' && /^0x[0-9a-f]{1,8}(\/0x[0-9a-f]{1,8})?$/i.test(fwmark))) {
		throw new FaultArgumentError(`${field}.fwmark`, fwmark, 'must be hex, 0xMARK or 0xMARK/0xMASK');
	}
	return {
		rule: {
			priority: wholeNumber(record['priority'], `${field}.priority`, 1, 32765),
			from: ipv4Selector(record['from'], `${field}.from`),
			to: ipv4Selector(record['to'], `${field}.to`),
			iif: record['iif'] === undefined ? null : device(record['iif'], `${field}.iif`),
			fwmark: (fwmark as string | undefined) ?? null,
			table: tableName,
		},
		route: record['route'] === undefined ? null : tableRoute(record['route'], `${field}.route`, tableName),
	};
}

export function createKernelFaultControls({kernelFaults, removedRoutes, nodes, store}: KernelFaultDeps): KernelFaults {
	const update = (nodeName: string, change: (faults: NodeKernelFaults) => NodeKernelFaults) => {
		kernelFaults.set(nodeName, change(kernelFaults.get(nodeName) ?? {}));
	};
	return {
		setMtu(nodeName, name, mtu) {
			const target = node(nodes, nodeName, 'args[0]');
			const dev = device(name, 'args[1]');
			const value = wholeNumber(mtu, 'args[2]', 68, 65535);
			update(target.name, faults => ({...faults, mtus: {...faults.mtus, [dev]: value}}));
		},
		routeBlockTo(nodeName, owner, wrong) {
			const target = node(nodes, nodeName, 'args[0]');
			const blockOwner = node(nodes, owner, 'args[1]');
			const to = node(nodes, wrong, 'args[2]');
			if (blockOwner.name === target.name) throw new FaultArgumentError('args[1]', owner, 'a node routes its own block to its pods: name another node');
			if (to.name === blockOwner.name) throw new FaultArgumentError('args[2]', wrong, 'is the block\'s owner: name another node');
			update(target.name, faults => ({...faults, misroutedBlocks: {...faults.misroutedBlocks, [blockOwner.name]: to.name}}));
		},
		staleBlock(nodeName, owner) {
			const target = node(nodes, nodeName, 'args[0]');
			const blockOwner = node(nodes, owner, 'args[1]');
			if (blockOwner.name === target.name) throw new FaultArgumentError('args[1]', owner, 'is the node itself: name the node the block moved to');
			update(target.name, faults => ({...faults, staleBlocks: [...new Set([...(faults.staleBlocks ?? []), blockOwner.name])]}));
		},
		setRpFilter(nodeName, name, value) {
			const target = node(nodes, nodeName, 'args[0]');
			const dev = device(name, 'args[1]', ['all', 'default']);
			if (value !== 0 && value !== 1 && value !== 2) throw new FaultArgumentError('args[2]', value, 'must be 0 (off), 1 (strict) or 2 (loose)');
			update(target.name, faults => ({...faults, rpFilter: {...faults.rpFilter, [dev]: value as RpFilter}}));
		},
		addRule(nodeName, given: RuleFault) {
			const target = node(nodes, nodeName, 'args[0]');
			const added = rule(given, 'args[1]');
			update(target.name, faults => ({
				...faults,
				rules: [...(faults.rules ?? []), added.rule],
				tableRoutes: added.route ? [...(faults.tableRoutes ?? []), added.route] : faults.tableRoutes ?? [],
			}));
		},
		dropPodRoute(namespace, name) {
			const pod = typeof namespace === 'string' && typeof name === 'string' ? store.get('pods', namespace, name) : null;
			if (!pod) throw new FaultArgumentError('args[1]', name, `no such pod in namespace ${JSON.stringify(namespace)}`);
			const spec = pod['spec'] as {nodeName?: unknown; hostNetwork?: unknown} | undefined;
			const status = pod['status'] as {podIP?: unknown} | undefined;
			if (spec?.hostNetwork === true) throw new FaultArgumentError('args[1]', name, 'is a host-network pod: it has no host route');
			if (typeof spec?.nodeName !== 'string' || typeof status?.podIP !== 'string') throw new FaultArgumentError('args[1]', name, 'has no node or IP yet');
			const set = removedRoutes.get(spec.nodeName) ?? new Set<string>();
			set.add(`${status.podIP}/32`);
			removedRoutes.set(spec.nodeName, set);
		},
		setNodeLayout(nodeName, cni) {
			const target = node(nodes, nodeName, 'args[0]');
			if (typeof cni !== 'string' || !isLabCni(cni)) throw new FaultArgumentError('args[1]', cni, `must be one of ${labCnis.join(', ')}`);
			update(target.name, faults => ({...faults, layout: cni}));
		},
		clearNodeFaults(nodeName) {
			const target = node(nodes, nodeName, 'args[0]');
			kernelFaults.delete(target.name);
			removedRoutes.delete(target.name);
		},
	};
}
