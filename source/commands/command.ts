/** The shape every command module exports: it parses its own flags and returns an exit code. */
export type CommandIo = {
	readonly argv: readonly string[];
	readonly stdin: NodeJS.ReadableStream;
	readonly stdout: NodeJS.WritableStream;
	readonly stderr: NodeJS.WritableStream;
	readonly env: Readonly<Record<string, string | undefined>>;
};

export type Command = {
	readonly name: string;
	/** One line for `netinspect --help`. */
	readonly summary: string;
	readonly run: (io: CommandIo) => Promise<number>;
};

/** Exit codes: 0 done (problems found are data), 1 failed at run time, 2 unusable arguments or input. */
export const exitCodes = {ok: 0, failed: 1, usage: 2} as const;
