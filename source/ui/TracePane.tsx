import {Box, Text} from 'ink';
import type {TraceView} from '../state/select-trace.js';
import {fit} from '../state/table.js';
import {toneColor, useTheme} from './theme.js';

export type Props = {
	readonly view: TraceView;
	readonly width: number;
};

/** The Trace view: a title line, then exactly `view.height` lines of the picture (problems in the bad tone). */
export function TracePane({view, width}: Props) {
	const theme = useTheme();
	const title = ` ${view.title}${view.info ? ` · ${view.info}` : ''} `;
	return (
		<Box flexDirection="column" width={width} height={view.height + 1} overflow="hidden">
			<Text wrap="truncate-end" inverse={view.focused} bold color={view.focused ? undefined : toneColor(theme, 'accent')}>
				{fit(title, width)}
			</Text>
			{view.lines.map((line, index) => (
				// Lines are positions in a picture that scrolls: the index is their identity.
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} wrap="truncate-end">
					{' '}
					{line.map((segment, at) => (
						// eslint-disable-next-line react/no-array-index-key
						<Text key={at} color={toneColor(theme, segment.tone)} bold={segment.tone === 'bad' && !theme.color}>
							{segment.text}
						</Text>
					))}
					{line.length === 0 ? ' ' : ''}
				</Text>
			))}
		</Box>
	);
}
