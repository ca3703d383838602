import {exitCodes, type Command} from './command.js';

/** Placeholder until its issue lands: says so plainly instead of pretending. */
export const command: Command = {
	name: 'analyze',
	summary: '(analyze: not implemented yet)',
	async run(io) {
		io.stderr.write('netinspect analyze: not implemented yet\n');
		return exitCodes.failed;
	},
};
