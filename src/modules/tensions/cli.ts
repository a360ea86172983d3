/**
 * `cohesion tensions retention`: erases personal data in tension reports and intelligence older than each
 * council's retention period (and expired drafts of the public form), keeping the anonymous statistics.
 * The web server also runs this hourly (the `tensions.retention` job); the command is for cron jobs and for
 * checking what it does.
 */
import { parseArgs } from 'node:util';
import { CliError, type CliCommand } from '../../cli/types.ts';

export const tensionsRetentionCommand: CliCommand = {
  name: 'tensions retention',
  summary: 'Erase personal data in tension reports past each council’s retention period',
  help: `Usage: cohesion tensions retention [--now YYYY-MM-DD]

Erases the personal data of tension reports and intelligence received before each council's retention
period (set in the tension monitoring settings; 24 months by default): the account of what happened, the
location as typed, the reporter's view of the cause, contact details and the reporter's role, and the text of
case notes and status reasons. Dates, ward, motivations, status, severity and assignment are kept, so the
statistics do not change. Also deletes expired drafts of the public reporting form. Safe to run repeatedly.
Prints one line with the counts.

  --now DATE   Treat this date as today (for testing a policy); default: the current time.`,
  async run(argv, io, ctx) {
    const { values } = parseArgs({ args: argv, strict: true, options: { now: { type: 'string' } } });
    let now = new Date();
    if (values.now !== undefined) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(values.now) || Number.isNaN(new Date(`${values.now}T00:00:00Z`).getTime())) {
        throw new CliError('--now must be a date like 2025-01-31');
      }
      now = new Date(`${values.now}T00:00:00Z`);
    }
    return ctx.withServices(io, async ({ services }) => {
      const out = await services.tensions.retention.eraseExpired(now);
      io.stdout.write(
        `erased personal data from ${out.reports} reports and ${out.intelligence} intelligence entries in ${out.councils} councils; deleted ${out.drafts} expired drafts\n`,
      );
      return 0;
    });
  },
};
