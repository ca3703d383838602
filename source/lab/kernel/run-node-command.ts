/**
 * The small command table a lab container runs against its node's kernel (exec in a host-network pod,
 * `kubectl debug node/…`). argv is what the exec gets; `sh -c "<cmd>"` is split on whitespace (no quoting,
 * pipes or other shell features). What a missing command prints depends on who looked for it:
 * - under a shell: dash (`gnu` images) prints `sh: 1: X: not found`, BusyBox sh prints `sh: X: not found`;
 * - a direct exec: the container runtime's error (`exec: "X": executable file not found in $PATH`).
 * Both exit 127 (the issue asks one code for "command not found"; the real runtime path reports 126/127
 * depending on the runtime version). Pure: `sleep` only reports how long the caller should wait.
 */
import type {Family} from '../../net/ip.js';
import type {NodeKernel} from './node-kernel.js';
import {renderIfconfig} from './render-ifconfig.js';
import {renderIpAddr, renderIpAddrJson, renderIpLinkJson} from './render-ip-addr.js';
import {renderIpAddrBrief, renderIpAddrOneline} from './render-ip-addr-oneline.js';
import type {IpRouteOptions} from './render-ip-route.js';
import {catFiles, expandGlob, grepFiles} from './node-files.js';
import {renderIpRoute, renderIpRouteJson} from './render-ip-route.js';
import {renderIpRule, renderIpRuleJson} from './render-ip-rule.js';
import {renderRouteN, renderRouteNInet6} from './render-route-n.js';
import type {ToolFlavor} from './tool-flavor.js';
import {busyboxIpUsage, busyboxRouteUsage, busyboxUnrecognized, iproute2Version, netToolsVersion} from './tool-texts.js';

export type {ToolFlavor} from './tool-flavor.js';

export type CommandOutcome = {
	readonly stdout: string;
	readonly stderr: string;
	readonly exitCode: number;
	/** Set by `sleep N`: the caller waits this long (abortable) before it reports the exit. */
	readonly sleepSeconds?: number;
};

type Context = 'shell' | 'exec';

function ok(stdout: string): CommandOutcome {
	return {stdout, stderr: '', exitCode: 0};
}

function fail(stderr: string, exitCode: number): CommandOutcome {
	return {stdout: '', stderr, exitCode};
}

const shells = new Set(['sh', 'bash', 'ash', 'dash']);
const binDirs = ['/bin/', '/sbin/', '/usr/bin/', '/usr/sbin/', '/usr/local/bin/', '/usr/local/sbin/'];

/** `/sbin/ip` → `ip`; other paths stay as they are (and are not found). */
function commandName(word: string): string {
	const dir = binDirs.find(prefix => word.startsWith(prefix) && !word.slice(prefix.length).includes('/'));
	return dir ? word.slice(dir.length) : word;
}

function notFound(word: string, context: Context, flavor: ToolFlavor): CommandOutcome {
	if (context === 'exec') {
		return fail(
			`OCI runtime exec failed: exec failed: unable to start container process: exec: ${JSON.stringify(word)}: executable file not found in $PATH: unknown\n`,
			127,
		);
	}
	return fail(flavor === 'busybox' ? `sh: ${word}: not found\n` : `sh: 1: ${word}: not found\n`, 127);
}

export function runNodeCommand(kernel: NodeKernel, argv: readonly string[], flavor: ToolFlavor): CommandOutcome {
	const first = argv[0];
	if (first === undefined) return notFound('', 'exec', flavor);
	if (shells.has(commandName(first)) && argv[1] === '-c') {
		const words = (argv[2] ?? '').split(/\s+/).filter(word => word !== '').flatMap(word => expandGlob(kernel, word));
		if (words.length === 0) return ok('');
		return runWords(kernel, words, flavor, 'shell');
	}
	return runWords(kernel, argv, flavor, 'exec');
}

function runWords(kernel: NodeKernel, words: readonly string[], flavor: ToolFlavor, context: Context): CommandOutcome {
	const [word = '', ...args] = words;
	const name = commandName(word);
	switch (name) {
		case 'route':
			return route(kernel, args, flavor);
		case 'ip':
			return flavor === 'busybox' ? busyboxIp(kernel, args) : ip(kernel, args);
		case 'ifconfig':
			return ifconfig(kernel, args, flavor);
		case 'hostname':
			return ok(`${kernel.hostname}\n`);
		case 'true':
			return ok('');
		case 'false':
			return fail('', 1);
		case 'echo':
			return ok(`${args.join(' ')}\n`);
		case 'sleep':
			return sleep(args, flavor);
		case 'cat':
			return catFiles(kernel, args, flavor);
		case 'grep':
			return grepFiles(kernel, args, flavor);
		case 'exit':
			return context === 'shell' ? shellExit(args, flavor) : notFound(word, context, flavor);
		default:
			return notFound(word, context, flavor);
	}
}

