/**
 * `ip -o addr` (iproute2 6.1 and BusyBox 1.35 alike, but for BusyBox's hex IPv6 flags) and iproute2's
 * `ip -br addr`, from a node kernel (checked against the real tools in namespace-parity.test.ts). Pure.
 */
import type {Family} from '../../net/ip.js';
import type {NodeKernel} from './node-kernel.js';
import {addressLines, addressesOf, linkOf, shown} from './render-ip-addr.js';
import {left} from './text-columns.js';
import type {ToolFlavor} from './tool-flavor.js';

/** `ip -o addr`: `N: name` then the `ip addr` address line, `\` where that one breaks. No link lines. */
export function renderIpAddrOneline(kernel: NodeKernel, flavor: ToolFlavor, family: Family | null = null): string {
	let text = '';
	for (const device of shown(kernel, family)) {
		const link = linkOf(kernel, device);
		for (const entry of addressesOf(device, family)) {
			const [address, lifetimes] = addressLines(device, link, entry, flavor);
			text += `${device.index ?? 0}: ${device.name}${address}\\${lifetimes}\n`;
		}
	}
	return text;
}

/** iproute2 `ip -br addr`: `%-16s %-14s ` (name@peer, operstate), then `ADDR/LEN ` per address. */
export function renderIpAddrBrief(kernel: NodeKernel, family: Family | null = null): string {
	let text = '';
	for (const device of shown(kernel, family)) {
		const name = `${device.name}${device.peer ? `@${device.peer}` : ''}`;
		const addresses = addressesOf(device, family).map(entry => {
			const local = entry.peer === null ? entry.address : `${entry.address} peer ${entry.peer}`;
			return `${local}/${entry.prefixLength} `;
		});
		text += `${left(name, 16)} ${left(device.state ?? 'UNKNOWN', 14)} ${addresses.join('')}\n`;
	}
	return text;
}
