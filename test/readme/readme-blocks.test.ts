import {describe, expect, it} from 'vitest';
import {commandsOfBlock, fencedBlocks, markedSection, readmeCommands} from './readme-blocks.js';

describe('README blocks', () => {
	const markdown = [
		'text',
		'```sh',
		'# a comment',
		'npm test  # note',
		'',
		'kubectl get \\',
		'  nodes',
		'```',
		'````text',
		'```sh',
		'not a command',
		'```',
		'````',
		'```bash',
		'echo hidden',
		'```',
		'<!-- keys:start -->',
		'| a |',
		'<!-- keys:end -->',
	].join('\n');

	it('finds fenced blocks with their language, nested fences included', () => {
		expect(fencedBlocks(markdown).map(block => [block.language, block.line])).toEqual([
			['sh', 2],
			['text', 9],
			['bash', 14],
		]);
		expect(() => fencedBlocks('```sh\nnpm test\n')).toThrow(/never closed/);
	});

	it('reads command lines: comments dropped, continuations joined, every shell language counted', () => {
		expect(readmeCommands(markdown)).toEqual([
			{text: 'npm test', line: 4},
			{text: 'kubectl get nodes', line: 6},
			{text: 'echo hidden', line: 15},
		]);
		expect(commandsOfBlock({language: 'sh', line: 1, lines: ['a \\']})).toEqual([{text: 'a', line: 2}]);
	});

	it('reads a marked section', () => {
		expect(markedSection(markdown, 'keys')).toBe('| a |');
		expect(markedSection(markdown, 'screen')).toBeNull();
	});
});
