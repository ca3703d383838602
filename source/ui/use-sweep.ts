/** Subscribes to the inspector's sweep source (outside React); the idle snapshot when there is none. */
import {useSyncExternalStore} from 'react';
import {idleSweep, type SweepSnapshot, type SweepSource} from '../kube/sweep-snapshot.js';

const noSubscription = (): (() => void) => () => undefined;
const idle = (): SweepSnapshot => idleSweep;

export function useSweep(source: SweepSource | undefined): SweepSnapshot | undefined {
	const snapshot = useSyncExternalStore(source?.subscribe ?? noSubscription, source?.getSnapshot ?? idle);
	return source === undefined ? undefined : snapshot;
}
