#!/usr/bin/env node
/** The shipped bin: plain JS after the build, no loader, so it starts fast. */
import {main} from './main.js';

process.exitCode = await main(process.argv.slice(2), {
	stdin: process.stdin,
	stdout: process.stdout,
	stderr: process.stderr,
	env: process.env,
});
// The command has finished and said what it had to: a socket to an API server that stopped answering (a
// request given up on, still waiting for its timeout) must not keep the process, and the terminal, for long.
setTimeout(() => process.exit(), 1000).unref();
