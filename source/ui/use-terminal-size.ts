/** The terminal's size, live: Ink 6 has no useWindowSize, so listen to the stdout `resize` event. */
import {useStdout} from 'ink';
import {useEffect, useState} from 'react';
import type {TerminalSize} from '../state/layout.js';

const fallback: TerminalSize = {columns: 80, rows: 24};

export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const read = (): TerminalSize => ({columns: stdout.columns || fallback.columns, rows: stdout.rows || fallback.rows});
	const [size, setSize] = useState<TerminalSize>(read);
	useEffect(() => {
		const onResize = (): void => {
			setSize(read());
		};
		stdout.on('resize', onResize);
		onResize();
		return () => {
			stdout.off('resize', onResize);
		};
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [stdout]);
	return size;
}
