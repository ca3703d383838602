#!/usr/bin/env node
/** The shipped bin: plain JS after the build, no loader, so it starts fast. */
import {main} from './main.js';

process.exitCode = await main(process.argv.slice(2), {
	stdin: process.stdin,
	stdout: process.stdout,
	stderr: process.stderr,
	env: process.env,
});
