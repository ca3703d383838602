/** Building Interface values for the parsers that see only part of a device (`ip -o`, `ip -br`, `ifconfig`). */
import {classifyInterface} from './interface-kind.js';
import type {Interface, SourceFormat} from './types.js';

export type InterfaceInit = Partial<Omit<Interface, 'name' | 'source' | 'kind' | 'role'>> & {
	readonly name: string;
	readonly source: SourceFormat;
};

/** An Interface with every field the format does not show at "unknown" (null / empty); kind and role by name and link type. */
export function makeInterface(init: InterfaceInit): Interface {
	const classified = classifyInterface(init.name, init.linkKind ?? null, init.linkType ?? null);
	return {
		index: null,
		peer: null,
		peerIndex: null,
		peerNetns: null,
		flags: [],
		state: null,
		mtu: null,
		master: null,
		linkType: null,
		linkKind: null,
		altnames: [],
		addresses: [],
		...init,
		kind: classified.kind,
		role: classified.role,
	};
}
