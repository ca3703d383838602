import {Text} from 'ink';
import type {TerminalSize} from '../state/layout.js';

export type Props = {
	readonly size: TerminalSize;
	readonly needed: TerminalSize;
};

/** Shown instead of the panes when the terminal is below the minimum. */
export function TooSmall({size, needed}: Props) {
	return (
		<Text wrap="wrap">
			{`netinspect needs at least ${needed.columns}x${needed.rows}; this terminal is ${size.columns}x${size.rows}. Enlarge it (q quits).`}
		</Text>
	);
}
