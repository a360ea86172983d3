/**
 * The contract every CLI command implements. A command never calls process.exit
 * and never throws to the user: it writes to the given streams and returns an exit code.
 * Throw a CliError for a one-line, user-facing failure; the dispatcher prints
 * `cohesion: <message>` and exits non-zero.
 */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

export interface CliCommand {
  /** e.g. "segregation" or "survey rake" */
  name: string;
  summary: string;
  /** Full --help text. */
  help: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
