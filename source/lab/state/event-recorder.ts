/** Writes core/v1 Events into the store, deleting the oldest beyond a cap as their TTL would. */
import {randomUUID} from 'node:crypto';
import {eventObject, type EventInput} from './misc-objects.js';
import type {ObjectStore} from './object-store.js';

/** Oldest events are deleted beyond this many. */
const maxEvents = 500;

/** `at` defaults to now. */
export type RecordEvent = (input: Omit<EventInput, 'uid' | 'at'> & {readonly at?: number}) => void;

export function createEventRecorder(store: ObjectStore, now: () => number): RecordEvent {
	const eventKeys: {readonly namespace: string; readonly name: string}[] = [];
	return (input) => {
		const event = store.add('events', eventObject({...input, uid: randomUUID(), at: input.at ?? now()}));
		eventKeys.push({namespace: event.metadata.namespace ?? 'default', name: event.metadata.name});
		while (eventKeys.length > maxEvents) {
			const oldest = eventKeys.shift()!;
			store.remove('events', oldest.namespace, oldest.name);
		}
	};
}
