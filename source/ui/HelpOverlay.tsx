import {Box, Text} from 'ink';
import {helpSections} from '../state/select-help.js';
import {fit} from '../state/table.js';
import {toneColor, useTheme} from './theme.js';

export type Props = {
	readonly height: number;
};

/** The `?` screen: every binding of the keymap, grouped. */
export function HelpOverlay({height}: Props) {
	const theme = useTheme();
	const sections = helpSections();
	const keyWidth = Math.max(...sections.flatMap(section => section.lines.map(line => line.keys.length)));
	const lines = sections.flatMap(section => [
		{key: section.title, text: section.title, title: true},
		...section.lines.map(line => ({key: `${section.title}:${line.keys}`, text: `  ${fit(line.keys, keyWidth)}  ${line.description}`, title: false})),
	]);
	return (
		<Box flexDirection="column" height={height}>
			<Text bold inverse>
				{' Keys (Esc or ? closes) '}
			</Text>
			{lines.slice(0, Math.max(0, height - 1)).map(line =>
				line.title ? (
					<Text key={line.key} bold color={toneColor(theme, 'accent')}>
						{line.text}
					</Text>
				) : (
					<Text key={line.key} wrap="truncate-end">
						{line.text}
					</Text>
				),
			)}
		</Box>
	);
}
