/** The four list panes of the inspector, in tab order. */
export type PaneId = 'nodes' | 'pods' | 'routes' | 'interfaces';

export const paneOrder: readonly PaneId[] = ['nodes', 'pods', 'routes', 'interfaces'];

export const paneTitles: Readonly<Record<PaneId, string>> = {
	nodes: 'Nodes',
	pods: 'Pods',
	routes: 'Routes',
	interfaces: 'Interfaces',
};

/** The pane `steps` positions after `pane` in tab order (negative: backwards), wrapping around. */
export function nextPane(pane: PaneId, steps: number): PaneId {
	const index = paneOrder.indexOf(pane);
	const count = paneOrder.length;
	return paneOrder[(((index + steps) % count) + count) % count] ?? pane;
}
