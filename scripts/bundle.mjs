/**
 * The build (`npm run build`, also `prepare` on npm install): bundles source/cli.ts into dist/ with esbuild,
 * ESM for Node 20, dead code dropped. Commands stay lazy: each dynamic import becomes its own file, so
 * `--version` reads a few kB and the inspector paints its first frame before client-node is parsed.
 * Usage: node scripts/bundle.mjs [OUTDIR] (default dist); NETINSPECT_BUNDLE_EXTERNAL=a,b keeps packages out.
 */
import {chmodSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {build} from 'esbuild';
import {inkOutputPlugin} from './ink-output-patch.mjs';

const outdir = process.argv[2] ?? 'dist';
const external = (process.env.NETINSPECT_BUNDLE_EXTERNAL ?? '').split(',').filter(Boolean);
rmSync(outdir, {recursive: true, force: true});
await build({
	entryPoints: ['source/cli.ts'],
	outdir,
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	minifySyntax: true,
	treeShaking: true,
	legalComments: 'none',
	chunkNames: '[name]-[hash]',
	entryNames: '[name]',
	// Ink loads react-devtools-core only under DEV=true; it is not a dependency.
	external: ['react-devtools-core', ...external],
	define: {'process.env.NODE_ENV': '"production"'},
	// tr46 (under client-node's node-fetch) requires Node's built-in punycode, deprecated since Node 21: outside
	// node_modules (dist/ of a checkout) every run would print DEP0040. The userland package is the same code.
	alias: {punycode: 'punycode/'},
	// Some bundled CommonJS (client-node's dependencies) calls require() for Node's built-ins.
	banner: {js: "import {createRequire as __netinspectRequire} from 'node:module'; const require = __netinspectRequire(import.meta.url);"},
	// Ink's Output reuses what did not change between frames (ink-output-patch.mjs).
	plugins: [inkOutputPlugin],
	logLevel: 'warning',
});
chmodSync(join(outdir, 'cli.js'), 0o755);
