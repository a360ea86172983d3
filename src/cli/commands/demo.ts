import { parseArgs } from 'node:util';
import { CliError, type CliCommand } from '../types.ts';
import { withServices } from '../context.ts';
import { seedDemo } from '../../app/demo.ts';

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Create (or refresh) the fictional demo council',
  help: `Usage: cohesion demo [--seed N]

Creates the fictional demo council, "Demoshire", if it does not exist: its areas, generated
boundaries, population counts by ethnic group, partner organisations and a demo administrator.
The generator is deterministic: the same seed gives the same council. Prints the demo
administrator's email and a freshly set password.`,
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, strict: true, options: { seed: { type: 'string' } } });
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && !Number.isInteger(seed)) throw new CliError('--seed must be a whole number');
    return withServices(io, async ({ container }) => {
      const c = await seedDemo(container, { seed });
      io.stdout.write(`demo council ready: /c/${c.slug}\n  email:    ${c.email}\n  password: ${c.password}\n`);
      return 0;
    });
  },
};
