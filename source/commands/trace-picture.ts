/**
 * `netinspect trace`'s picture as text: the shared layout (state/trace-picture.ts) with problems in red and
 * delivery in green when `color`, plain text (no escapes) otherwise.
 */
import {tracePictureLines, type PictureOptions, type PictureSegment} from '../state/trace-picture.js';
import type {Trace} from '../net/trace-types.js';

export {routeText} from '../state/trace-picture.js';

const codes: Readonly<Record<PictureSegment['tone'], string | null>> = {normal: null, good: '32', bad: '31'};

export function tracePicture(result: Trace, options: PictureOptions & {readonly color: boolean}): string {
	const paint = (segment: PictureSegment) => {
		const code = codes[segment.tone];
		return options.color && code !== null ? `\u001B[${code}m${segment.text}\u001B[0m` : segment.text;
	};
	return `${tracePictureLines(result, options).map(line => line.map(paint).join('')).join('\n')}\n`;
}
