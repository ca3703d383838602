import {exitCodes, type Command} from './command.js';

/** Placeholder until its issue lands: says so plainly instead of pretending. */
export const command: Command = {
	name: 'routes',
	summary: '(routes: not implemented yet)',
	async run(io) {
		io.stderr.write('netinspect routes: not implemented yet\n');
		return exitCodes.failed;
	},
};
