import {Box, Text} from 'ink';
import {memo} from 'react';
import {paneTitles} from '../state/panes.js';
import type {PaneView} from '../state/select-screen.js';
import {fit} from '../state/table.js';
import {TableRow} from './TableRow.js';
import {toneColor, useTheme} from './theme.js';

export type Props = {
	/** What to draw, from the screen selector. */
	readonly view: PaneView;
	readonly width: number;
};

/**
 * A pane: title line (name, info, filter), column headers, then exactly `view.height` lines. Memoised: the
 * screen selector hands the same view again when nothing the pane shows changed (e.g. a clock tick).
 * Clipped in height only: every line is already cut to the width (fit, truncate-end), and Ink's horizontal
 * clip slices every line's ANSI text again on every frame.
 */
export const TablePane = memo(function TablePane({view, width}: Props) {
	const theme = useTheme();
	const filter = view.filter ? `  /${view.filter}/` : '';
	const title = ` ${view.title ?? paneTitles[view.pane]}${view.info ? ` · ${view.info}` : ''}${filter} `;
	return (
		<Box flexDirection="column" width={width} height={view.height + 2} overflowY="hidden">
			<Text wrap="truncate-end" inverse={view.focused} bold color={view.focused ? undefined : toneColor(theme, 'accent')}>
				{fit(title, width)}
			</Text>
			<Text wrap="truncate-end" bold dimColor>
				{'  ' +
					view.columns
						.flatMap((column, index) => ((view.widths[index] ?? 0) === 0 ? [] : [fit(column.title, view.widths[index] ?? 0, column.align)]))
						.join(' ')}
			</Text>
			{view.rows.length > 0
				? view.rows.map((row, index) => (
						<TableRow
							key={row.key}
							row={row}
							columns={view.columns}
							widths={view.widths}
							selected={index === view.selected}
							focused={view.focused}
						/>
					))
				: view.notice.slice(0, Math.max(1, view.height)).map(line => (
						<Text key={line.text} wrap="truncate-end" color={toneColor(theme, line.tone)}>
							{'  ' + line.text}
						</Text>
					))}
		</Box>
	);
});
