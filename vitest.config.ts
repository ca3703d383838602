import {defineConfig} from 'vitest/config';

// Ink reads CI once at import: under CI=true it ignores resize and blanks the last frame.
// Pin the workers to a TTY-like environment so frames are the same on a laptop and in CI.
export default defineConfig({
	test: {
		include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
		env: {CI: 'false', FORCE_COLOR: '1'},
		testTimeout: 30_000,
		hookTimeout: 30_000,
		pool: 'forks',
	},
});
