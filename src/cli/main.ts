import { CliError, type CliContext, type CliIo } from './types.ts';
import { COMMANDS, type CommandEntry } from './registry.ts';

export { COMMANDS };

/** Commands that need the database get every module, built on the configured one (loaded only then). */
const context: CliContext = {
  withServices: async (io, fn) => (await import('./context.ts')).withServices(io, fn),
};

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: cohesion <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `cohesion <command> --help` for the options of a command.',
    'Configuration comes from environment variables (see README.md).',
    '',
  ].join('\n');
}

/** Finds the longest command name that prefixes argv ("import boundaries" before "import"). */
export function resolveCommand(argv: string[]): { command: CommandEntry; rest: string[] } | null {
  const matches = COMMANDS.map((c) => ({ c, words: c.name.split(' ') }))
    .filter(({ words }) => words.every((w, i) => argv[i] === w))
    .sort((a, b) => b.words.length - a.words.length);
  if (!matches.length) return null;
  return { command: matches[0].c, rest: argv.slice(matches[0].words.length) };
}

/** Runs the CLI; never throws: failures print `cohesion: <reason>` and return a non-zero code. */
export async function main(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  if (!argv.length || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout.write(usage());
    return argv.length ? 0 : 2;
  }
  const resolved = resolveCommand(argv);
  if (!resolved) {
    const group = COMMANDS.filter((c) => c.name.startsWith(argv[0] + ' '));
    if (group.length) {
      io.stderr.write(`cohesion: '${argv.join(' ')}' needs a subcommand: ${group.map((c) => c.name).join(', ')}\n`);
    } else {
      io.stderr.write(`cohesion: unknown command '${argv[0]}'. Run 'cohesion --help' for the list.\n`);
    }
    return 2;
  }
  const { rest } = resolved;
  const command = await resolved.command.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.help.endsWith('\n') ? command.help : command.help + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io, context);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr.write(`cohesion: ${err.message}\n`);
      return err.exitCode;
    }
    // A configuration problem (src/config.ts), told apart by name so this file need not load the schema.
    if (err instanceof Error && err.name === 'ConfigError') {
      io.stderr.write(`cohesion: ${err.message}\n`);
      return 2;
    }
    if (
      err &&
      typeof err === 'object' &&
      'code' in err &&
      typeof (err as { code: unknown }).code === 'string' &&
      (err as { code: string }).code.startsWith('ERR_PARSE_ARGS')
    ) {
      io.stderr.write(`cohesion: ${String((err as unknown as Error).message).split('\n')[0]}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    io.stderr.write(`cohesion: ${command.name} failed: ${message}\n`);
    return 1;
  }
}
