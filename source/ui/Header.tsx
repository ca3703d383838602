import {Text} from 'ink';
import type {HeaderView} from '../state/select-screen.js';
import {toneColor, useTheme} from './theme.js';
import {sanitizeText} from '../text/sanitize.js';

export type Props = {
	/** Context, cluster, namespace, counts, CNI and connection. */
	readonly view: HeaderView;
};

/** The one header line. */
export function Header({view}: Props) {
	const theme = useTheme();
	return (
		<Text wrap="truncate-end">
			<Text bold color={toneColor(theme, 'accent')}>
				netinspect
			</Text>
			{view.sweep ? <Text color={toneColor(theme, view.sweep.tone)}>{` ${view.sweep.text} ·`}</Text> : null}
			{/* A sweep's progress takes the place of the cluster name (the context names it) and the node count (it has it). */}
			{` ctx ${sanitizeText(view.context)}${view.sweep ? '' : ` · cluster ${sanitizeText(view.cluster)}`} · ns ${sanitizeText(view.namespace)} · ${view.sweep ? '' : `${view.nodes} nodes · `}${view.pods} pods · ${sanitizeText(view.cni)} · `}
			<Text color={toneColor(theme, view.connection.tone)}>{view.connection.text}</Text>
		</Text>
	);
}
