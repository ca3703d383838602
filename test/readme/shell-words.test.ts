import {describe, expect, it} from 'vitest';
import {splitShellWords, withoutComment} from './shell-words.js';

describe('splitShellWords', () => {
	it('splits on blanks, keeps quoted text whole and drops trailing comments', () => {
		expect(splitShellWords(`kubectl get pods -o 'custom-columns=A:.a, B:.b' "x \\"y\\""  # a note`)).toEqual({
			words: ['kubectl', 'get', 'pods', '-o', 'custom-columns=A:.a, B:.b', 'x "y"'],
			stdinFile: null,
		});
		expect(splitShellWords('a\\ b c#d').words).toEqual(['a b', 'c#d']);
	});

	it('reads one stdin redirect', () => {
		expect(splitShellWords('netinspect analyze --routes - < routes.txt')).toEqual({
			words: ['netinspect', 'analyze', '--routes', '-'],
			stdinFile: 'routes.txt',
		});
		expect(() => splitShellWords('a < b c')).toThrow(/words after/);
		expect(() => splitShellWords('a <')).toThrow(/without a file/);
	});

	it('refuses what needs a shell', () => {
		for (const line of ['a | b', 'a && b', 'a; b', 'a > out', 'echo $HOME', 'echo `id`', 'ls *.txt', 'echo "$X"', "echo 'open"]) {
			expect(() => splitShellWords(line), line).toThrow();
		}
	});

	it('finds comments only at the start of an unquoted word', () => {
		expect(withoutComment(`npm test   # every test`)).toBe('npm test');
		expect(withoutComment(`echo '# not' "# not" a#b`)).toBe(`echo '# not' "# not" a#b`);
	});
});
