import {Text} from 'ink';
import type {ViewId} from '../state/keymap.js';
import {statusHints} from '../state/select-help.js';
import type {UiState} from '../state/ui-state.js';
import {toneColor, useTheme} from './theme.js';

export type Props = {
	readonly ui: UiState;
	readonly width: number;
};

/** The bottom line: the filter being typed, a message, or the focused pane's keys (from the keymap). */
export function StatusBar({ui, width}: Props) {
	const theme = useTheme();
	if (ui.quitting) {
		return <Text color={toneColor(theme, 'warn')}>quitting: deleting the debug pod…</Text>;
	}
	if (ui.mode === 'filter') {
		return (
			<Text wrap="truncate-end">
				<Text color={toneColor(theme, 'accent')}>/{ui.filters[ui.focus]}</Text>
				<Text inverse> </Text>
				<Text dimColor>{'  ⏎ keep  esc drop'}</Text>
				{ui.message ? <Text color={toneColor(theme, 'bad')}>{`  ${ui.message.text}`}</Text> : null}
			</Text>
		);
	}
	const pane: ViewId = ui.sweep.problemsOpen ? 'problems' : ui.focus;
	const message = ui.message ? `${ui.message.text}  ` : '';
	const hints = statusHints(pane, Math.max(0, width - message.length));
	return (
		<Text wrap="truncate-end">
			{message ? <Text color={toneColor(theme, ui.message?.tone === 'error' ? 'bad' : 'accent')}>{message}</Text> : null}
			{hints.map(hint => (
				<Text key={hint.label}>
					<Text bold color={toneColor(theme, 'accent')}>
						{hint.key}
					</Text>
					{` ${hint.label}  `}
				</Text>
			))}
		</Text>
	);
}
