/**
 * Entry point: picks one command from argv and hands it the rest. Each command parses its own flags, so
 * `netinspect analyze --help` shows the flags of analyze. Commands load lazily to keep start-up fast.
 */
import {readFileSync} from 'node:fs';
import type {Command, CommandIo} from './commands/command.js';

const commandLoaders: Readonly<Record<string, () => Promise<{command: Command}>>> = {
	analyze: async () => import('./commands/analyze.js'),
	routes: async () => import('./commands/routes.js'),
	lab: async () => import('./commands/lab.js'),
	demo: async () => import('./commands/demo.js'),
	cleanup: async () => import('./commands/cleanup.js'),
	trace: async () => import('./commands/trace.js'),
	sweep: async () => import('./commands/sweep.js'),
};

const summaries: Readonly<Record<string, string>> = {
	analyze: 'judge pod IPs against captured `route -n` / `ip route` / `ip addr` output (no cluster needed)',
	routes: "probe one node's routes through a debug pod and print verdicts once (or --local: this machine)",
	lab: 'run the embedded lab cluster (an imitation Kubernetes API on 127.0.0.1) until Ctrl-C',
	demo: 'the inspector on the embedded lab cluster',
	cleanup: 'delete every debug pod netinspect left behind',
	trace: 'the path between two pods, both ways, hop by hop (live, or offline from --capture)',
	sweep: "every node's routes against every pod of the cluster, from the tables alone (problems worst first)",
};

export function version(): string {
	const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
		version: string;
	};
	return packageJson.version;
}

export function mainHelp(): string {
	const width = Math.max(...Object.keys(summaries).map(name => name.length));
	const lines = Object.entries(summaries).map(([name, summary]) => `    ${name.padEnd(width)}  ${summary}`);
	return `
  netinspect: which interface each pod IP leaves through, live, on any Kubernetes cluster

  Usage
    $ netinspect [flags]            the interactive inspector on the current kubeconfig context
    $ netinspect <command> [flags]  (netinspect <command> --help for its flags)

  Commands
${lines.join('\n')}

  Flags of the inspector: netinspect inspect --help
  Examples
    $ netinspect --context kind-networking
    $ npx --package kube-netinspect netinspect --context kind-networking   (without installing it)
    $ netinspect demo
    $ netinspect analyze --routes route-n.txt --pods pods.json --json
`;
}

export async function main(argv: readonly string[], io: Omit<CommandIo, 'argv'>): Promise<number> {
	const [first, ...rest] = argv;
	if (first === '--version' || first === '-v') {
		io.stdout.write(`${version()}\n`);
		return 0;
	}
	if (first === '--help' || first === '-h' || first === 'help') {
		io.stdout.write(`${mainHelp()}\n`);
		return 0;
	}
	if (first !== undefined && !first.startsWith('-') && first !== 'inspect') {
		const load = commandLoaders[first];
		if (!load) {
			io.stderr.write(`netinspect: unknown command "${first}" (see netinspect --help)\n`);
			return 2;
		}
		const {command} = await load();
		return command.run({...io, argv: rest});
	}
	const {command} = await import('./commands/inspect.js');
	return command.run({...io, argv: first === 'inspect' ? rest : argv});
}
