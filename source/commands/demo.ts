import {exitCodes, type Command} from './command.js';

/** Placeholder until its issue lands: says so plainly instead of pretending. */
export const command: Command = {
	name: 'demo',
	summary: '(demo: not implemented yet)',
	async run(io) {
		io.stderr.write('netinspect demo: not implemented yet\n');
		return exitCodes.failed;
	},
};