/** The shell builtin `exit [N]` (only under `sh -c`): status N modulo 256; a non-number is the shell's error. */
function shellExit(args: readonly string[], flavor: ToolFlavor): CommandOutcome {
	const text = args[0] ?? '0';
	if (!/^\d+$/.test(text)) {
		return fail(flavor === 'busybox' ? `sh: exit: line 0: Illegal number: ${text}\n` : `sh: 1: exit: Illegal number: ${text}\n`, 2);
	}
	return {stdout: '', stderr: '', exitCode: Number(text) % 256};
}

function sleep(args: readonly string[], flavor: ToolFlavor): CommandOutcome {
	const text = args[0];
	if (text === undefined) {
		return fail(flavor === 'busybox' ? 'sleep: applet requires an argument\n' : "sleep: missing operand\nTry 'sleep --help' for more information.\n", 1);
	}
	const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text);
	if (!match) return fail(flavor === 'busybox' ? `sleep: invalid number '${text}'\n` : `sleep: invalid time interval '${text}'\nTry 'sleep --help' for more information.\n`, 1);
	const unit = {'': 1, s: 1, m: 60, h: 3600, d: 86400}[match[2] ?? ''] ?? 1;
	return {stdout: '', stderr: '', exitCode: 0, sleepSeconds: Number(match[1]) * unit};
}

function route(kernel: NodeKernel, args: readonly string[], flavor: ToolFlavor): CommandOutcome {
	let numeric = false;
	let family: Family = 4;
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		if (arg === '--version' || (flavor === 'gnu' && arg === '-V')) {
			if (flavor === 'busybox') return fail(busyboxUnrecognized('route', arg) + busyboxRouteUsage, 1);
			return ok(netToolsVersion);
		}
		if (!arg.startsWith('-') || arg.startsWith('--') || arg === '-') return unknownRoute(arg, flavor);
		// A getopt cluster: `-n`, `-nn`, `-nAinet6`, `-A inet6`, and net-tools' `-4`/`-6`.
		for (let j = 1; j < arg.length; j++) {
			const letter = arg[j]!;
			if (letter === 'n') continue;
			if (letter === 'A') {
				const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i];
				if (value === 'inet6') family = 6;
				else if (value !== 'inet') return unknownRoute(arg, flavor);
				break;
			}
			if (flavor === 'gnu' && (letter === '4' || letter === '6')) {
				family = letter === '6' ? 6 : 4;
				continue;
			}
			return unknownRoute(`-${letter}`, flavor);
		}
		if (/^-[^A]*n/.test(arg)) numeric = true;
	}
	if (family === 6) return ok(renderRouteNInet6(kernel, flavor));
	return ok(renderRouteN(kernel, flavor, {numeric}));
}

function unknownRoute(arg: string, flavor: ToolFlavor): CommandOutcome {
	if (flavor === 'busybox') return fail(`route: invalid option -- '${arg.replace(/^-+/, '').slice(0, 1)}'\n${busyboxRouteUsage}`, 1);
	return fail(`route: invalid option -- '${arg.replace(/^-+/, '').slice(0, 1)}'\n`, 4);
}

/** `ifconfig [-a] [NAME]` (net-tools 2.10 or BusyBox); configuring a device is not simulated. */
function ifconfig(kernel: NodeKernel, args: readonly string[], flavor: ToolFlavor): CommandOutcome {
	let all = false;
	const names: string[] = [];
	for (const arg of args) {
		if (arg === '-a') all = true;
		else if (flavor === 'gnu' && arg === '-v') continue;
		else if (flavor === 'gnu' && arg.startsWith('-') && arg !== '-') {
			if (arg === '-s') return fail('netinspect lab: only `ifconfig [-a] [NAME]` is simulated\n', 1);
			return fail(`ifconfig: option \`${arg}' not recognised.\nifconfig: \`--help' gives usage information.\n`, 1);
		} else names.push(arg);
	}
	if (names.length > 1) return fail('netinspect lab: only `ifconfig [-a] [NAME]` is simulated (no device changes)\n', 1);
	const text = renderIfconfig(kernel, flavor, names.length === 1 ? {device: names[0]!} : {all});
	if (text !== null) return ok(text);
	const error = `${names[0]!}: error fetching interface information: Device not found\n`;
	return fail(flavor === 'busybox' ? `ifconfig: ${error}` : error, 1);
}

type IpOptions = {
	readonly json: boolean;
	readonly details: boolean;
	readonly family: Family | null;
	/** `-o` / `-oneline` and `-br` / `-brief` (only `ip addr` prints them differently here). */
	readonly oneline: boolean;
	readonly brief: boolean;
	readonly rest: readonly string[];
};

