/** Admin's command-line commands: `users create` and `users invite`. */
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CliError, type CliCommand } from '../../cli/types.ts';
import { ROLES, type Role } from '../../kernel/access.ts';
import { DomainError } from '../../kernel/errors.ts';
import { systemActor } from '../../kernel/actor.ts';
import { translate } from '../../i18n/index.ts';

const OPTIONS = {
  council: { type: 'string' },
  email: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  organisation: { type: 'string' },
  'password-stdin': { type: 'boolean' },
} as const;

interface Parsed {
  council: string;
  email: string;
  name: string;
  role: Role;
  organisation: string | null;
  passwordStdin: boolean;
}

function parse(argv: string[]): Parsed {
  const { values } = parseArgs({ args: argv, strict: true, options: OPTIONS });
  if (!values.council) throw new CliError('--council SLUG is required');
  const email = z.string().email().safeParse(values.email?.trim().toLowerCase());
  if (!email.success) throw new CliError('--email must be a valid email address');
  if (!values.name?.trim()) throw new CliError('--name is required');
  if (!values.role || !(ROLES as readonly string[]).includes(values.role))
    throw new CliError(`--role must be one of ${ROLES.join(', ')}`);
  return {
    council: values.council,
    email: email.data,
    name: values.name.trim(),
    role: values.role as Role,
    organisation: values.organisation ?? null,
    passwordStdin: values['password-stdin'] ?? false,
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function domain(err: unknown): never {
  if (err instanceof DomainError) throw new CliError(translate('en', err.key));
  throw err;
}

export const usersCreateCommand: CliCommand = {
  name: 'users create',
  summary: 'Create a user with a password and add them to a council',
  help: `Usage: cohesion users create --council SLUG --email EMAIL --name NAME --role ROLE [--organisation ID] [--password-stdin]

Creates the account (or updates an existing one) and gives it ROLE in the council.
ROLE is one of: ${ROLES.join(', ')}. Partners need --organisation (a partner organisation id).
Without --password-stdin a strong password is generated and printed once.`,
  async run(argv, io, ctx) {
    const p = parse(argv);
    const password = p.passwordStdin ? await readStdin() : randomBytes(15).toString('base64url');
    return ctx.withServices(io, async ({ services }) => {
      const council = await services.councils.bySlug(p.council);
      if (!council) throw new CliError(`no council with slug '${p.council}'`);
      await services.admin
        .createUser(systemActor(council, 'cli'), {
          email: p.email,
          displayName: p.name,
          role: p.role,
          organisationId: p.organisation,
          password,
        })
        .catch(domain);
      io.stdout.write(`created ${p.email} as ${p.role} in ${council.name}\n`);
      if (!p.passwordStdin) io.stdout.write(`password: ${password}\n`);
      return 0;
    });
  },
};

export const usersInviteCommand: CliCommand = {
  name: 'users invite',
  summary: 'Invite a user by email with a single-use link',
  help: `Usage: cohesion users invite --council SLUG --email EMAIL --name NAME --role ROLE [--organisation ID]

Sends an invitation email (GOV.UK Notify, or the local outbox when NOTIFY_API_KEY is not set)
with a single-use link that expires after INVITE_TTL_HOURS, and prints the link.`,
  async run(argv, io, ctx) {
    const p = parse(argv);
    if (p.passwordStdin) throw new CliError('--password-stdin does not apply to invitations');
    return ctx.withServices(io, async ({ services, config }) => {
      const council = await services.councils.bySlug(p.council);
      if (!council) throw new CliError(`no council with slug '${p.council}'`);
      const t = (key: string, params?: Record<string, string | number>) => translate('en', key, params);
      const { link } = await services.admin
        .invite(
          systemActor(council, 'cli'),
          { email: p.email, displayName: p.name, role: p.role, organisationId: p.organisation },
          t('admin.users.inviteEmail.subject', { council: council.name }),
          (l) =>
            t('admin.users.inviteEmail.body', {
              name: p.name,
              council: council.name,
              link: l,
              hours: Math.round(config.inviteTtlMs / 3_600_000),
            }),
        )
        .catch(domain);
      io.stdout.write(`invited ${p.email} as ${p.role} to ${council.name}\n${link}\n`);
      return 0;
    });
  },
};

/** In the order `cohesion --help` lists them. */
export const adminCommands: readonly CliCommand[] = [usersCreateCommand, usersInviteCommand];
