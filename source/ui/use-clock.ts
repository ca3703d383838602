/** The current time for ages and the spinner: ticks fast while something spins, slowly otherwise. */
import {useEffect, useState} from 'react';

export type Clock = {
	readonly now: () => number;
	/** False in tests: the frame then depends on data only. */
	readonly ticking: boolean;
};

export const systemClock: Clock = {now: Date.now, ticking: true};

export function useNow(clock: Clock, fast: boolean): number {
	const [now, setNow] = useState(clock.now);
	useEffect(() => {
		if (!clock.ticking) {
			return undefined;
		}
		const timer = setInterval(() => {
			setNow(clock.now());
		}, fast ? 100 : 1000);
		return () => {
			clearInterval(timer);
		};
	}, [clock, fast]);
	return clock.ticking ? now : clock.now();
}