/** Global options before the object; null when one is unknown (the caller prints the tool's complaint). */
function ipOptions(args: readonly string[]): IpOptions | {readonly unknown: string} {
	let json = false;
	let details = false;
	let oneline = false;
	let brief = false;
	let family: Family | null = null;
	let i = 0;
	for (; i < args.length && args[i]!.startsWith('-'); i++) {
		const arg = args[i]!.replace(/^--?/, '-');
		if (arg === '-j' || arg === '-json') json = true;
		else if (arg === '-o' || arg === '-oneline') oneline = true;
		else if (arg === '-br' || arg === '-brief') brief = true;
		else if (arg === '-d' || arg === '-details') details = true;
		else if (arg === '-4') family = 4;
		else if (arg === '-6') family = 6;
		else if (arg === '-f' || arg === '-family') {
			const value = args[++i];
			if (value === 'inet') family = 4;
			else if (value === 'inet6') family = 6;
			else return {unknown: arg};
		} else if (arg === '-V' || arg === '-Version') return {unknown: '-V'};
		else return {unknown: args[i]!};
	}
	return {json, details, family, oneline, brief, rest: args.slice(i)};
}

/** iproute2 matches objects and verbs by prefix, in its own order. */
function matches(word: string | undefined, candidates: readonly string[]): string | null {
	if (word === undefined) return null;
	return candidates.find(candidate => candidate.startsWith(word)) ?? null;
}

function routeTable(rest: readonly string[]): IpRouteOptions['table'] | null {
	const index = rest.indexOf('table');
	if (index === -1) return rest.length === 0 ? 'main' : null;
	const value = rest[index + 1];
	if (value === 'all' || value === 'main' || value === 'local') return value;
	// A numbered table (1..2^32-1); `ip` accepts names from rt_tables too, the lab only numbers.
	if (value !== undefined && /^[1-9]\d{0,9}$/.test(value) && Number(value) < 2 ** 32) return value;
	return null;
}

function ip(kernel: NodeKernel, args: readonly string[]): CommandOutcome {
	if (args[0] === '-V' || args[0] === '-Version') return ok(iproute2Version);
	const options = ipOptions(args);
	if ('unknown' in options) return fail(`Option "${options.unknown}" is unknown, try "ip -help".\n`, 255);
	const [object, verb, ...rest] = options.rest;
	const name = matches(object ?? 'address', ['address', 'route', 'rule', 'link']);
	if (name === null) return fail(`Object "${object}" is unknown, try "ip help".\n`, 1);
	if (verb !== undefined && !matches(verb, ['show', 'list', 'lst'])) {
		return fail(`Command "${verb}" is unknown, try "ip ${name} help".\n`, 255);
	}
	if (name === 'address') {
		if (rest.length > 0) return fail(`Command line is not complete. Try option "help"\n`, 255);
		if (options.json) return ok(renderIpAddrJson(kernel, {family: options.family}));
		if (options.brief) return ok(renderIpAddrBrief(kernel, options.family));
		if (options.oneline) return ok(renderIpAddrOneline(kernel, 'gnu', options.family));
		return ok(renderIpAddr(kernel, 'gnu', {family: options.family}));
	}
	if (name === 'link') {
		if (options.json) return ok(renderIpLinkJson(kernel, {details: options.details}));
		return fail('netinspect lab: only `ip -j link` and `ip -d -j link` are simulated\n', 255);
	}
	if (name === 'rule') return ok(options.json ? renderIpRuleJson(kernel, options.family) : renderIpRule(kernel, options.family));
	const table = routeTable(rest);
	if (table === null) return fail(`Error: argument "${rest.join(' ')}" is wrong: table id value is invalid\n\n`, 255);
	const routeOptions: IpRouteOptions = {table, family: options.family};
	return ok(options.json ? renderIpRouteJson(kernel, routeOptions) : renderIpRoute(kernel, routeOptions, 'gnu'));
}

function busyboxIp(kernel: NodeKernel, args: readonly string[]): CommandOutcome {
	let family: Family | null = null;
	let oneline = false;
	let i = 0;
	for (; i < args.length && args[i]!.startsWith('-'); i++) {
		const arg = args[i]!;
		if (arg === '-o' || arg === '-oneline') oneline = true;
		else if (arg === '-4') family = 4;
		else if (arg === '-6') family = 6;
		else if (arg === '-f' || arg === '-family') {
			const value = args[++i];
			if (value === 'inet') family = 4;
			else if (value === 'inet6') family = 6;
			else return fail(busyboxIpUsage, 1);
		} else return fail(busyboxIpUsage, 1);
	}
	const [object = 'address', verb, ...rest] = args.slice(i);
	const name = matches(object, ['address', 'route', 'rule', 'link']);
	if (name === null || name === 'link') return fail(busyboxIpUsage, 1);
	if (verb !== undefined && !matches(verb, ['show', 'list', 'lst'])) return fail(busyboxIpUsage, 1);
	if (name === 'address') return ok(oneline ? renderIpAddrOneline(kernel, 'busybox', family) : renderIpAddr(kernel, 'busybox', {family}));
	if (name === 'rule') return ok(renderIpRule(kernel, family, 'busybox'));
	const table = routeTable(rest);
	if (table === null) return fail(busyboxIpUsage, 1);
	return ok(renderIpRoute(kernel, {table, family}, 'busybox'));
}
