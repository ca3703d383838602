/**
 * Server-side Table responses (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`), what `kubectl get`
 * prints. All columns are always sent: `-o wide` shows the priority-1 ones client-side. Each row carries a
 * PartialObjectMetadata object so `-A` can fill the NAMESPACE column.
 */
import type {KubeObject, ResourceKind} from '../cluster-types.js';
import {ageSince} from './human-duration.js';
import {nodeCells, nodeColumns} from './node-cells.js';
import {podCells, podColumns} from './pod-cells.js';

export type ColumnDefinition = {
	readonly name: string;
	readonly type: string;
	readonly format: string;
	readonly description: string;
	readonly priority: number;
};

type Printer = {
	readonly columns: readonly ColumnDefinition[];
	readonly cells: (object: KubeObject, now: number) => readonly string[];
};

const column = (name: string, priority = 0, format = ''): ColumnDefinition => ({
	name,
	type: 'string',
	format,
	description: '',
	priority,
});

function text(object: unknown, ...path: string[]): string {
	let current: unknown = object;
	for (const part of path) {
		if (current === null || typeof current !== 'object') return '';
		current = (current as Record<string, unknown>)[part];
	}
	return typeof current === 'string' || typeof current === 'number' ? String(current) : '';
}

function eventCells(object: KubeObject, now: number): readonly string[] {
	const last = text(object, 'lastTimestamp') || text(object, 'eventTime') || object.metadata.creationTimestamp;
	const first = text(object, 'firstTimestamp') || text(object, 'eventTime') || object.metadata.creationTimestamp;
	const kind = text(object, 'involvedObject', 'kind').toLowerCase();
	const involved = `${kind}/${text(object, 'involvedObject', 'name')}`;
	const source = [text(object, 'source', 'component') || text(object, 'reportingComponent'), text(object, 'source', 'host')]
		.filter(part => part !== '')
		.join(', ');
	return [
		ageSince(last, now),
		text(object, 'type'),
		text(object, 'reason'),
		involved,
		text(object, 'involvedObject', 'fieldPath'),
		source,
		text(object, 'message').trim(),
		ageSince(first, now),
		text(object, 'count') || '1',
		object.metadata.name,
	];
}

const printers: Readonly<Record<ResourceKind, Printer>> = {
	pods: {columns: podColumns, cells: podCells},
	nodes: {columns: nodeColumns, cells: nodeCells},
	namespaces: {
		columns: [column('Name', 0, 'name'), column('Status'), column('Age')],
		cells: (object, now) => [object.metadata.name, text(object, 'status', 'phase'), ageSince(object.metadata.creationTimestamp, now)],
	},
	events: {
		columns: [
			column('Last Seen'),
			column('Type'),
			column('Reason'),
			column('Object'),
			column('Subobject', 1),
			column('Source', 1),
			column('Message'),
			column('First Seen', 1),
			column('Count', 1),
			column('Name', 1, 'name'),
		],
		cells: eventCells,
	},
	leases: {
		columns: [column('Name', 0, 'name'), column('Holder'), column('Age')],
		cells: (object, now) => [
			object.metadata.name,
			text(object, 'spec', 'holderIdentity'),
			ageSince(object.metadata.creationTimestamp, now),
		],
	},
};

export function wantsTable(accept: string | undefined): boolean {
	return accept !== undefined && /as=Table/.test(accept);
}

export function tableRow(resource: ResourceKind, object: KubeObject, now: number) {
	return {
		cells: printers[resource].cells(object, now),
		object: {kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata},
	};
}

export function toTable(
	resource: ResourceKind,
	objects: readonly KubeObject[],
	resourceVersion: string,
	now: number,
	withColumns = true,
) {
	return {
		kind: 'Table',
		apiVersion: 'meta.k8s.io/v1',
		metadata: {resourceVersion},
		columnDefinitions: withColumns ? printers[resource].columns : [],
		rows: objects.map(object => tableRow(resource, object, now)),
	};
}
