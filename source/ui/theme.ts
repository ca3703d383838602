/** Colours for tones; with colour off (--no-color, NO_COLOR) everything is plain and emphasis is bold/inverse. */
import {createContext, useContext} from 'react';
import type {Tone} from '../state/table.js';

export type Theme = {
	/** Whether to colour at all. */
	readonly color: boolean;
};

export const ThemeContext = createContext<Theme>({color: true});

export function useTheme(): Theme {
	return useContext(ThemeContext);
}

const toneColors: Readonly<Record<Tone, string | undefined>> = {
	normal: undefined,
	ok: 'green',
	warn: 'yellow',
	bad: 'red',
	dim: 'gray',
	accent: 'cyan',
};

/** Ink `color` for a tone, or undefined (the terminal's default). */
export function toneColor(theme: Theme, tone: Tone): string | undefined {
	return theme.color ? toneColors[tone] : undefined;
}
