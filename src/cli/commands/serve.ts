import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { CliError, type CliCommand } from '../types.ts';
import { startServer, closeOnSignals } from '../../server/serve.ts';
import { seedDemo } from '../../app/demo.ts';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Start the web service',
  help: `Usage: cohesion serve [--demo] [--port N] [--host H]

Starts the web service on PORT (default 3000), applying any pending migrations first.
Uses PostgreSQL at DATABASE_URL, or the embedded database in DATA_DIR (default ./data).

Options:
  --demo     create the fictional demo council if it is missing, and print the demo
             administrator's email and a fresh password (also DEMO=true)
  --port N   port to listen on (overrides PORT)
  --host H   address to listen on (overrides HOST; default 127.0.0.1)`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: { demo: { type: 'boolean' }, port: { type: 'string' }, host: { type: 'string' } },
    });
    const env = { ...io.env };
    if (values.port !== undefined) {
      if (!/^\d+$/.test(values.port)) throw new CliError('--port must be a number');
      env.PORT = values.port;
    }
    if (values.host !== undefined) env.HOST = values.host;
    const config = loadConfig(env);
    const demo = values.demo || env.DEMO === 'true';
    let credentials: { email: string; password: string; slug: string } | null = null;
    const server = await startServer(config, {
      onReady: async (container) => {
        if (demo) credentials = await seedDemo(container);
      },
    }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE')
        throw new CliError(`port ${config.port} is already in use; set PORT to another port`);
      throw err;
    });
    closeOnSignals(server, (m) => io.stderr.write(`${m}\n`));
    io.stdout.write(`\nCohesion Observatory is running at ${server.url}  (database: ${server.db.kind})\n`);
    if (credentials) {
      const c = credentials as { email: string; password: string; slug: string };
      io.stdout.write(
        `\nFictional demo council: ${server.url}/c/${c.slug}\n` +
          `  Demo administrator email:    ${c.email}\n` +
          `  Demo administrator password: ${c.password}\n` +
          `  (a new password is set each time the service starts with --demo)\n\n`,
      );
    }
    // Keep running until a signal closes the server.
    await new Promise<void>((resolve) => server.app.server.once('close', () => resolve()));
    return 0;
  },
};
