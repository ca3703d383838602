#!/usr/bin/env node
/** The shipped bin: plain JS after the build, no loader, so it starts fast. */
import module from 'node:module';
import {main} from './main.js';

// Node 22.1+ keeps the compiled code of the bundle's chunks between runs (client-node alone is 4 MB of source);
// Node 20 has no such cache and skips this. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
(module as {enableCompileCache?: () => unknown}).enableCompileCache?.();

// A stderr nobody reads any more (`2>&1 | head -c 10`): what is said there is lost, but the command must still
// finish and delete its debug pods, not stop at the first progress line on an unhandled EPIPE.
process.stderr.on('error', () => undefined);

process.exitCode = await main(process.argv.slice(2), {
	stdin: process.stdin,
	stdout: process.stdout,
	stderr: process.stderr,
	env: process.env,
});
// The command has finished and said what it had to: a socket to an API server that stopped answering (a
// request given up on, still waiting for its timeout) must not keep the process, and the terminal, for long.
setTimeout(() => process.exit(), 1000).unref();
