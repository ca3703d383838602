import {Text} from 'ink';
import {fit, type Column, type Row} from '../state/table.js';
import {toneColor, useTheme} from './theme.js';

export type Props = {
	/** The row's cells and marks (already sanitised by the selectors). */
	readonly row: Row;
	readonly columns: readonly Column[];
	readonly widths: readonly number[];
	/** The pane's cursor is on it. */
	readonly selected: boolean;
	/** The pane has the focus (the cursor shows inverse only then). */
	readonly focused: boolean;
};

/** One table line: a marker column, then each cell padded to its width. */
export function TableRow({row, columns, widths, selected, focused}: Props) {
	const theme = useTheme();
	const cursor = selected && focused;
	const emphasis = row.highlighted && !cursor;
	return (
		<Text wrap="truncate-end" inverse={selected && focused} underline={selected && !focused} dimColor={row.faded} bold={emphasis}>
			<Text color={toneColor(theme, row.markTone)}>{row.mark}</Text>
			{/* The cursor and highlights also show as characters, so they survive --no-color and screen captures. */}
			<Text color={emphasis ? toneColor(theme, 'accent') : undefined}>{cursor ? '❯' : emphasis ? '▶' : ' '}</Text>
			{row.cells.map((cell, index) =>
				(widths[index] ?? 0) === 0 ? null : (
					<Text key={columns[index]?.title ?? index} color={row.faded ? toneColor(theme, 'dim') : toneColor(theme, cell.tone)}>
						{(index === 0 ? '' : ' ') + fit(cell.text, widths[index] ?? 0, columns[index]?.align ?? 'left')}
					</Text>
				),
			)}
		</Text>
	);
}
