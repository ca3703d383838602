/**
 * The files a node's tools read (`/proc/net/route`, `/etc/hostname`, /proc/sys/net, render-sysctl.ts), and
 * `cat`, `grep [-rsHh] . PATH…` and the shell's `*` globs over them, printing what coreutils / GNU grep and
 * BusyBox print (stdout, stderr, exit code). Only the pattern `.` (every non-empty line) is simulated. Pure.
 */
import type {NodeKernel} from './node-kernel.js';
import {renderProcNetRoute} from './render-route-n.js';
import {sysctlFiles, type SysctlFile} from './render-sysctl.js';
import type {ToolFlavor} from './tool-flavor.js';

export type FileOutcome = {readonly stdout: string; readonly stderr: string; readonly exitCode: number};

type TreeFile = SysctlFile & {readonly complete: boolean};

type Tree = {
	readonly files: readonly TreeFile[];
	readonly byPath: ReadonlyMap<string, TreeFile>;
};

function tree(kernel: NodeKernel): Tree {
	let procNetRoute: string | null = null;
	const files: TreeFile[] = [
		{path: '/etc/hostname', value: `${kernel.hostname}\n`, complete: false},
		// Rendered when read (5,000 lines on a big cluster's node): a grep of /proc/sys does not need it.
		{
			path: '/proc/net/route',
			get value() {
				return (procNetRoute ??= renderProcNetRoute(kernel));
			},
			complete: false,
		},
		...sysctlFiles(kernel),
	];
	return {files, byPath: new Map(files.map(file => [file.path, file]))};
}

/** `/a//b/` → `/a/b`: the kernel and the tools resolve repeated and trailing slashes. */
function normal(path: string): string {
	const text = path.replace(/\/+/g, '/');
	return text.length > 1 && text.endsWith('/') ? text.slice(0, -1) : text;
}

function isDirectory(files: Tree['files'], path: string): boolean {
	const prefix = `${normal(path)}/`;
	return files.some(file => file.path.startsWith(prefix));
}

export function catFiles(kernel: NodeKernel, paths: readonly string[], flavor: ToolFlavor): FileOutcome {
	const {files, byPath} = tree(kernel);
	let stdout = '';
	let stderr = '';
	for (const path of paths) {
		const value = byPath.get(normal(path))?.value;
		if (value !== undefined) stdout += value;
		else if (isDirectory(files, path)) stderr += flavor === 'busybox' ? `cat: read error: Is a directory\n` : `cat: ${path}: Is a directory\n`;
		else stderr += flavor === 'busybox' ? `cat: can't open '${path}': No such file or directory\n` : `cat: ${path}: No such file or directory\n`;
	}
	return {stdout, stderr, exitCode: stderr === '' ? 0 : 1};
}

type GrepOptions = {readonly recursive: boolean; readonly names: boolean | null; readonly silent: boolean; readonly paths: readonly string[]};

function grepOptions(args: readonly string[]): GrepOptions | {readonly error: string} {
	let recursive = false;
	let names: boolean | null = null;
	let silent = false;
	let pattern: string | null = null;
	const paths: string[] = [];
	for (const arg of args) {
		if (arg.startsWith('-') && arg.length > 1 && pattern === null) {
			for (const letter of arg.slice(1)) {
				if (letter === 'r' || letter === 'R') recursive = true;
				else if (letter === 'H') names = true;
				else if (letter === 'h') names = false;
				else if (letter === 's') silent = true;
				else return {error: `netinspect lab: grep -${letter} is not simulated (only -r, -R, -H, -h, -s)\n`};
			}
		} else if (pattern === null) pattern = arg;
		else paths.push(arg);
	}
	if (pattern !== '.') return {error: "netinspect lab: grep only simulates the pattern '.' (every non-empty line)\n"};
	if (paths.length === 0) return {error: 'netinspect lab: grep needs a path (standard input is not simulated)\n'};
	return {recursive, names, silent, paths};
}

/** `grep . FILE…` / `grep -r . DIR…`: every non-empty line, prefixed with its file when there may be several. */
export function grepFiles(kernel: NodeKernel, args: readonly string[], flavor: ToolFlavor): FileOutcome {
	const options = grepOptions(args);
	if ('error' in options) return {stdout: '', stderr: options.error, exitCode: 2};
	const {files, byPath} = tree(kernel);
	const prefixNames = options.names ?? (options.recursive || options.paths.length > 1);
	let stdout = '';
	let stderr = '';
	let matched = false;
	let errors = false;
	const emit = (shown: string, value: string) => {
		for (const line of value.split('\n')) {
			if (line === '') continue;
			matched = true;
			stdout += prefixNames ? `${shown}:${line}\n` : `${line}\n`;
		}
	};
	for (const path of options.paths) {
		const value = byPath.get(normal(path))?.value;
		if (value !== undefined) {
			emit(path, value);
			continue;
		}
		if (!isDirectory(files, path)) {
			errors = true;
			if (!options.silent) stderr += `grep: ${path}: No such file or directory\n`;
			continue;
		}
		if (!options.recursive) {
			// GNU grep complains; BusyBox reads nothing from a directory and says nothing.
			if (flavor === 'busybox') continue;
			errors = true;
			if (!options.silent) stderr += `grep: ${path}: Is a directory\n`;
			continue;
		}
		const prefix = `${normal(path)}/`;
		const inside = files.filter(file => file.path.startsWith(prefix));
		if (inside.some(file => !file.complete)) {
			return {stdout: '', stderr: `netinspect lab: grep -r of ${path} is not simulated (only under /proc/sys/net/ipv4/conf)\n`, exitCode: 2};
		}
		// The path as given, then the rest of each file's path: `conf/` and `conf` both print `conf/all/…`.
		const shownBase = path.endsWith('/') ? path : `${path}/`;
		for (const file of inside) emit(`${shownBase}${file.path.slice(prefix.length)}`, file.value);
	}
	return {stdout, stderr, exitCode: errors ? 2 : matched ? 0 : 1};
}

/** The shell's pathname expansion of one word (`*`, `?`) over the simulated files; no match keeps the word. */
export function expandGlob(kernel: NodeKernel, word: string): readonly string[] {
	if (!/[*?]/.test(word) || !word.startsWith('/')) return [word];
	const {files} = tree(kernel);
	const parts = word.split('/');
	const segment = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
	const matchers = parts.map(segment);
	const found = new Set<string>();
	for (const file of files) {
		const fileParts = file.path.split('/');
		if (fileParts.length < parts.length) continue;
		const candidate = fileParts.slice(0, parts.length);
		if (candidate.every((part, index) => matchers[index]!.test(part) && (index > 0 || part === ''))) {
			// Hidden entries need an explicit dot; the lab has none.
			found.add(candidate.join('/'));
		}
	}
	if (found.size === 0) return [word];
	return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
