/** Interface rows of the inspected node: name, kind, state, mtu, addresses, the pod behind a veth. */
import {sanitizeText} from '../text/sanitize.js';
import type {Interface} from '../net/types.js';
import {applyFilter} from './filter.js';
import type {VerdictIndex} from './select-verdicts.js';
import {cell, column, type Column, type Row, type Tone} from './table.js';

export const interfaceColumns: readonly Column[] = [
	column('NAME', 6, 'left', 3),
	column('KIND', 8, 'left', 2),
	column('STATE', 5, 'left', 2),
	column('MTU', 5, 'right', 2),
	column('ADDRESSES', 9, 'left', 1),
	column('POD', 5, 'left', 2),
];

function podText(iface: Interface, verdicts: VerdictIndex): string {
	const pod = verdicts.podByInterface.get(iface.name);
	return pod ? `${pod.namespace}/${pod.name}` : '';
}

export function interfaceFilterText(iface: Interface, verdicts: VerdictIndex): string {
	return [iface.name, iface.kind, iface.state ?? '', ...iface.addresses.map(address => address.cidr), podText(iface, verdicts)].join(' ');
}

export function filterInterfaces(
	interfaces: readonly Interface[],
	filter: string,
	verdicts: VerdictIndex,
): readonly Interface[] {
	return applyFilter(interfaces, filter, iface => interfaceFilterText(iface, verdicts));
}

/** The operational state, or from the flags when the format has none (BusyBox may print no `state`). */
function stateText(iface: Interface): string {
	if (iface.state !== null) {
		return iface.state;
	}
	return iface.flags.includes('UP') ? 'UP' : iface.flags.length > 0 ? 'DOWN' : '?';
}

function stateTone(state: string | null): Tone {
	if (state === 'UP' || state === 'UNKNOWN') {
		return 'ok';
	}
	return state === 'DOWN' || state === 'LOWERLAYERDOWN' ? 'bad' : 'dim';
}

export function interfaceRow(iface: Interface, options: {readonly verdicts: VerdictIndex; readonly highlighted: boolean}): Row {
	const pod = podText(iface, options.verdicts);
	const addresses = iface.addresses.map(address => address.cidr).join(', ');
	return {
		key: iface.name,
		cells: [
			cell(sanitizeText(iface.name)),
			cell(iface.kind),
			cell(sanitizeText(stateText(iface)), stateTone(stateText(iface))),
			cell(iface.mtu === null ? '-' : String(iface.mtu)),
			cell(sanitizeText(addresses || '-'), addresses ? 'normal' : 'dim'),
			cell(sanitizeText(pod || '-'), pod ? 'normal' : 'dim'),
		],
		mark: ' ',
		markTone: 'normal',
		highlighted: options.highlighted,
		faded: false,
	};
}
