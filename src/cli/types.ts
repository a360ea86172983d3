import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import type { AppServices, Container } from '../app/container.ts';

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

/** What the dispatcher gives a command that needs the database: every module built on the configured one. */
export interface CliContext {
  withServices<T>(
    io: CliIo,
    fn: (ctx: { config: Config; db: Db; services: AppServices; container: Container }) => Promise<T>,
  ): Promise<T>;
}

export interface CliCommand {
  /** e.g. "segregation" or "survey rake" */
  name: string;
  summary: string;
  /** Full --help text. */
  help: string;
  run(argv: string[], io: CliIo, ctx: CliContext): Promise<number>;
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
