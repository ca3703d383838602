/**
 * Flags of the interactive inspector (`netinspect`, `netinspect inspect`), as kubectl users expect them.
 * plain-flags.ts, else meow without its process.exit: a bad flag is an InspectUsageError (exit 2, one line).
 */
import {readFlags} from './plain-flags.js';
import {UsageError} from './usage.js';
import {defaultDebugImage, defaultDebugNamespace} from '../kube/debug-pod-spec.js';
import {parseRequestTimeout} from '../kube/request-timeout.js';
import {sanitizeText} from '../text/sanitize.js';

export const inspectHelp = `
  Usage
    $ netinspect [flags]
    $ netinspect inspect [flags]

  The full-screen inspector: nodes, pods, the live route table and interfaces of a selected node, and which
  interface each pod IP leaves through. Enter on a node starts a short-lived debug pod on it (host network,
  no privileges, all capabilities dropped, deleted on exit).

  Flags
    --kubeconfig FILE        kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config)
    --context NAME           kubeconfig context (default: the current one)
    -n, --namespace NS       namespace shown (default: the context's, else default)
    -A, --all-namespaces     show pods of all namespaces
    --image IMAGE            debug pod image (default ${defaultDebugImage})
    --debug-namespace NS     where debug pods run (default ${defaultDebugNamespace})
    --refresh SECONDS        live refresh interval of the routes (default 5)
    --request-timeout TIME   limit of each API request, e.g. 30s, 2m; 0 for none (default 30s)
    --no-color               no colours (also NO_COLOR=1)
    -h, --help               this help
    -v, --version            the version

  Keys: ? in the app. Not in a terminal? Use: netinspect routes NODE --json
`;

/** A bad flag or value: exit 2 with one line. */
export {UsageError as InspectUsageError} from './usage.js';

export type InspectOptions = {
	readonly kubeconfig: string | undefined;
	readonly context: string | undefined;
	readonly namespace: string | undefined;
	readonly allNamespaces: boolean;
	readonly image: string;
	readonly debugNamespace: string;
	readonly refreshSeconds: number;
	readonly color: boolean;
	/** `--request-timeout` in ms (0: none). */
	readonly requestTimeoutMs: number;
};

/** The flags' spec (exported for plain-flags.test.ts). */
export const inspectFlags = {
	kubeconfig: {type: 'string'},
	context: {type: 'string'},
	namespace: {type: 'string', shortFlag: 'n'},
	allNamespaces: {type: 'boolean', shortFlag: 'A', default: false},
	image: {type: 'string'},
	debugNamespace: {type: 'string'},
	refresh: {type: 'number'},
	requestTimeout: {type: 'string'},
	color: {type: 'boolean', default: true},
	help: {type: 'boolean', shortFlag: 'h', default: false},
	version: {type: 'boolean', shortFlag: 'v', default: false},
} as const;


/** The options, or 'help' / 'version'. Throws InspectUsageError for anything unusable. */
export async function parseInspectFlags(
	argv: readonly string[],
	env: Readonly<Record<string, string | undefined>>,
): Promise<InspectOptions | 'help' | 'version'> {
	const cli = await readFlags(argv, inspectFlags, inspectHelp, 'netinspect --help');
	if (cli.flags.help) {
		return 'help';
	}
	if (cli.flags.version) {
		return 'version';
	}
	if (cli.input.length > 0) {
		throw new UsageError(`unexpected argument "${sanitizeText(cli.input[0] ?? '')}" (see netinspect --help)`);
	}
	for (const name of ['kubeconfig', 'context', 'namespace', 'image', 'debugNamespace'] as const) {
		const value = cli.flags[name];
		if (value !== undefined && value.trim() === '') {
			throw new UsageError(`--${name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`)} needs a value`);
		}
	}
	const refresh = cli.flags.refresh ?? 5;
	if (!Number.isFinite(refresh) || refresh < 1 || refresh > 3600) {
		throw new UsageError('--refresh needs a number of seconds from 1 to 3600');
	}
	const requestTimeout = parseRequestTimeout(cli.flags.requestTimeout ?? '30s');
	if (typeof requestTimeout !== 'number') throw new UsageError(requestTimeout.error);
	const noColorEnv = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
	return {
		kubeconfig: cli.flags.kubeconfig,
		context: cli.flags.context,
		namespace: cli.flags.namespace,
		allNamespaces: cli.flags.allNamespaces,
		image: cli.flags.image ?? defaultDebugImage,
		debugNamespace: cli.flags.debugNamespace ?? defaultDebugNamespace,
		refreshSeconds: refresh,
		color: cli.flags.color && !noColorEnv,
		requestTimeoutMs: requestTimeout,
	};
}
