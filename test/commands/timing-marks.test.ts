/**
 * Timing marks (NETINSPECT_TIMING=FILE): one `NAME MS` line per mark; frames are marked after the write that
 * follows what they show. Only presence and order are checked here: the figures belong to `npm run bench`.
 */
import {mkdtempSync, readFileSync, rmSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, describe, expect, it} from 'vitest';
import {createTimingMarks, timingVariable} from '../../source/commands/timing-marks.js';
import type {ClusterSnapshot, ProbeState} from '../../source/kube/types.js';

const directories: string[] = [];
afterEach(() => {
	for (const directory of directories.splice(0)) rmSync(directory, {recursive: true, force: true});
});

function marksFile(): string {
	const directory = mkdtempSync(join(tmpdir(), 'netinspect-marks-'));
	directories.push(directory);
	return join(directory, 'marks');
}

function lines(file: string): string[][] {
	return readFileSync(file, 'utf8').trim().split('\n').map(line => line.split(' '));
}

const snapshot = (nodes: number, status: ClusterSnapshot['connection']['status']): ClusterSnapshot =>
	({nodes: Array.from({length: nodes}), pods: [], connection: {status, since: 0, error: null, attempts: 0}, version: 1}) as unknown as ClusterSnapshot;

/** Marks into a new file on a clock that ticks once per reading, watching a fake terminal. */
function watched() {
	const file = marksFile();
	let time = 0;
	const marks = createTimingMarks({[timingVariable]: file}, () => (time += 1));
	const stdin = new PassThrough();
	const stdout = new PassThrough();
	return {file, marks, stdin, stdout, undo: marks.watchTerminal(stdin, stdout)};
}

describe('timing marks', () => {
	it('does nothing without the variable: no file, stdout.write untouched', () => {
		const marks = createTimingMarks({});
		const stdout = new PassThrough();
		const write = stdout.write;
		const undo = marks.watchTerminal(new PassThrough(), stdout);
		expect(stdout.write).toBe(write);
		marks.mark('anything');
		undo();
		expect(marks.enabled).toBe(false);
	});

	it('marks the first frame, the lists and a key, each followed by the frame that shows it', () => {
		const {file, marks, stdin, stdout, undo} = watched();
		stdout.write('frame 1');
		marks.watchSnapshot(snapshot(0, 'connecting'));
		marks.watchSnapshot(snapshot(4, 'connecting'));
		stdout.write('frame 2');
		marks.watchSnapshot(snapshot(4, 'live'));
		marks.watchSnapshot(snapshot(4, 'live'));
		stdout.write('frame 3');
		stdin.write('j');
		stdout.write('frame 4');
		stdout.write('frame 5');
		undo();
		stdout.write('not marked');
		expect(lines(file).map(([name]) => name)).toEqual(['first-frame', 'nodes-listed', 'nodes-frame', 'pods-listed', 'pods-frame', 'key', 'key-frame']);
		const times = lines(file).map(([, ms]) => Number(ms));
		expect(times).toEqual([...times].sort((a, b) => a - b));
	});

	it('marks the first pods while the list pages, and each node\'s first tables, with the frames after', () => {
		const {file, marks, stdin, stdout, undo} = watched();
		stdout.write('frame 1');
		const paging = {...snapshot(4, 'connecting'), pods: [{}]} as unknown as ClusterSnapshot;
		marks.watchSnapshot(paging);
		marks.watchSnapshot(paging);
		stdout.write('frame 2');
		const probe = (node: string, refreshedAt: number | null) => ({node, refreshedAt}) as unknown as ProbeState;
		marks.watchProbe(null);
		marks.watchProbe(probe('a', null));
		marks.watchProbe(probe('a', 5));
		marks.watchProbe(probe('a', 10));
		stdout.write('frame 3');
		marks.watchProbe(probe('b', 12));
		stdout.write('frame 4');
		undo();
		expect(lines(file).map(([name]) => name)).toEqual(['first-frame', 'nodes-listed', 'pods-first', 'nodes-frame', 'pods-first-frame', 'tables', 'tables-frame', 'tables', 'tables-frame']);
	});

	it('turns itself off when the file cannot be written, instead of failing the app', () => {
		const file = join(marksFile(), 'missing-directory', 'marks');
		const marks = createTimingMarks({[timingVariable]: file});
		expect(() => {
			marks.mark('first-frame');
			marks.mark('key');
		}).not.toThrow();
		expect(existsSync(file)).toBe(false);
	});
});
